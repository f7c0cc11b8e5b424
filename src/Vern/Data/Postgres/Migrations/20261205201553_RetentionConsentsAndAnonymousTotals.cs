using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Vern.Data.Postgres.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnonymousTotals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RetentionConsents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rule = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    GivenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Period = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
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
