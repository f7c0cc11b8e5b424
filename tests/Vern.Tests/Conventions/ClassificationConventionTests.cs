using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Conventions;

/// <summary>Export and erasure are derived from classification, so nothing may be left unclassified.</summary>
public sealed class ClassificationConventionTests
{
    [Fact]
    public async Task Every_property_of_every_entity_is_classified_as_personal_or_not()
    {
        await using var app = await TestApp.StartAsync();
        await using var scope = app.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<AppDb>().Model;

        // Staff accounts are Identity's own types, with Identity's own [PersonalData] marking.
        var ours = model.GetEntityTypes()
            .Select(t => t.ClrType)
            .Where(t => t.Namespace?.StartsWith("Vern.Features", StringComparison.Ordinal) == true && !IsIdentityType(t))
            .ToList();
        var unclassified = ours
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.GetCustomAttribute<PersonalAttribute>() is null == x.Property.GetCustomAttribute<NotPersonalAttribute>() is null)
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();

        Assert.Contains(ours, t => t.Name == "Subject");
        Assert.True(unclassified.Count == 0, "Classify with [Personal] or [NotPersonal]: " + string.Join(", ", unclassified));
    }

    private static bool IsIdentityType(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (t.IsGenericType ? t.GetGenericTypeDefinition() == typeof(IdentityUser<>) : t == typeof(IdentityUser))
                return true;
        return false;
    }
}
