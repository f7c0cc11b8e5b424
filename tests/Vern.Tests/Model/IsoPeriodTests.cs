using Microsoft.Extensions.Configuration;
using Vern.Features.Model;
using Vern.Features.Policies;
using Vern.Features.Rights;
using Vern.Infrastructure.Hosting;

namespace Vern.Tests.Model;

/// <summary>
/// A period is read one way everywhere: what the model validator refuses, retention cannot apply, the
/// policy leaves as written and a setting refuses at start-up; what it accepts, all of them use.
/// </summary>
public sealed class IsoPeriodTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string> NotPeriods => new()
    {
        "P",
        "PT",
        // A T with no time after it.
        "P1DT",
        // Digits of another script, which \d would take and a parse would not.
        "P\u0663Y",
        // More years than a number holds.
        "P99999999999Y",
        "five years",
    };

    [Theory]
    [MemberData(nameof(NotPeriods))]
    public void What_is_not_a_period_is_refused_by_the_validator_retention_the_policy_and_settings_alike(string text)
    {
        var yaml = ModelStore.DefaultYaml().Replace("    period: P13M\n", $"    period: \"{text}\"\n", StringComparison.Ordinal);
        var result = ModelParser.Parse(yaml, "privacy-model.yaml");
        Assert.Contains(result.Errors, e => e.Field == "retention[0].period");

        Assert.False(IsoPeriods.TrySubtract(Now, text, out _));
        Assert.False(IsoPeriods.TryAdd(Now, text, out _));
        Assert.Equal(text, Durations.ToWords(text, "en"));
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rights:UnverifiedExpiry"] = text }).Build();
        Assert.Throws<StartupException>(() => RightsOptions.From(settings));
    }

    [Fact]
    public void A_period_longer_than_any_instant_can_move_is_not_applied_nor_taken_as_a_setting()
    {
        Assert.False(IsoPeriods.TryAdd(Now, "P99999999D", out var result));
        Assert.Equal(Now, result);
        Assert.False(IsoPeriods.TrySubtract(Now, "P20000Y", out _));
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rights:UnverifiedExpiry"] = "P99999999D" }).Build();
        Assert.Throws<StartupException>(() => RightsOptions.From(settings));
    }

    [Theory]
    [InlineData("P13M", "2027-04-01T12:00:00", "13 months")]
    [InlineData("PT36H", "2026-03-03T00:00:00", "36 hours")]
    [InlineData("P1Y2M3DT4H", "2027-05-04T16:00:00", "1 year, 2 months, 3 days and 4 hours")]
    [InlineData("P0D", "2026-03-01T12:00:00", "0 days")]
    public void A_period_is_accepted_applied_and_put_in_words_by_the_same_reading(string period, string then, string words)
    {
        var yaml = ModelStore.DefaultYaml().Replace("    period: P13M\n", $"    period: {period}\n", StringComparison.Ordinal);
        Assert.DoesNotContain(ModelParser.Parse(yaml, "privacy-model.yaml").Errors, e => e.Field == "retention[0].period");

        Assert.True(IsoPeriods.TryAdd(Now, period, out var result));
        Assert.Equal(DateTime.Parse(then, System.Globalization.CultureInfo.InvariantCulture), result);
        Assert.Equal(words, Durations.ToWords(period, "en"));
    }
}
