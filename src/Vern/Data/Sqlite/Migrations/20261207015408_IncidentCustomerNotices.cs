using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IncidentCustomerNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IncidentCustomerNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NotifiedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Contacts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentCustomerNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentCustomerNotices_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentCustomerNotices_IncidentId_CustomerId",
                table: "IncidentCustomerNotices",
                columns: new[] { "IncidentId", "CustomerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IncidentCustomerNotices");
        }
    }
}
