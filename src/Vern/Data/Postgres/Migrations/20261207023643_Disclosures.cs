using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecipientName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Statute = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OrderReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DisclosedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DocumentReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Categories = table.Column<List<string>>(type: "text[]", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Gagged = table.Column<bool>(type: "boolean", nullable: false),
                    GagReviewOn = table.Column<DateOnly>(type: "date", nullable: true),
                    GagReason = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    GagLiftedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    GagLiftedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Disclosures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DisclosurePersons",
                columns: table => new
                {
                    DisclosureId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false)
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
