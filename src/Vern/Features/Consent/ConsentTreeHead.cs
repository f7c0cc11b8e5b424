using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Features.Consent.Verification;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Consent;

/// <summary>
/// A signed tree head: the consent log's size and root after one group commit, signed once for every record
/// of that commit (ES256 with the <see cref="ReceiptKey"/>). Its JWS is rebuilt from these columns byte for
/// byte by <see cref="SignedTreeHead"/>, as receipt format 1 fixes it, so only the signature is stored.
/// </summary>
internal sealed class ConsentTreeHead
{
    /// <summary>The number of leaves; heads only grow, so the size names the head.</summary>
    [NotPersonal] public long Size { get; set; }
    /// <summary>The ledger sequence of leaf 0: the first record present when the log began (retention may have deleted older ones).</summary>
    [NotPersonal] public long FirstSequence { get; set; }
    [NotPersonal] public byte[] Root { get; set; } = [];
    /// <summary>When the head was signed, to the millisecond (the JWS carries Unix milliseconds).</summary>
    [NotPersonal] public DateTime SignedAt { get; set; }
    [NotPersonal] public string KeyId { get; set; } = "";
    /// <summary>The ES256 signature, r‖s.</summary>
    [NotPersonal] public byte[] Signature { get; set; } = [];

    public long TimeMilliseconds() => new DateTimeOffset(SignedAt, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>The leaf index of the record numbered <paramref name="sequence"/>.</summary>
    public long IndexOf(long sequence) => sequence - FirstSequence;

    /// <summary>The head as receipt format 1 writes it, which builds its JWS and the input its signature covers.</summary>
    public SignedTreeHead ToSignedTreeHead() => new(KeyId, Size, Root, TimeMilliseconds(), Signature);
}

internal sealed class ConsentTreeHeadConfiguration : IEntityTypeConfiguration<ConsentTreeHead>
{
    public void Configure(EntityTypeBuilder<ConsentTreeHead> builder)
    {
        builder.HasKey(h => h.Size);
        builder.Property(h => h.Size).ValueGeneratedNever();
        builder.Property(h => h.Root).HasMaxLength(32);
        builder.Property(h => h.KeyId).HasMaxLength(64);
        builder.Property(h => h.Signature).HasMaxLength(64);
    }
}
