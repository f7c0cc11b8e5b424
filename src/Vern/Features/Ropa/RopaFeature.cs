using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Staff;

namespace Vern.Features.Ropa;

/// <summary>Downloads of the Records of Processing next to the printable page at <c>/admin/ropa</c>.</summary>
internal static class RopaFeature
{
    public static void AddRopa(this WebApplicationBuilder builder) => builder.Services.AddScoped<RopaCustomers>();

    public static void MapRopa(this WebApplication app)
    {
        var group = app.MapGroup("/admin")
            .WithTags("Records of processing")
            .RequireAuthorization(StaffPolicies.ViewRecords);
        group.MapGet("/ropa.json", (ModelStore store, RopaCustomers customers, IAuthorizationService authorization, AppDb db, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) => Download(store, customers, authorization, db, time, user, RopaFile.Json, ct))
            .WithName("DownloadRopaJson").WithSummary("Download both records of processing (GDPR Art. 30) as JSON with DPV identifiers.");
        group.MapGet("/ropa.csv", (ModelStore store, RopaCustomers customers, IAuthorizationService authorization, AppDb db, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) => Download(store, customers, authorization, db, time, user, RopaFile.ControllerCsv, ct))
            .WithName("DownloadRopaControllerCsv").WithSummary("Download the controller record (GDPR Art. 30(1)) as CSV, one row per purpose.");
        group.MapGet("/ropa-processor.csv", (ModelStore store, RopaCustomers customers, IAuthorizationService authorization, AppDb db, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) => Download(store, customers, authorization, db, time, user, RopaFile.ProcessorCsv, ct))
            .WithName("DownloadRopaProcessorCsv").WithSummary("Download the processor record (GDPR Art. 30(2)) as CSV, one row per activity.");
    }

    private static async Task<FileContentHttpResult> Download(
        ModelStore store, RopaCustomers customers, IAuthorizationService authorization, AppDb db, TimeProvider time, ClaimsPrincipal user, RopaFile file, CancellationToken ct)
    {
        var records = await RopaExport.CurrentAsync(store, customers, await ContactsViewerAsync(authorization, user), time, ct);
        await RopaExport.AuditAsync(db, time, user.Identity!.Name!, records, file, ct);
        return TypedResults.File(RopaExport.Render(records, file), RopaExport.ContentType(file), RopaExport.FileName(records, file));
    }

    /// <summary>The user's name when they may see customers' contacts in the processor record, else null (withheld).</summary>
    public static async Task<string?> ContactsViewerAsync(IAuthorizationService authorization, ClaimsPrincipal user) =>
        (await authorization.AuthorizeAsync(user, StaffPolicies.ViewCustomerContacts)).Succeeded ? user.Identity!.Name : null;
}
