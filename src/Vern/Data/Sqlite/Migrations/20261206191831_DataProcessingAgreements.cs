using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DataProcessingAgreements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DpaAcceptances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    TextHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AcceptedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Receipt = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Paper = table.Column<byte[]>(type: "BLOB", nullable: true),
                    PaperType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DpaAcceptances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DpaInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DpaInvitations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DpaVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Markdown = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Html = table.Column<string>(type: "TEXT", nullable: true),
                    TextHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: true),
                    ChangeSummary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DpaVersions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DpaAcceptances_CustomerId_VersionNumber",
                table: "DpaAcceptances",
                columns: new[] { "CustomerId", "VersionNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_DpaAcceptances_SubjectId",
                table: "DpaAcceptances",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_DpaInvitations_CustomerId",
                table: "DpaInvitations",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_DpaInvitations_SubjectId",
                table: "DpaInvitations",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_DpaInvitations_TokenHash",
                table: "DpaInvitations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DpaVersions_Number",
                table: "DpaVersions",
                column: "Number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DpaAcceptances");

            migrationBuilder.DropTable(
                name: "DpaInvitations");

            migrationBuilder.DropTable(
                name: "DpaVersions");
        }
    }
}
