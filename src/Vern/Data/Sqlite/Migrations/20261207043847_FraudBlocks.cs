using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Vern.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FraudBlocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Blocks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EmailLookup = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Network = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PlacedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConfirmedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    LiftedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LiftedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    LiftReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Blocks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BlockContests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BlockId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Statement = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    OutcomeReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlockContests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BlockContests_Blocks_BlockId",
                        column: x => x.BlockId,
                        principalTable: "Blocks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BlockContests_BlockId",
                table: "BlockContests",
                column: "BlockId");

            migrationBuilder.CreateIndex(
                name: "IX_BlockContests_SubjectId",
                table: "BlockContests",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Blocks_EmailLookup",
                table: "Blocks",
                column: "EmailLookup");

            migrationBuilder.CreateIndex(
                name: "IX_Blocks_Network",
                table: "Blocks",
                column: "Network");

            migrationBuilder.CreateIndex(
                name: "IX_Blocks_SubjectId",
                table: "Blocks",
                column: "SubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BlockContests");

            migrationBuilder.DropTable(
                name: "Blocks");
        }
    }
}
