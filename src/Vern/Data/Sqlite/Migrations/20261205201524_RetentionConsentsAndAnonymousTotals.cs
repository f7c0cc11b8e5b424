using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RetentionConsentsAndAnonymousTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnonymousTotals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnonymousTotals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RetentionConsents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GivenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PolicyVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    WithdrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionConsents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RetentionConsents_Subjects_SubjectId",
                        column: x => x.SubjectId,
                        principalTable: "Subjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SubjectHolds_Rule_ReleasedAt",
                table: "SubjectHolds",
                columns: new[] { "Rule", "ReleasedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnonymousTotals_Source_Purpose_Label_Period",
                table: "AnonymousTotals",
                columns: new[] { "Source", "Purpose", "Label", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RetentionConsents_Rule_SubjectId",
                table: "RetentionConsents",
                columns: new[] { "Rule", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionConsents_SubjectId",
                table: "RetentionConsents",
                column: "SubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnonymousTotals");

            migrationBuilder.DropTable(
                name: "RetentionConsents");

            migrationBuilder.DropIndex(
                name: "IX_SubjectHolds_Rule_ReleasedAt",
                table: "SubjectHolds");
        }
    }
}
