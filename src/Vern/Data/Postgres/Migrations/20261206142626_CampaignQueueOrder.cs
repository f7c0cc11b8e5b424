using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CampaignQueueOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CampaignMessages_CampaignId_Status_NextAttemptAt",
                table: "CampaignMessages");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignMessages_CampaignId_Status_Id",
                table: "CampaignMessages",
                columns: new[] { "CampaignId", "Status", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CampaignMessages_CampaignId_Status_Id",
                table: "CampaignMessages");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignMessages_CampaignId_Status_NextAttemptAt",
                table: "CampaignMessages",
                columns: new[] { "CampaignId", "Status", "NextAttemptAt" });
        }
    }
}
