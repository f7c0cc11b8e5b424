using System.Text.RegularExpressions;
using Vern.Features.Staff;
using Vern.Features.Subjects;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Rights;

public sealed partial class CaseTimelineTests
{
    private const string Officer = "olga@example.com";
    private static readonly PersonalDetails Kari = new("kari.nordmann@example.no", "Kari Nordmann");

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_case_lists_every_entry_of_its_own_and_none_of_the_persons_other_cases(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var secret = await StaffSessions.CreateAsync(app, Officer, StaffRoles.PrivacyOfficer, withAuthenticator: true);
        using var visitor = app.CreateClient();
        await RequestFlow.KnownPersonAsync(app, Kari);

        // Received and confirmed under the address alone, then identified as the person Vern knows.
        var first = await RequestFlow.SubmitAndConfirmAsync(app, visitor, "access", Kari.Email!);
        await RequestFlow.WaitForMailAsync(app, Kari.Email!, "Your privacy request is complete");
        var second = await RequestFlow.SubmitAndConfirmAsync(app, visitor, "objection", Kari.Email!);

        using var officer = await StaffSessions.SignInAsync(app, Officer, secret);
        var page = await officer.GetStringAsync($"/admin/requests/{first}");

        var actions = Actions().Matches(page).Select(m => m.Value).ToList();
        Assert.Equal(1, actions.Count(a => a == "rights-request.received"));
        Assert.Equal(1, actions.Count(a => a == "rights-request.verified"));
        Assert.Contains("rights-request.identified", actions);
        Assert.Equal(1, actions.Count(a => a == "rights-request.completed"));
        Assert.DoesNotContain(second.ToString(), page, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"rights-request\.[a-z-]+")]
    private static partial Regex Actions();
}
