using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Blocks;

/// <summary>
/// A block for suspected fraud, under the definition's legitimate-interest purpose for fraud prevention: a person (by
/// subject id where the vault knows them, and always by the keyed hash of their e-mail address, so a new sign-up with
/// the address is stopped too) or a masked network. Staff place a block with a reason and an end date; a signal places
/// only a hold that ends after 24 hours unless a person confirms it (Art. 22: no solely automated decision with a
/// significant effect). A block is in force until its end, its lifting or, for an unconfirmed hold, its lapse.
/// </summary>
internal sealed class Block
{
    /// <summary>How long a hold a signal placed stands without a person confirming it.</summary>
    public static readonly TimeSpan HoldLapsesAfter = TimeSpan.FromHours(24);

    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public BlockTarget Target { get; set; }
    /// <summary>The person, when the vault knew the address at the time of the block.</summary>
    [NotPersonal] public Guid? SubjectId { get; set; }
    [Personal("contact-details", Plaintext = "A keyed hash, never the address: found again when the address is given.")]
    public byte[]? EmailLookup { get; set; }
    /// <summary>A masked network (an IPv4 /24 or an IPv6 /48) such as 203.0.113.0/24.</summary>
    [Personal("online-identifiers", Plaintext = "Masked to a network before it is stored; matched against the network of each request.")]
    public string? Network { get; set; }
    /// <summary>The definition's purpose the block is placed under.</summary>
    [NotPersonal] public string Purpose { get; set; } = "";
    [Personal("usage-data", Plaintext = "Staff's grounds for the block, read by the staff who review it and a contest.")]
    public string Reason { get; set; } = "";
    [NotPersonal] public BlockOrigin Origin { get; set; }
    [NotPersonal] public DateTime PlacedAt { get; set; }
    [NotPersonal] public string PlacedBy { get; set; } = "";
    /// <summary>The block ends by itself then; for an unconfirmed hold, 24 hours after it was placed.</summary>
    [NotPersonal] public DateTime EndsAt { get; set; }
    [NotPersonal] public DateTime? ConfirmedAt { get; set; }
    [NotPersonal] public string? ConfirmedBy { get; set; }
    [NotPersonal] public DateTime? LiftedAt { get; set; }
    [NotPersonal] public string? LiftedBy { get; set; }
    [Personal("usage-data", Plaintext = "Why the block was lifted early, read by the staff who review it.")]
    public string? LiftReason { get; set; }

    /// <summary>Refuses the person or network at <paramref name="now"/>.</summary>
    public static Expression<Func<Block, bool>> InForceAt(DateTime now) => b => b.LiftedAt == null && b.EndsAt > now;

    /// <summary>Holds this person (by subject id), this address (by its keyed hash) or this network; a null matches nothing.</summary>
    public static Expression<Func<Block, bool>> Holds(Guid? subjectId, byte[]? emailLookup, string? network) =>
        b => (subjectId != null && b.SubjectId == subjectId) || (emailLookup != null && b.EmailLookup == emailLookup) || (network != null && b.Network == network);

    /// <summary>When the block stopped being in force: lifted, or its end (or lapse) reached; null while in force.</summary>
    public DateTime? EndedAt(DateTime now) => LiftedAt ?? (EndsAt <= now ? EndsAt : null);

    public BlockState StateAt(DateTime now) =>
        LiftedAt is not null ? BlockState.Lifted
        : EndsAt <= now ? (AwaitsConfirmation ? BlockState.Lapsed : BlockState.Expired)
        : AwaitsConfirmation ? BlockState.Hold
        : BlockState.Active;

    /// <summary>A hold from a signal that no person has confirmed.</summary>
    [NotPersonal] public bool AwaitsConfirmation => Origin == BlockOrigin.Signal && ConfirmedAt is null;
}

[JsonConverter(typeof(JsonStringEnumConverter<BlockTarget>))]
internal enum BlockTarget
{
    [JsonStringEnumMemberName("person")] Person,
    [JsonStringEnumMemberName("network")] Network,
}

[JsonConverter(typeof(JsonStringEnumConverter<BlockOrigin>))]
internal enum BlockOrigin
{
    /// <summary>A member of staff placed it.</summary>
    [JsonStringEnumMemberName("staff")] Staff,
    /// <summary>A configured signal placed it, as a hold a person must confirm.</summary>
    [JsonStringEnumMemberName("signal")] Signal,
}

/// <summary>Where a block stands; derived from its times, never stored.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BlockState>))]
internal enum BlockState
{
    /// <summary>From a signal, in force for at most 24 hours unless a person confirms it.</summary>
    [JsonStringEnumMemberName("hold")] Hold,
    [JsonStringEnumMemberName("active")] Active,
    /// <summary>A hold nobody confirmed within 24 hours.</summary>
    [JsonStringEnumMemberName("lapsed")] Lapsed,
    [JsonStringEnumMemberName("expired")] Expired,
    [JsonStringEnumMemberName("lifted")] Lifted,
}

internal sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> builder)
    {
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Target).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Origin).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Network).HasMaxLength(64);
        builder.Property(b => b.Purpose).HasMaxLength(100);
        builder.Property(b => b.Reason).HasMaxLength(FraudBlocks.MaxReason);
        builder.Property(b => b.LiftReason).HasMaxLength(FraudBlocks.MaxReason);
        builder.Property(b => b.PlacedBy).HasMaxLength(256);
        builder.Property(b => b.ConfirmedBy).HasMaxLength(256);
        builder.Property(b => b.LiftedBy).HasMaxLength(256);
        builder.HasIndex(b => b.SubjectId);
        builder.HasIndex(b => b.EmailLookup);
        builder.HasIndex(b => b.Network);
        builder.HasMany<BlockContest>().WithOne().HasForeignKey(c => c.BlockId);
    }
}

/// <summary>
/// A person's contest of a block: their statement, sealed with their data key, and a deadline by which a member of
/// staff reviews it and records the outcome, which the person is told by e-mail.
/// </summary>
internal sealed class BlockContest
{
    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid BlockId { get; set; }
    /// <summary>Who contested: the person in the vault the answer is sent to.</summary>
    [NotPersonal] public Guid SubjectId { get; set; }
    [Personal("usage-data")] public byte[]? Statement { get; set; }
    [NotPersonal] public DateTime ReceivedAt { get; set; }
    [NotPersonal] public DateTime DueAt { get; set; }
    /// <summary>The language the person contested in, which the answer is written in.</summary>
    [NotPersonal] public string Language { get; set; } = "";
    /// <summary>When the reviewers were reminded that the deadline is a day away; claimed, so the reminder goes once.</summary>
    [NotPersonal] public DateTime? RemindedAt { get; set; }
    [NotPersonal] public DateTime? DecidedAt { get; set; }
    [NotPersonal] public string? DecidedBy { get; set; }
    [NotPersonal] public ContestOutcome? Outcome { get; set; }
    [Personal("usage-data", Plaintext = "The reviewer's reasons, sent to the person and kept as the record of the review.")]
    public string? OutcomeReason { get; set; }

    public static Expression<Func<BlockContest, bool>> Open => c => c.DecidedAt == null;
}

[JsonConverter(typeof(JsonStringEnumConverter<ContestOutcome>))]
internal enum ContestOutcome
{
    /// <summary>The reviewer kept the block.</summary>
    [JsonStringEnumMemberName("upheld")] Upheld,
    /// <summary>The reviewer lifted the block.</summary>
    [JsonStringEnumMemberName("lifted")] Lifted,
}

internal sealed class BlockContestConfiguration : IEntityTypeConfiguration<BlockContest>
{
    public void Configure(EntityTypeBuilder<BlockContest> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.DecidedBy).HasMaxLength(256);
        builder.Property(c => c.Language).HasMaxLength(8);
        builder.Property(c => c.OutcomeReason).HasMaxLength(FraudBlocks.MaxReason);
        builder.HasIndex(c => c.SubjectId);
    }
}
