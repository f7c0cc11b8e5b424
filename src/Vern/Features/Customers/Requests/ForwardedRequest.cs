using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vern.Infrastructure.Privacy;

namespace Vern.Features.Customers.Requests;

[JsonConverter(typeof(JsonStringEnumConverter<ForwardedKind>))]
internal enum ForwardedKind
{
    [JsonStringEnumMemberName("access")] Access,
    [JsonStringEnumMemberName("erasure")] Erasure,
    [JsonStringEnumMemberName("rectification")] Rectification,
    [JsonStringEnumMemberName("restriction")] Restriction,
}

[JsonConverter(typeof(JsonStringEnumConverter<ForwardedStatus>))]
internal enum ForwardedStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("done")] Done,
    [JsonStringEnumMemberName("not-found")] NotFound,
}

/// <summary>
/// A data subject's request about the licensed product's data that a customer (the controller) forwarded to us, its
/// processor (Art. 28(3)(e)): due within the agreement's days, carried out by the product for that customer alone, and
/// answered to the customer. The end user is the customer's, not a person Vern holds: their identifier, the details and
/// an access result are sealed with a key of Vern's own and cleared once the customer has the answer.
/// </summary>
internal sealed class ForwardedRequest
{
    private const string Why = "the customer's end user, of whom Vern holds nothing else: the customer answers them; the identifier and details are cleared once the product has answered, an access result once the customer downloads it";

    [NotPersonal] public Guid Id { get; set; }
    [NotPersonal] public Guid CustomerId { get; set; }
    /// <summary>The customer's contact who forwarded it, and to whom the answer goes.</summary>
    [NotPersonal] public Guid ForwardedBy { get; set; }
    [NotPersonal] public ForwardedKind Kind { get; set; }
    [Personal("online-identifiers", NoSource = Why)] public byte[]? EndUser { get; set; }
    [Personal("product-usage", NoSource = Why)] public byte[]? Details { get; set; }
    /// <summary>What the product returned for an access request, for the customer's contacts to download.</summary>
    [Personal("product-usage", NoSource = Why)] public byte[]? Result { get; set; }
    [NotPersonal] public DateTime ReceivedAt { get; set; }
    /// <summary>The agreement's deadline (<c>requestDeadlineDays</c> after receipt, Europe/Oslo), apart from Vern's own month for its own data.</summary>
    [NotPersonal] public DateOnly DueOn { get; set; }
    [NotPersonal] public ForwardedStatus Status { get; set; }
    [NotPersonal] public int Attempts { get; set; }
    /// <summary>When the product was last asked: a scheduled retry waits <see cref="ForwardedRequests.RetryGap"/> after it.</summary>
    [NotPersonal] public DateTime? LastAttemptAt { get; set; }
    /// <summary>Why the last attempt failed, or what the product said it did.</summary>
    [NotPersonal] public string? Note { get; set; }
    [NotPersonal] public DateTime? AnsweredAt { get; set; }
    /// <summary>When staff were reminded that the request, still open, is about to fall due.</summary>
    [NotPersonal] public DateTime? RemindedAt { get; set; }
}

internal sealed class ForwardedRequestConfiguration : IEntityTypeConfiguration<ForwardedRequest>
{
    public void Configure(EntityTypeBuilder<ForwardedRequest> builder)
    {
        builder.HasIndex(r => r.CustomerId);
        builder.HasIndex(r => r.ForwardedBy);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Note).HasMaxLength(600);
    }
}
