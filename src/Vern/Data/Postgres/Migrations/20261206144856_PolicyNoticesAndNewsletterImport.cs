using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PolicyNoticesAndNewsletterImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CampaignMessages_CampaignId_Status_NextAttemptAt",
                table: "CampaignMessages");

            migrationBuilder.AddColumn<string>(
                name: "ImportBasis",
                table: "Subscribers",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImportSource",
                table: "Subscribers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ImportedAt",
                table: "Subscribers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShortNoticeReason",
                table: "PolicyVersions",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Audience",
                table: "Campaigns",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Campaigns",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "newsletter");

            migrationBuilder.AddColumn<int>(
                name: "PolicyVersionId",
                table: "Campaigns",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SubjectId",
                table: "CampaignMessages",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_PolicyVersionId",
                table: "Campaigns",
                column: "PolicyVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignMessages_CampaignId_Status_Id",
                table: "CampaignMessages",
                columns: new[] { "CampaignId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignMessages_SubjectId",
                table: "CampaignMessages",
                column: "SubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Campaigns_PolicyVersionId",
                table: "Campaigns");

            migrationBuilder.DropIndex(
                name: "IX_CampaignMessages_CampaignId_Status_Id",
                table: "CampaignMessages");

            migrationBuilder.DropIndex(
                name: "IX_CampaignMessages_SubjectId",
                table: "CampaignMessages");

            migrationBuilder.DropColumn(
                name: "ImportBasis",
                table: "Subscribers");

            migrationBuilder.DropColumn(
                name: "ImportSource",
                table: "Subscribers");

            migrationBuilder.DropColumn(
                name: "ImportedAt",
                table: "Subscribers");

            migrationBuilder.DropColumn(
                name: "ShortNoticeReason",
                table: "PolicyVersions");

            migrationBuilder.DropColumn(
                name: "Audience",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "PolicyVersionId",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SubjectId",
                table: "CampaignMessages");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignMessages_CampaignId_Status_NextAttemptAt",
                table: "CampaignMessages",
                columns: new[] { "CampaignId", "Status", "NextAttemptAt" });
        }
    }
}
