using Vern.Data;
using Vern.Features.Model;
using Vern.Features.Rights.Sources;
using Vern.Features.Subjects;
namespace Vern.Features.Rights.Access;

internal static class AccessPackageBuilder { public static byte[] Build(PrivacyModel model, DataSubject subject, IReadOnlyList<SourceExport> exports, DateTimeOffset createdAt, string language, bool portability) => throw new NotImplementedException(); }
internal static class AccessPackages { public static Task<string> CreateAsync(AppDb db, SubjectVault vault, TimeProvider time, RightsRequest request, byte[] zip, CancellationToken ct) => throw new NotImplementedException(); public static TimeSpan Lifetime(IConfiguration c) => TimeSpan.FromDays(30); }
