using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Features.Rights;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Conventions;

/// <summary>
/// A stored state, type or action is an enum, so a misspelt value is a compile error rather than a row
/// no query finds; and it is stored under the spelling the column held before it was typed, so existing
/// databases and the public JSON read the same.
/// </summary>
public sealed class TypedValueConventionTests
{
    private static readonly string[] ClosedSetNames = ["Status", "Type", "Action", "Outcome", "Kind", "Channel", "State"];

    /// <summary>Open vocabularies or prose, which no enum could list.</summary>
    private static readonly Dictionary<string, string> Free = new()
    {
        // Dotted event names ("rights-request.completed"): each feature adds its own, and they are hashed into the chain.
        ["AuditEntry.Action"] = "an open vocabulary of audit events",
        // The plain-language summary sent to the person, not a state.
        ["RightsRequest.Outcome"] = "prose",
        // Also the context of the identifier's lookup hash and sealing; a new kind must not change existing ones.
        ["SubjectIdentifier.Kind"] = "a key-derivation context",
    };

    [Fact]
    public async Task A_stored_state_type_or_action_is_an_enum_stored_as_text()
    {
        await using var app = await TestApp.StartAsync();
        await using var scope = app.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<AppDb>().Model;
        var properties = model.GetEntityTypes()
            .Where(t => t.ClrType.Namespace?.StartsWith("Vern.", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetProperties().Select(p => (Name: $"{t.ClrType.Name}.{p.Name}", Property: p)))
            .ToList();

        var untyped = properties
            .Where(x => ClosedSetNames.Contains(x.Property.Name) && x.Property.ClrType == typeof(string) && !Free.ContainsKey(x.Name))
            .Select(x => x.Name);
        var storedAsNumbers = properties
            .Where(x => (Nullable.GetUnderlyingType(x.Property.ClrType) ?? x.Property.ClrType).IsEnum && StoredAs(x.Property) != typeof(string))
            .Select(x => x.Name);

        Assert.Contains(properties, x => x.Name == "RightsRequest.Status");
        Assert.True(!untyped.Any(), "Make these enums with [JsonStringEnumMemberName] spellings and HasConversion<WireNameConverter<T>>(): " + string.Join(", ", untyped));
        Assert.True(!storedAsNumbers.Any(), "Store these enums as text (HasConversion<WireNameConverter<T>>()): " + string.Join(", ", storedAsNumbers));
        Assert.All(Free.Keys, name => Assert.Contains(properties, x => x.Name == name));
    }

    private static Type StoredAs(IProperty property)
    {
        var mapping = property.GetTypeMapping();
        return mapping.Converter?.ProviderClrType ?? mapping.ClrType;
    }

    [Fact]
    public void The_spellings_are_those_stored_and_published_before_the_values_were_typed()
    {
        Assert.Equal(["access", "rectification", "erasure", "restriction", "objection", "portability", "withdraw-consent"], WireNames.All<RightsRequestType>());
        Assert.Equal(["awaiting-verification", "verified", "unidentified", "in-progress", "awaiting-review", "completed", "refused", "expired"], WireNames.All<RightsRequestStatus>());
        Assert.Equal(["web", "email", "letter", "phone"], WireNames.All<RequestChannel>());
        Assert.Equal(["verification", "unidentified", "extension", "refusal", "expiry", "completion", "restriction-lifted"], WireNames.All<RequestMessageKind>());
        Assert.Equal(["pending", "done", "erased", "kept", "nothing-held", "failed", "unsupported", "notify"], WireNames.All<SourceStatus>());
        Assert.Equal(["erased", "kept", "nothing-held", "failed"], WireNames.All<ErasureOutcome>());
        Assert.Equal(["done", "nothing-held", "failed", "unsupported"], WireNames.All<LimitOutcome>());
        Assert.Equal(["rectified", "nothing-held", "failed"], WireNames.All<RectificationOutcome>());
        Assert.Equal(["accept_all", "reject_all", "custom", "withdraw", "gpc", "confirm"], WireNames.All<ConsentAction>());
    }

    [Fact]
    public void JSON_spells_every_value_as_the_database_does()
    {
        var enums = typeof(WireNames).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType is { IsGenericType: true } c
                && c.GetGenericTypeDefinition() == typeof(JsonStringEnumConverter<>))
            .ToList();

        Assert.Contains(typeof(RightsRequestStatus), enums);
        foreach (var type in enums)
        {
            var spelled = (IReadOnlyList<string>)typeof(WireNames).GetMethod(nameof(WireNames.All))!.MakeGenericMethod(type).Invoke(null, null)!;
            var json = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(v, type))!);
            Assert.Equal(spelled, json);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_typed_value_is_stored_as_the_text_it_was_before(Provider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            db.RightsRequests.Add(new RightsRequest
            {
                Id = Guid.NewGuid(),
                Type = RightsRequestType.WithdrawConsent,
                Status = RightsRequestStatus.AwaitingVerification,
                Channel = RequestChannel.Letter,
                SubjectId = Guid.NewGuid(),
                ReceivedAt = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc),
                DueDate = new DateOnly(2027, 1, 1),
            });
            await db.SaveChangesAsync();
        }
        await using (var scope = app.CreateScope())
        {
            // A conditional update, as verification and the fulfilment's claim write the status.
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            Assert.Equal(1, await db.RightsRequests.Where(r => r.Status == RightsRequestStatus.InProgress || r.Status == RightsRequestStatus.AwaitingVerification)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RightsRequestStatus.Verified)));
        }

        await using (var scope = app.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var stored = await db.Database
                .SqlQuery<string>($"SELECT \"Type\" || ' ' || \"Status\" || ' ' || \"Channel\" AS \"Value\" FROM \"RightsRequests\"")
                .SingleAsync();
            Assert.Equal("withdraw-consent verified letter", stored);
            Assert.Equal(1, await db.RightsRequests.CountAsync(r => r.Status == RightsRequestStatus.Verified && r.Type == RightsRequestType.WithdrawConsent));
        }
    }
}
