using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Formats;
using Vern.Infrastructure.Privacy;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>
/// One decision a visitor made in the banner, as evidence: what was asked (revision, text hash,
/// policy version), what was answered and when. Append-only; each record hashes its predecessor,
/// so an edited, inserted or deleted record breaks the chain. No IP address or user agent is kept.
/// </summary>
internal sealed class ConsentRecord : IChainEntry
{
    /// <summary>Why the record's personal values are not sealed with the person's data key.</summary>
    private const string Evidence = "Evidence of what was asked and answered (Art. 7(1)), kept through an erasure (Art. 17(3)(e)) and hashed into the ledger's chain, which verifies without any key: sealed with the person's key, the evidence would be destroyed with it.";

    [NotPersonal] public Guid Id { get; set; }
    /// <summary>Position in the chain, contiguous from the last retention anchor (or 1).</summary>
    [NotPersonal] public long Sequence { get; set; }
    /// <summary>Server time, never the browser's.</summary>
    [NotPersonal] public DateTime RecordedAt { get; set; }
    /// <summary>
    /// The random id the banner generated. Kept as given because the record and its receipt must name
    /// whom they are about; it identifies a browser, not a person, unless joined with other data.
    /// </summary>
    [Personal("online-identifiers", Plaintext = Evidence + " The id is pseudonymous: it names a browser, and stays joinable so the person's own decisions can be found for them.")]
    public string VisitorId { get; set; } = "";
    /// <summary>Keyed hash of <see cref="VisitorId"/>, for finding a visitor's decisions without a scan.</summary>
    [Personal("online-identifiers")] public byte[] VisitorLookup { get; set; } = [];
    [NotPersonal] public int Revision { get; set; }
    [NotPersonal] public string Language { get; set; } = Languages.Default;
    [NotPersonal] public ConsentAction Action { get; set; }
    /// <summary>Every category of the revision with the answer, as canonical JSON (<c>{"analytics":true,...}</c>).</summary>
    [Personal("consent-records", Plaintext = Evidence)] public string Categories { get; set; } = "{}";
    /// <summary>Every service of the revision with the answer, as canonical JSON.</summary>
    [Personal("consent-records", Plaintext = Evidence)] public string Services { get; set; } = "{}";
    [NotPersonal] public bool Gpc { get; set; }
    /// <summary>SHA-256 of the exact banner texts shown for the revision and language.</summary>
    [NotPersonal] public string TextHash { get; set; } = "";
    /// <summary>The published privacy policy version in force, if any.</summary>
    [NotPersonal] public int? PolicyVersion { get; set; }
    [NotPersonal] public string PreviousHash { get; set; } = "";
    [NotPersonal] public string Hash { get; set; } = "";

    /// <summary>
    /// A record of the visitor's answer to every category and service of <paramref name="revision"/>, whether
    /// the banner sent it or Vern records a withdrawal for the visitor: what they were shown (the texts' hash,
    /// the policy version in force) comes from the catalogue, the instant from the server's clock. A consent
    /// asked for outside the banner (the newsletter's) names only its own category and the hash of its own texts.
    /// </summary>
    public static ConsentRecord Create(
        TimeProvider time, ConsentSnapshot snapshot, string visitorId, byte[] visitorLookup, int revision, string language, ConsentAction action,
        SortedDictionary<string, bool> categories, SortedDictionary<string, bool> services, bool gpc = false, string? textHash = null)
    {
        var now = time.GetUtcNow();
        return new ConsentRecord
        {
            Id = Guid.CreateVersion7(now),
            RecordedAt = now.UtcDateTime,
            VisitorId = visitorId,
            VisitorLookup = visitorLookup,
            Revision = revision,
            Language = language,
            Action = action,
            Categories = JsonSerializer.Serialize(categories),
            Services = JsonSerializer.Serialize(services),
            Gpc = gpc,
            TextHash = textHash ?? snapshot.Config(revision, language).TextHash,
            PolicyVersion = snapshot.PolicyVersions.GetValueOrDefault(language),
        };
    }
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => r.Sequence).IsUnique();
        builder.HasIndex(r => r.VisitorLookup);
        builder.HasIndex(r => r.RecordedAt);
        builder.Property(r => r.VisitorId).HasMaxLength(64);
        builder.Property(r => r.VisitorLookup).HasMaxLength(32);
        builder.Property(r => r.Language).HasMaxLength(8);
        builder.Property(r => r.Action).HasConversion<WireNameConverter<ConsentAction>>().HasMaxLength(16);
        builder.Property(r => r.Categories).HasMaxLength(4000);
        builder.Property(r => r.Services).HasMaxLength(4000);
        builder.Property(r => r.TextHash).HasMaxLength(64);
        builder.Property(r => r.PreviousHash).HasMaxLength(64);
        builder.Property(r => r.Hash).HasMaxLength(64);
    }
}
