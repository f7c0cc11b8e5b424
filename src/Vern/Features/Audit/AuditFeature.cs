using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Data;
using Vern.Features.Staff;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Audit;

internal static class AuditFeature
{
    public static void AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IPersonalDataSource, AuditSource>();
        builder.Services.AddSingleton<ChainCheckpoints>();
        if (builder.Configuration.GetValue("Vern:Checkpoints:Enabled", true))
            builder.Services.AddHostedService<CheckpointJob>();
    }

    public static void MapAudit(this WebApplication app)
    {
        var group = app.MapGroup("/api/admin/audit")
            .WithTags("Audit")
            .RequireAuthorization(StaffPolicies.ViewAudit);
        group.MapGet("/", List).WithName("ListAuditEntries").WithSummary("Browse the audit trail, newest first.");
        group.MapGet("/verify", Verify).WithName("VerifyAuditChain").WithSummary("Verify the hash chain of the audit trail against its signed checkpoints.");
        group.MapGet("/checkpoints", Checkpoints).WithName("GetChainCheckpoints")
            .WithSummary("The signed checkpoints of the audit trail and the consent ledger, one compact JWS (ES256, keys in /.well-known/jwks.json) a line.")
            .Produces(StatusCodes.Status200OK, contentType: "text/plain");
    }

    private static async Task<Ok<List<AuditEntryView>>> List(AppDb db, Guid? subjectId, string? actor, string? action, DateTime? from, DateTime? to, int? limit, CancellationToken ct)
    {
        var entries = await AuditQuery.Handle(db, new AuditFilter(subjectId, actor, action, from, to, limit ?? 200), ct);
        return TypedResults.Ok(entries.Select(e => new AuditEntryView(e.Sequence, e.At, e.Actor, e.Action, e.SubjectId, e.Reason, e.Details, e.Hash)).ToList());
    }

    private static async Task<Ok<AuditVerification>> Verify(AppDb db, ChainCheckpoints checkpoints, CancellationToken ct) =>
        TypedResults.Ok(await AuditChain.VerifyAsync(db, checkpoints.Read(CheckpointedChain.Audit), ct));

    private static Results<PhysicalFileHttpResult, ContentHttpResult> Checkpoints(ChainCheckpoints checkpoints) =>
        File.Exists(checkpoints.Path)
            ? TypedResults.PhysicalFile(checkpoints.Path, "text/plain", ChainCheckpoints.FileName)
            : TypedResults.Text("", "text/plain");
}

internal sealed record AuditEntryView(long Sequence, DateTime At, string Actor, string Action, Guid? SubjectId, string? Reason, string? Details, string Hash);
