using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Subjects;

namespace Vern.Tests.Infrastructure;

/// <summary>People known to Vern, stored through the vault as the app itself stores them.</summary>
internal static class TestSubjects
{
    public static readonly PersonalDetails Ada = new("ada@example.com", "Ada Lovelace", "+47 400 00 000", "Analytical AS");

    public static async Task<Guid> AddAsync(TestApp app, PersonalDetails details)
    {
        await using var scope = app.CreateScope();
        var vault = scope.ServiceProvider.GetRequiredService<SubjectVault>();
        var subject = await vault.AddAsync(details);
        await scope.ServiceProvider.GetRequiredService<AppDb>().SaveChangesAsync();
        return subject.Id;
    }
}
