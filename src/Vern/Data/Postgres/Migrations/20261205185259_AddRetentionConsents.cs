using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddRetentionConsents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RetentionConsents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rule = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    GivenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PolicyVersion = table.Column<int>(type: "integer", nullable: true),
                    WithdrawnAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                name: "RetentionConsents");
        }
    }
}
