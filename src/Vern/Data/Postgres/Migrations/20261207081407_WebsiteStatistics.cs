using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Vern.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WebsiteStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AnalyticsDays",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Site = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Dimension = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Visitors = table.Column<int>(type: "integer", nullable: false),
                    Visits = table.Column<int>(type: "integer", nullable: false),
                    PageViews = table.Column<int>(type: "integer", nullable: false),
                    Bounces = table.Column<int>(type: "integer", nullable: false),
                    Events = table.Column<int>(type: "integer", nullable: false),
                    EngagedBuckets = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsDays", x => x.Id);
                });

            // Raw events are partitioned by month, so retention drops a month at once (AnalyticsPartitions): the primary key
            // must then hold the partition key, and the id comes from a sequence, as PostgreSQL 15 has no identity columns
            // on partitioned tables. Rows outside every month's partition land in the default one.
            migrationBuilder.Sql("""
                CREATE SEQUENCE "AnalyticsEvents_Id_seq" AS bigint;
                CREATE TABLE "AnalyticsEvents" (
                    "Id" bigint NOT NULL DEFAULT nextval('"AnalyticsEvents_Id_seq"'),
                    "Site" character varying(253) NOT NULL,
                    "OccurredAt" timestamp with time zone NOT NULL,
                    "Kind" character varying(16) NOT NULL,
                    "Visitor" character varying(32) NOT NULL,
                    "Cookieless" boolean NOT NULL,
                    "Path" character varying(512) NOT NULL,
                    "ReferrerHost" character varying(253),
                    "UtmSource" character varying(100),
                    "UtmMedium" character varying(100),
                    "UtmCampaign" character varying(100),
                    "Screen" character varying(16) NOT NULL,
                    "Browser" character varying(32) NOT NULL,
                    "BrowserVersion" integer,
                    "Device" character varying(16) NOT NULL,
                    "EngagedMs" integer,
                    "Name" character varying(64),
                    "Props" character varying(500),
                    CONSTRAINT "PK_AnalyticsEvents" PRIMARY KEY ("Id", "OccurredAt")
                ) PARTITION BY RANGE ("OccurredAt");
                ALTER SEQUENCE "AnalyticsEvents_Id_seq" OWNED BY "AnalyticsEvents"."Id";
                CREATE TABLE "AnalyticsEvents_default" PARTITION OF "AnalyticsEvents" DEFAULT;
                DO $$
                DECLARE month date := date_trunc('month', now() AT TIME ZONE 'UTC');
                BEGIN
                    FOR i IN 0..2 LOOP
                        EXECUTE format('CREATE TABLE %I PARTITION OF "AnalyticsEvents" FOR VALUES FROM (%L) TO (%L)',
                            'AnalyticsEvents_' || to_char(month + make_interval(months => i), 'YYYY_MM'),
                            (month + make_interval(months => i))::date || ' 00:00:00+00', (month + make_interval(months => i + 1))::date || ' 00:00:00+00');
                    END LOOP;
                END $$;
                """);

            migrationBuilder.CreateTable(
                name: "AnalyticsSalts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Salt = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsSalts", x => x.Day);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsDays_Site_Day_Dimension_Value",
                table: "AnalyticsDays",
                columns: new[] { "Site", "Day", "Dimension", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsEvents_OccurredAt",
                table: "AnalyticsEvents",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsEvents_Site_OccurredAt",
                table: "AnalyticsEvents",
                columns: new[] { "Site", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsEvents_Visitor",
                table: "AnalyticsEvents",
                column: "Visitor");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsDays");

            migrationBuilder.DropTable(
                name: "AnalyticsEvents");

            migrationBuilder.DropTable(
                name: "AnalyticsSalts");
        }
    }
}
