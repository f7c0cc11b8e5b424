using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ConsentLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConsentAnchors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Deleted = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentAnchors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConsentRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    VisitorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VisitorLookup = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Categories = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Services = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Gpc = table.Column<bool>(type: "INTEGER", nullable: false),
                    TextHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PolicyVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentAnchors_Sequence",
                table: "ConsentAnchors",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_RecordedAt",
                table: "ConsentRecords",
                column: "RecordedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_Sequence",
                table: "ConsentRecords",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_VisitorLookup",
                table: "ConsentRecords",
                column: "VisitorLookup");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentAnchors");

            migrationBuilder.DropTable(
                name: "ConsentRecords");
        }
    }
}
