using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RequestLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "RightsRequests",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "en");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Language",
                table: "RightsRequests");
        }
    }
}
