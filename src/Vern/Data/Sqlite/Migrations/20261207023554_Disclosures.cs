using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Disclosures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Disclosures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecipientName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Statute = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrderReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DisclosedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DocumentReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Categories = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Gagged = table.Column<bool>(type: "INTEGER", nullable: false),
                    GagReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    GagReason = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    GagLiftedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    GagLiftedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Disclosures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DisclosurePersons",
                columns: table => new
                {
                    DisclosureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisclosurePersons", x => new { x.DisclosureId, x.SubjectId });
                    table.ForeignKey(
                        name: "FK_DisclosurePersons_Disclosures_DisclosureId",
                        column: x => x.DisclosureId,
                        principalTable: "Disclosures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DisclosurePersons_SubjectId",
                table: "DisclosurePersons",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_DisclosedOn",
                table: "Disclosures",
                column: "DisclosedOn");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DisclosurePersons");

            migrationBuilder.DropTable(
                name: "Disclosures");
        }
    }
}
