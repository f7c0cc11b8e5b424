using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RetentionDueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Submissions_SubjectId",
                table: "Submissions");

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_SubjectId_SubmittedAt",
                table: "Submissions",
                columns: new[] { "SubjectId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_SubmittedAt",
                table: "Submissions",
                column: "SubmittedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Subjects_MarketingObjectionAt",
                table: "Subjects",
                column: "MarketingObjectionAt");

            migrationBuilder.CreateIndex(
                name: "IX_Subjects_RestrictedAt",
                table: "Subjects",
                column: "RestrictedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Submissions_SubjectId_SubmittedAt",
                table: "Submissions");

            migrationBuilder.DropIndex(
                name: "IX_Submissions_SubmittedAt",
                table: "Submissions");

            migrationBuilder.DropIndex(
                name: "IX_Subjects_MarketingObjectionAt",
                table: "Subjects");

            migrationBuilder.DropIndex(
                name: "IX_Subjects_RestrictedAt",
                table: "Subjects");

            migrationBuilder.CreateIndex(
                name: "IX_Submissions_SubjectId",
                table: "Submissions",
                column: "SubjectId");
        }
    }
}
