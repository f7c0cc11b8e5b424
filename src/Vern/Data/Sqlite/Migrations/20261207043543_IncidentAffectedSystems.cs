using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IncidentAffectedSystems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AffectedActivities",
                table: "Incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "AffectedRecipients",
                table: "Incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "AffectedStores",
                table: "Incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "CustomersRemindedAtHours",
                table: "Incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AffectedActivities",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "AffectedRecipients",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "AffectedStores",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "CustomersRemindedAtHours",
                table: "Incidents");
        }
    }
}
