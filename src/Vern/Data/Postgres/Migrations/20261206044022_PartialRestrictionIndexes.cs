using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PartialRestrictionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subjects_MarketingObjectionAt",
                table: "Subjects");

            migrationBuilder.DropIndex(
                name: "IX_Subjects_RestrictedAt",
                table: "Subjects");

            migrationBuilder.CreateIndex(
                name: "IX_Subjects_MarketingObjectionAt",
                table: "Subjects",
                column: "MarketingObjectionAt",
                filter: "\"MarketingObjectionAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Subjects_RestrictedAt",
                table: "Subjects",
                column: "RestrictedAt",
                filter: "\"RestrictedAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subjects_MarketingObjectionAt",
                table: "Subjects");

            migrationBuilder.DropIndex(
                name: "IX_Subjects_RestrictedAt",
                table: "Subjects");

            migrationBuilder.CreateIndex(
                name: "IX_Subjects_MarketingObjectionAt",
                table: "Subjects",
                column: "MarketingObjectionAt");

            migrationBuilder.CreateIndex(
                name: "IX_Subjects_RestrictedAt",
                table: "Subjects",
                column: "RestrictedAt");
        }
    }
}
