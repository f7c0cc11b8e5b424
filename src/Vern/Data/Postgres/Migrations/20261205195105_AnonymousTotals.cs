using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Vern.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AnonymousTotals : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_SubjectHolds_Rule_ReleasedAt",
                table: "SubjectHolds",
                columns: new[] { "Rule", "ReleasedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnonymousTotals_Source_Purpose_Label_Period",
                table: "AnonymousTotals",
                columns: new[] { "Source", "Purpose", "Label", "Period" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnonymousTotals");

            migrationBuilder.DropIndex(
                name: "IX_SubjectHolds_Rule_ReleasedAt",
                table: "SubjectHolds");
        }
    }
}
