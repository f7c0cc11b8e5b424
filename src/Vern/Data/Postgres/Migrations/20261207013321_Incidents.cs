using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Vern.Data.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ReportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AwareAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Nature = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Categories = table.Column<List<string>>(type: "text[]", nullable: false),
                    SubjectKinds = table.Column<List<string>>(type: "text[]", nullable: false),
                    ApproximateSubjects = table.Column<int>(type: "integer", nullable: true),
                    ApproximateRecords = table.Column<int>(type: "integer", nullable: true),
                    ContactPoint = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Consequences = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    MeasuresTaken = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    MeasuresProposed = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Risk = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RiskReasoning = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AuthorityNotifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AuthorityNotifiedHow = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DelayReason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RemindedAtHours = table.Column<int>(type: "integer", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncidentEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Step = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Detail = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
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
