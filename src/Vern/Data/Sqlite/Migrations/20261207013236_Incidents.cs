using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Incidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ReportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AwareAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Nature = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Categories = table.Column<string>(type: "TEXT", nullable: false),
                    SubjectKinds = table.Column<string>(type: "TEXT", nullable: false),
                    ApproximateSubjects = table.Column<int>(type: "INTEGER", nullable: true),
                    ApproximateRecords = table.Column<int>(type: "INTEGER", nullable: true),
                    ContactPoint = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Consequences = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    MeasuresTaken = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    MeasuresProposed = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Risk = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RiskReasoning = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AuthorityNotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AuthorityNotifiedHow = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DelayReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RemindedAtHours = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncidentEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentEvents_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentEvents_IncidentId_At",
                table: "IncidentEvents",
                columns: new[] { "IncidentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ClosedAt",
                table: "Incidents",
                column: "ClosedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IncidentEvents");

            migrationBuilder.DropTable(
                name: "Incidents");
        }
    }
}
