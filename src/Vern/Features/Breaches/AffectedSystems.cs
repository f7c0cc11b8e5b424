using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Customers;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches;

/// <summary>The systems an incident touched, as the privacy officer marks them.</summary>
internal sealed record IncidentSystems(IReadOnlyList<string> Stores, IReadOnlyList<string> Recipients, IReadOnlyList<string> Activities)
{
    public static readonly IncidentSystems None = new([], [], []);

    public bool Any => Stores.Count + Recipients.Count + Activities.Count > 0;
}

/// <summary>What the affected systems suggest for the form: categories and kinds of people, and Vern's own counts where it holds the data.</summary>
internal sealed record SystemsSuggestion(IReadOnlyList<string> Categories, IReadOnlyList<string> SubjectKinds, int? People, int? Records);

/// <summary>
/// The systems a breach can touch: Vern's own stores of personal data, the definition's recipients (processors such as
/// the hosting provider) and its processor activities (customers' data). From a choice of them it suggests what
/// Art. 33(3)(a) asks: the categories of data and of people, from the definition, and approximate numbers of people and
/// records, counted in the stores Vern holds. Counts are totals, never a view of anyone's data.
/// </summary>
internal sealed class AffectedSystems(AppDb db, ModelStore models, IEnumerable<IPersonalDataSource> sources)
{
    public const string Vault = "subjects";
    public const string Newsletter = "newsletter";
    public const string CustomerContacts = "customer-contacts";
    public const string Consent = "consent";

    /// <summary>Vern's own stores a breach can touch, by their personal-data source's name.</summary>
    public static readonly IReadOnlyList<string> Stores = [Vault, Newsletter, CustomerContacts, Consent];

    private static IncidentTexts T => Text<IncidentTexts>.In(Languages.Default);

    public static string StoreName(string store) => store switch
    {
        Vault => T.StoreVault,
        Newsletter => T.StoreNewsletter,
        CustomerContacts => T.StoreCustomerContacts,
        Consent => T.StoreConsent,
        _ => store,
    };

    /// <summary>The systems as the timeline and the console name them.</summary>
    public static string Describe(IncidentSystems systems, PrivacyModel model)
    {
        // In the order the form lists them, so the same choice always reads the same.
        var names = Stores.Where(systems.Stores.Contains).Select(StoreName)
            .Concat(model.Recipients.Where(r => systems.Recipients.Contains(r.Id)).Select(r => r.Name))
            .Concat(model.ProcessorActivities.Where(a => systems.Activities.Contains(a.Id)).Select(a => a.Name.ToString()))
            .ToList();
        return names.Count == 0 ? T.SystemsNone : string.Join(", ", names);
    }

    /// <summary>The first system not known to Vern or the definition, if any, as the field's mistake.</summary>
    public static string? Unknown(IncidentSystems systems, PrivacyModel model) =>
        systems.Stores.FirstOrDefault(s => !Stores.Contains(s))
        ?? systems.Recipients.FirstOrDefault(r => model.Recipient(r) is null)
        ?? systems.Activities.FirstOrDefault(a => model.ProcessorActivities.All(p => p.Id != a));

    public async Task<SystemsSuggestion> SuggestAsync(IncidentSystems systems, CancellationToken ct)
    {
        var model = models.Current.Model;
        var categories = new HashSet<string>();
        var kinds = new HashSet<string>();
        foreach (var store in systems.Stores.Where(Stores.Contains))
        {
            // What the store holds is what its fields are classified as; who it holds them of, the purposes it serves.
            categories.UnionWith(ClassifiedCategories(store));
            foreach (var purpose in await PurposesOfAsync(store, model, ct))
                kinds.UnionWith(purpose.Subjects);
        }
        foreach (var purpose in model.Purposes.Where(p => p.Recipients.Any(systems.Recipients.Contains)))
        {
            categories.UnionWith(purpose.Categories);
            kinds.UnionWith(purpose.Subjects);
        }
        foreach (var activity in model.ProcessorActivities.Where(a => systems.Activities.Contains(a.Id)))
        {
            categories.UnionWith(activity.Categories);
            kinds.UnionWith(activity.Subjects);
        }
        var (people, records) = await CountAsync(systems.Stores, ct);
        return new SystemsSuggestion(
            [.. model.Categories.Select(c => c.Id).Where(categories.Contains)],
            [.. model.SubjectKinds.Select(s => s.Id).Where(kinds.Contains)], people, records);
    }

    /// <summary>The definition's purposes whose data the store holds.</summary>
    private async Task<IReadOnlyList<Purpose>> PurposesOfAsync(string store, PrivacyModel model, CancellationToken ct)
    {
        IReadOnlyList<string> ids = store switch
        {
            // The vault holds what people submitted, each submission under the purpose it was made for.
            Vault => await db.Submissions.AsNoTracking().Select(s => s.Purpose).Distinct().ToListAsync(ct),
            Newsletter => [NewsletterConsent.Purpose],
            CustomerContacts => [CustomerContactsSource.Purpose],
            // The consent ledger is the evidence of every consent the purposes that need one were given.
            Consent => [.. model.Purposes.Where(p => p.NeedsConsent).Select(p => p.Id)],
            _ => [],
        };
        return [.. model.Purposes.Where(p => ids.Contains(p.Id))];
    }

    /// <summary>The categories the fields of the store's entities are classified as.</summary>
    private IEnumerable<string> ClassifiedCategories(string store) =>
        sources.Where(s => s.Name == store).SelectMany(s => s.Covers)
            .SelectMany(t => t.GetProperties()).Select(p => p.GetCustomAttribute<PersonalAttribute>()?.Category).OfType<string>();

    /// <summary>
    /// People and records in the chosen stores: people once however many stores hold them (by their id in the vault),
    /// visitors of the consent ledger by their cookie; records are the stores' rows.
    /// </summary>
    private async Task<(int? People, int? Records)> CountAsync(IReadOnlyList<string> stores, CancellationToken ct)
    {
        if (!stores.Any(Stores.Contains))
            return (null, null);
        IQueryable<Guid>? people = null;
        var records = 0;
        IQueryable<Guid> Add(IQueryable<Guid> ids) => people is null ? ids : people.Union(ids);
        if (stores.Contains(Vault))
        {
            people = Add(db.Subjects.AsNoTracking().Where(s => s.ShreddedAt == null).Select(s => s.Id));
            records += await db.Subjects.CountAsync(s => s.ShreddedAt == null, ct) + await db.Submissions.CountAsync(ct);
        }
        if (stores.Contains(Newsletter))
        {
            people = Add(db.Subscribers.AsNoTracking().Select(s => s.SubjectId));
            records += await db.Subscribers.CountAsync(ct);
        }
        if (stores.Contains(CustomerContacts))
        {
            people = Add(db.CustomerContacts.AsNoTracking().Select(c => c.SubjectId));
            records += await db.CustomerContacts.CountAsync(ct);
        }
        var count = people is null ? 0 : await people.Distinct().CountAsync(ct);
        if (stores.Contains(Consent))
        {
            count += await db.ConsentRecords.AsNoTracking().Select(r => r.VisitorLookup).Distinct().CountAsync(ct);
            records += await db.ConsentRecords.CountAsync(ct);
        }
        return (count, records);
    }
}
