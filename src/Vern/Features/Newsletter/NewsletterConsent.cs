using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Vern.Features.Consent;
using Vern.Features.Model;
using Vern.Infrastructure.Crypto;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Newsletter;

/// <summary>
/// The newsletter's consent in the consent ledger: a confirmation and an unsubscription are records like the banner's
/// decisions, in the same hash chain and log, with receipts, under the subscription's own consent id. A record names
/// only the newsletter's category, and hashes the exact wording the confirmation page showed.
/// </summary>
internal sealed class NewsletterConsent(ConsentLedgerWriter ledger, ConsentCatalogue catalogue, LookupHasher hasher, TimeProvider time)
{
    /// <summary>The definition's purpose the newsletter serves; its consent category must be given by double opt-in.</summary>
    public const string Purpose = "newsletter";

    /// <summary>The category the newsletter's consent is asked for under, or null when the definition sends no newsletter.</summary>
    public static ConsentCategory? Category(PrivacyModel model) =>
        model.Purpose(Purpose)?.ConsentCategory is { } id ? model.ConsentCategories.FirstOrDefault(c => c.Id == id && c.DoubleOptIn) : null;

    /// <summary>What the person agrees to by confirming, as the confirmation page shows it.</summary>
    public static string Wording(ConsentCategory category, string language) =>
        string.Format(CultureInfo.InvariantCulture, Text<NewsletterTexts>.In(language).ConfirmConsent, category.Name[language], category.Description[language]);

    /// <summary>SHA-256 of the confirmation page's title, consent wording and button, as the ledger records it.</summary>
    public static string TextHash(ConsentCategory category, string language)
    {
        var t = Text<NewsletterTexts>.In(language);
        var shown = new[] { t.ConfirmTitle, Wording(category, language), t.ConfirmButton };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(shown)));
    }

    /// <summary>
    /// The retention rule the newsletter's records are kept under in the definition in force, when it lets a person agree
    /// to be kept longer (the unsubscribe page's "keep my details"), and the policy version shown in <paramref name="language"/>.
    /// </summary>
    public async Task<(RetentionRule Rule, int? PolicyVersion)?> KeptLongerUnderAsync(string language, CancellationToken ct)
    {
        var snapshot = await catalogue.GetAsync(ct);
        var model = snapshot.Revisions[snapshot.CurrentRevision].Model;
        return model.Purpose(Purpose) is { } purpose && model.RetentionRule(purpose.Retention) is { KeepLonger: not null } rule
            ? (rule, snapshot.PolicyVersions.GetValueOrDefault(language))
            : null;
    }

    /// <summary>Records that the subscription's consent was given (a confirmation) or withdrawn, once it is committed.</summary>
    public Task<ConsentRecord> RecordAsync(Subscriber subscriber, bool given, CancellationToken ct) => RecordAsync(subscriber, given, alongside: null, ct);

    /// <summary>The same, committed together with the changes <paramref name="alongside"/> makes (see <see cref="ConsentLedgerWriter"/>).</summary>
    public async Task<ConsentRecord> RecordAsync(Subscriber subscriber, bool given, ConsentLedgerWriter.Alongside? alongside, CancellationToken ct)
    {
        var snapshot = await catalogue.GetAsync(ct);
        var revision = snapshot.CurrentRevision;
        var category = Category(snapshot.Revisions[revision].Model)
            ?? throw new InvalidOperationException("The definition in force has no newsletter purpose with a double opt-in consent category.");
        var action = given ? ConsentAction.Confirm : ConsentAction.Withdraw;
        var record = ConsentRecord.Create(
            time, snapshot, Subscriber.ConsentIdOf(subscriber.Id), await hasher.HashIdentifierAsync(ConsentLookup.Kind, Subscriber.ConsentIdOf(subscriber.Id), ct), revision,
            // The category is also the receipt's one service, so the receipt's services agree with the leaf.
            subscriber.Language, action, new(StringComparer.Ordinal) { [category.Id] = given }, new(StringComparer.Ordinal) { [category.Id] = given },
            textHash: TextHash(category, subscriber.Language));
        await ledger.AppendAsync(record, alongside, ct);
        return record;
    }
}
