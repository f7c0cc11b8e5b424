using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Vern.Data;
using Vern.Features.Consent;
using Vern.Infrastructure.Privacy;
using Vern.Tests.Infrastructure;

namespace Vern.Tests.Conventions;

/// <summary>
/// What <see cref="PersonalAttribute"/> means: an entity holding personal data is exported and erased
/// by a registered source, and a personal value is sealed (or a keyed hash) rather than readable. Each
/// exception is explained on the property itself.
/// </summary>
public sealed class PersonalDataConventionTests
{
    [Fact]
    public async Task Every_entity_with_personal_data_is_covered_by_a_registered_source()
    {
        await using var app = await TestApp.StartAsync();
        await using var scope = app.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<AppDb>().Model;
        var sources = scope.ServiceProvider.GetServices<IPersonalDataSource>().ToList();

        var uncovered = Uncovered(model, sources);
        Assert.True(uncovered.Count == 0,
            "Cover these in a source's Covers, or say on the property why no source does (NoSource): " + string.Join(", ", uncovered));

        var entities = model.GetEntityTypes().Select(t => t.ClrType).ToHashSet();
        var strays = sources.SelectMany(s => s.Covers.Where(t => !entities.Contains(t)).Select(t => $"{s.Name}: {t.Name}")).ToList();
        Assert.True(strays.Count == 0, "Sources cover types that are not entities of AppDb: " + string.Join(", ", strays));

        // The check finds a source that stops covering its entity: without the consent ledger's source,
        // its records would be left out of every export and erasure.
        Assert.Contains("ConsentRecord.VisitorId", Uncovered(model, sources.Where(s => s is not ConsentSource)));
    }

    [Fact]
    public async Task Personal_values_are_sealed_or_say_why_they_are_readable()
    {
        await using var app = await TestApp.StartAsync();
        await using var scope = app.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<AppDb>().Model;

        // Sealed values and keyed hashes are bytes; anything else is readable by whoever reads the database.
        var readable = Personal(model)
            .Where(x => x.Property.PropertyType != typeof(byte[]) && string.IsNullOrWhiteSpace(x.Personal.Plaintext))
            .Select(x => x.Name)
            .ToList();

        Assert.Contains(Personal(model), x => x.Name == "ConsentRecord.VisitorId" && x.Personal.Plaintext is not null);
        Assert.True(readable.Count == 0,
            "Seal these with the subject's data key (SubjectVault) or store a keyed hash, or say why they stay readable (Plaintext): " + string.Join(", ", readable));
    }

    /// <summary>Personal properties of entities no source covers and that do not say why.</summary>
    private static List<string> Uncovered(IModel model, IEnumerable<IPersonalDataSource> sources)
    {
        var covered = sources.SelectMany(s => s.Covers).ToHashSet();
        return [.. Personal(model)
            .Where(x => !covered.Contains(x.Entity) && string.IsNullOrWhiteSpace(x.Personal.NoSource))
            .Select(x => x.Name)];
    }

    private static IEnumerable<(Type Entity, PropertyInfo Property, PersonalAttribute Personal, string Name)> Personal(IModel model) =>
        from entity in model.GetEntityTypes()
        from property in entity.GetProperties()
        where property.PropertyInfo is not null
        let personal = property.PropertyInfo!.GetCustomAttribute<PersonalAttribute>()
        where personal is not null
        select (entity.ClrType, property.PropertyInfo!, personal!, $"{entity.ClrType.Name}.{property.Name}");
}
