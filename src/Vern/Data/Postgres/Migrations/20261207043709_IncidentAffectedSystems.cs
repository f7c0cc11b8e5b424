using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IncidentAffectedSystems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "AffectedActivities",
                table: "Incidents",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<List<string>>(
                name: "AffectedRecipients",
                table: "Incidents",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<List<string>>(
                name: "AffectedStores",
                table: "Incidents",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<int>(
                name: "CustomersRemindedAtHours",
                table: "Incidents",
                type: "integer",
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
