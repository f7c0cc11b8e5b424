using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsVisitorDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AnalyticsEvents_Visitor",
                table: "AnalyticsEvents");

            migrationBuilder.CreateTable(
                name: "AnalyticsVisitorDays",
                columns: table => new
                {
                    Visitor = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsVisitorDays", x => new { x.Visitor, x.Day });
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsVisitorDays_Day",
                table: "AnalyticsVisitorDays",
                column: "Day");

            // The days of the events stored before, so that they are still found for access and erasure.
            migrationBuilder.Sql("""
                INSERT INTO "AnalyticsVisitorDays" ("Visitor", "Day")
                SELECT DISTINCT "Visitor", date("OccurredAt") FROM "AnalyticsEvents" WHERE NOT "Cookieless"
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsVisitorDays");

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsEvents_Visitor",
                table: "AnalyticsEvents",
                column: "Visitor");
        }
    }
}
