using Vern.Infrastructure.Texts;

namespace Vern.Features.Consent;

/// <summary>The wording of a consent receipt that is not the definition's own (which names the purposes and data).</summary>
internal sealed class ReceiptTexts : ITexts
{
    /// <summary>How consent ends: <c>{0}</c> is the banner's settings control, <c>{1}</c> the lifetime of the choice.</summary>
    public required string Termination { get; init; }

    /// <summary>How a consent given by double opt-in (the newsletter) ends.</summary>
    public required string Unsubscribe { get; init; }
}
