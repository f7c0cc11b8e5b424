using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnalyticsHours",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Site = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Hour = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Visitors = table.Column<int>(type: "INTEGER", nullable: false),
                    PageViews = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsHours", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsHours_Site_Hour",
                table: "AnalyticsHours",
                columns: new[] { "Site", "Hour" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsHours");
        }
    }
}
