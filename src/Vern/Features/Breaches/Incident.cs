using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Breaches;

/// <summary>The privacy officer's assessment of the risk a breach poses to people's rights and freedoms (Art. 33(1), 34(1)).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentRisk>))]
internal enum IncidentRisk
{
    /// <summary>Not assessed yet: the authority's clock runs as for a breach that must be notified.</summary>
    [JsonStringEnumMemberName("unassessed")] Unassessed,
    /// <summary>Unlikely to result in a risk: documented (Art. 33(5)), not notified.</summary>
    [JsonStringEnumMemberName("none")] None,
    /// <summary>A risk: the supervisory authority is notified within 72 hours of awareness.</summary>
    [JsonStringEnumMemberName("risk")] Risk,
    /// <summary>A high risk: the authority is notified, and so are the people affected (Art. 34).</summary>
    [JsonStringEnumMemberName("high-risk")] HighRisk,
}

/// <summary>
/// A suspected or confirmed personal data breach in the register (Art. 33(5)): what happened, when the company became
/// aware of it (the start of the 72 hours), what Art. 33(3) asks the authority to be told, the risk assessment and the
/// notification. Its fields describe an incident, not a person: people affected are linked by id, never written here.
/// </summary>
internal sealed class Incident
{
    /// <summary>Hours after awareness within which the supervisory authority must be notified (Art. 33(1)).</summary>
    public const int NotifyWithinHours = 72;

    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public string Title { get; set; } = "";
    /// <summary>The staff member who reported it.</summary>
    [NotPersonal] public string ReportedBy { get; set; } = "";
    [NotPersonal] public DateTime ReportedAt { get; set; }
    /// <summary>When the company became aware of the breach: the 72 hours run from here, not from the report.</summary>
    [NotPersonal] public DateTime AwareAt { get; set; }
    /// <summary>When the breach happened, if known.</summary>
    [NotPersonal] public DateTime? OccurredAt { get; set; }
    /// <summary>Art. 33(3)(a): the nature of the breach.</summary>
    [NotPersonal] public string Nature { get; set; } = "";
    /// <summary>Art. 33(3)(a): the definition's categories of personal data concerned.</summary>
    [NotPersonal] public List<string> Categories { get; set; } = [];
    /// <summary>Art. 33(3)(a): the definition's categories of data subjects concerned.</summary>
    [NotPersonal] public List<string> SubjectKinds { get; set; } = [];
    /// <summary>Vern's own stores the breach touched (the ids <c>AffectedSystems</c> lists): where its counts come from.</summary>
    [NotPersonal] public List<string> AffectedStores { get; set; } = [];
    /// <summary>The definition's recipients (processors such as the hosting provider) whose systems the breach touched.</summary>
    [NotPersonal] public List<string> AffectedRecipients { get; set; } = [];
    /// <summary>The definition's processor activities the breach touched: customers' data, whose controllers are told (Art. 33(2)).</summary>
    [NotPersonal] public List<string> AffectedActivities { get; set; } = [];
    [NotPersonal] public int? ApproximateSubjects { get; set; }
    [NotPersonal] public int? ApproximateRecords { get; set; }
    /// <summary>Art. 33(3)(b): where the authority obtains more information.</summary>
    [NotPersonal] public string ContactPoint { get; set; } = "";
    /// <summary>Art. 33(3)(c).</summary>
    [NotPersonal] public string? Consequences { get; set; }
    /// <summary>Art. 33(3)(d): measures taken.</summary>
    [NotPersonal] public string? MeasuresTaken { get; set; }
    /// <summary>Art. 33(3)(d): measures proposed, including to mitigate its possible adverse effects.</summary>
    [NotPersonal] public string? MeasuresProposed { get; set; }
    [NotPersonal] public IncidentRisk Risk { get; set; }
    [NotPersonal] public string? RiskReasoning { get; set; }
    [NotPersonal] public DateTime? AuthorityNotifiedAt { get; set; }
    /// <summary>How the notification was submitted (the authority's form and its reference, say).</summary>
    [NotPersonal] public string? AuthorityNotifiedHow { get; set; }
    /// <summary>Art. 33(1): the reasons for a notification made later than 72 hours after awareness.</summary>
    [NotPersonal] public string? DelayReason { get; set; }
    /// <summary>The last reminder sent, as hours after awareness (24, 48, 66), so each is sent once whatever the servers.</summary>
    [NotPersonal] public int RemindedAtHours { get; set; }
    /// <summary>The last reminder of the customers' deadline sent, as hours after awareness, so each is sent once whatever the servers.</summary>
    [NotPersonal] public int CustomersRemindedAtHours { get; set; }
    [NotPersonal] public DateTime? ClosedAt { get; set; }

    [NotPersonal] public DateTime Deadline => AwareAt.AddHours(NotifyWithinHours);

    /// <summary>The authority's clock runs: open, not assessed as harmless, and not notified yet; as a query's filter.</summary>
    public static readonly Expression<Func<Incident, bool>> AwaitingNotice = i => i.ClosedAt == null && i.Risk != IncidentRisk.None && i.AuthorityNotifiedAt == null;

    private static readonly Func<Incident, bool> Awaiting = AwaitingNotice.Compile();

    [NotPersonal] public bool AwaitsNotice => Awaiting(this);
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Title).HasMaxLength(Incidents.MaxTitle);
        builder.Property(i => i.ReportedBy).HasMaxLength(256);
        builder.Property(i => i.Nature).HasMaxLength(Incidents.MaxText);
        builder.Property(i => i.ContactPoint).HasMaxLength(Incidents.MaxTitle);
        builder.Property(i => i.Consequences).HasMaxLength(Incidents.MaxText);
        builder.Property(i => i.MeasuresTaken).HasMaxLength(Incidents.MaxText);
        builder.Property(i => i.MeasuresProposed).HasMaxLength(Incidents.MaxText);
        builder.Property(i => i.Risk).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.RiskReasoning).HasMaxLength(Incidents.MaxText);
        builder.Property(i => i.AuthorityNotifiedHow).HasMaxLength(Incidents.MaxTitle);
        builder.Property(i => i.DelayReason).HasMaxLength(Incidents.MaxText);
        builder.HasIndex(i => i.ClosedAt);
        builder.HasMany<IncidentEvent>().WithOne().HasForeignKey(e => e.IncidentId);
    }
}
