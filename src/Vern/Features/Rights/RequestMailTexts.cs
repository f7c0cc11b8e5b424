using System.Globalization;
using Vern.Features.Policies;
using Vern.Infrastructure.Formats;

namespace Vern.Features.Rights;

// The wording of every message about a request, one record per kind, in English and Norwegian
// bokmål. Typed records so a missing translation is a compile error; composite format strings so
// the values are filled in the same way in both languages. The HTML forms take HTML-encoded values.

/// <summary>How a message about a request names the right and writes a date, in the person's language.</summary>
internal static class RequestWords
{
    private static readonly Dictionary<string, string> NorwegianRights = new()
    {
        ["access"] = "innsyn",
        ["rectification"] = "retting",
        ["erasure"] = "sletting",
        ["restriction"] = "begrensning av behandlingen",
        ["objection"] = "å protestere",
        ["portability"] = "dataportabilitet",
        ["withdraw-consent"] = "å trekke tilbake samtykke",
    };

    /// <summary>The right as people say it: "withdraw consent", not "withdraw-consent"; "innsyn" in Norwegian.</summary>
    public static string Right(RightsRequestType type, string language) =>
        language == RequestLanguages.Norwegian && NorwegianRights.TryGetValue(type.ToWire(), out var name) ? name : type.ToWire().Replace('-', ' ');

    public static string Date(DateOnly date, string language) => Dates.Long(date, language);

    public static string Format(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}

/// <summary>The link to confirm a request. {0} the right, {1} the link, {2} the due date, {3} the controller, {4} its e-mail address.</summary>
internal sealed record VerificationTexts(string Subject, string Text, string Html)
{
    public static VerificationTexts For(string language) => language == RequestLanguages.Norwegian ? Nb : En;

    private static readonly VerificationTexts En = new(
        "Confirm your privacy request",
        """
        We received a request to use your right of {0} under the GDPR.

        To confirm that it was you, open this link within 7 days:
        {1}

        If you did not ask for this, ignore this e-mail; nothing will happen.
        We answer within one month of receiving the request, by {2}.

        {3}
        {4}
        """,
        "<p>We received a request to use your right of {0} under the GDPR.</p>" +
        "<p>To confirm that it was you, open this link within 7 days: <a href=\"{1}\">confirm the request</a>.</p>" +
        "<p>If you did not ask for this, ignore this e-mail; nothing will happen.</p>" +
        "<p>{3}<br><a href=\"mailto:{4}\">{4}</a></p>");

    private static readonly VerificationTexts Nb = new(
        "Bekreft forespørselen din",
        """
        Vi har mottatt en forespørsel om å bruke retten din til {0} etter personvernforordningen (GDPR).

        Åpne denne lenken innen 7 dager for å bekrefte at det var du:
        {1}

        Hvis du ikke har bedt om dette, kan du se bort fra denne e-posten; da skjer det ingenting.
        Vi svarer innen én måned etter at vi mottok forespørselen, senest {2}.

        {3}
        {4}
        """,
        "<p>Vi har mottatt en forespørsel om å bruke retten din til {0} etter personvernforordningen (GDPR).</p>" +
        "<p>Åpne denne lenken innen 7 dager for å bekrefte at det var du: <a href=\"{1}\">bekreft forespørselen</a>.</p>" +
        "<p>Hvis du ikke har bedt om dette, kan du se bort fra denne e-posten; da skjer det ingenting.</p>" +
        "<p>{3}<br><a href=\"mailto:{4}\">{4}</a></p>");
}

/// <summary>Nothing was found under the address. {0} the request's reference.</summary>
internal sealed record UnidentifiedTexts(string Subject, string Text)
{
    public static UnidentifiedTexts For(string language) => language == RequestLanguages.Norwegian ? Nb : En;

    private static readonly UnidentifiedTexts En = new(
        "We found no data under your address",
        """
        We looked for data about you under this e-mail address in every system that holds personal data, and found none (reference {0}).

        If you have used our website, we may hold choices you made in its cookie banner under a random id stored in your browser.
        Send the request again from the website in the browser you used, and tick "Also include the cookie choices made in this browser" when you confirm it.

        If you believe we hold other data about you, reply to this e-mail and tell us where you think it came from.
        """);

    private static readonly UnidentifiedTexts Nb = new(
        "Vi fant ingen opplysninger under adressen din",
        """
        Vi har lett etter opplysninger om deg under denne e-postadressen i alle systemer som har personopplysninger, og fant ingen (referanse {0}).

        Hvis du har brukt nettstedet vårt, kan vi ha lagret valgene du gjorde i informasjonskapselbanneret, under en tilfeldig ID som ligger i nettleseren din.
        Send forespørselen på nytt fra nettstedet i nettleseren du brukte, og kryss av for «Ta også med valgene for informasjonskapsler som er gjort i denne nettleseren» når du bekrefter den.

        Hvis du mener at vi har andre opplysninger om deg, kan du svare på denne e-posten og fortelle oss hvor du tror de kommer fra.
        """);
}

/// <summary>An extension (Art. 12(3)). {0} received, {1} the right, {2} the new due date, {3} the original one, {4} the reason.</summary>
internal sealed record ExtensionTexts(string Subject, string Text, string Html)
{
    public static ExtensionTexts For(string language) => language == RequestLanguages.Norwegian ? Nb : En;

    private static readonly ExtensionTexts En = new(
        "We need more time to answer your privacy request",
        """
        On {0} we received your request to use your right of {1} under the GDPR.

        We need more time to answer it properly. We will answer by {2} instead of {3}.

        Why we need more time:
        {4}

        The GDPR (Article 12(3)) allows up to two further months when a request is complex or we receive many. We are sorry for the wait.
        """,
        "<p>On {0} we received your request to use your right of {1} under the GDPR.</p>" +
        "<p>We need more time to answer it properly. We will answer by <strong>{2}</strong> instead of {3}.</p>" +
        "<p>Why we need more time:<br>{4}</p>" +
        "<p>The GDPR (Article 12(3)) allows up to two further months when a request is complex or we receive many. We are sorry for the wait.</p>");

    private static readonly ExtensionTexts Nb = new(
        "Vi trenger mer tid til å svare på forespørselen din",
        """
        Den {0} mottok vi forespørselen din om å bruke retten til {1} etter personvernforordningen (GDPR).

        Vi trenger mer tid for å kunne svare ordentlig. Vi svarer senest {2} i stedet for {3}.

        Hvorfor vi trenger mer tid:
        {4}

        Personvernforordningen (artikkel 12 nr. 3) gir oss inntil to måneder ekstra når en forespørsel er sammensatt, eller når vi mottar mange. Vi beklager ventetiden.
        """,
        "<p>Den {0} mottok vi forespørselen din om å bruke retten til {1} etter personvernforordningen (GDPR).</p>" +
        "<p>Vi trenger mer tid for å kunne svare ordentlig. Vi svarer senest <strong>{2}</strong> i stedet for {3}.</p>" +
        "<p>Hvorfor vi trenger mer tid:<br>{4}</p>" +
        "<p>Personvernforordningen (artikkel 12 nr. 3) gir oss inntil to måneder ekstra når en forespørsel er sammensatt, eller når vi mottar mange. Vi beklager ventetiden.</p>");
}

/// <summary>
/// A refusal (Art. 12(5)). {0} received, {1} the right, {2} the reason, {3} the authority's name,
/// {4} its address, {5} its website, {6} how to complain.
/// </summary>
internal sealed record RefusalTexts(string Subject, string Text, string Html)
{
    public static RefusalTexts For(string language) => language == RequestLanguages.Norwegian ? Nb : En;

    private static readonly RefusalTexts En = new(
        "Our answer to your privacy request",
        """
        On {0} we received your request to use your right of {1} under the GDPR.

        We will not act on this request, because we consider it manifestly unfounded or excessive (GDPR Article 12(5)). Our reason:
        {2}

        If you disagree, you have the right to complain to the supervisory authority:
        {3}
        {4}
        {5}
        How to complain: {6}

        You also have the right to take the matter to court (an effective judicial remedy, GDPR Articles 12(4) and 79).
        """,
        "<p>On {0} we received your request to use your right of {1} under the GDPR.</p>" +
        "<p>We will not act on this request, because we consider it manifestly unfounded or excessive (GDPR Article 12(5)). Our reason:<br>{2}</p>" +
        "<p>If you disagree, you have the right to complain to the supervisory authority: {3}, {4}, <a href=\"{5}\">{5}</a>. <a href=\"{6}\">How to complain</a>.</p>" +
        "<p>You also have the right to take the matter to court (an effective judicial remedy, GDPR Articles 12(4) and 79).</p>");

    private static readonly RefusalTexts Nb = new(
        "Svar på forespørselen din om personvern",
        """
        Den {0} mottok vi forespørselen din om å bruke retten til {1} etter personvernforordningen (GDPR).

        Vi kommer ikke til å etterkomme forespørselen, fordi vi mener at den er åpenbart grunnløs eller overdreven (personvernforordningen artikkel 12 nr. 5). Begrunnelsen vår:
        {2}

        Hvis du er uenig, har du rett til å klage til tilsynsmyndigheten:
        {3}
        {4}
        {5}
        Slik klager du: {6}

        Du har også rett til å bringe saken inn for domstolene (et effektivt rettsmiddel, personvernforordningen artikkel 12 nr. 4 og artikkel 79).
        """,
        "<p>Den {0} mottok vi forespørselen din om å bruke retten til {1} etter personvernforordningen (GDPR).</p>" +
        "<p>Vi kommer ikke til å etterkomme forespørselen, fordi vi mener at den er åpenbart grunnløs eller overdreven (personvernforordningen artikkel 12 nr. 5). Begrunnelsen vår:<br>{2}</p>" +
        "<p>Hvis du er uenig, har du rett til å klage til tilsynsmyndigheten: {3}, {4}, <a href=\"{5}\">{5}</a>. <a href=\"{6}\">Slik klager du</a>.</p>" +
        "<p>Du har også rett til å bringe saken inn for domstolene (et effektivt rettsmiddel, personvernforordningen artikkel 12 nr. 4 og artikkel 79).</p>");
}

/// <summary>A request nobody confirmed. {0} received, {1} the right, {2} how long we waited.</summary>
internal sealed record ExpiryTexts(string Subject, string Text, string Html, string Days, string Hours, string Minutes)
{
    public static ExpiryTexts For(string language) => language == RequestLanguages.Norwegian ? Nb : En;

    /// <summary>A duration in whole days, else hours, else minutes.</summary>
    public string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? RequestWords.Format(Days, span.TotalDays.ToString("0", CultureInfo.InvariantCulture))
        : span.TotalHours >= 1 ? RequestWords.Format(Hours, span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture))
        : RequestWords.Format(Minutes, span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture));

    private static readonly ExpiryTexts En = new(
        "Your privacy request was not confirmed",
        """
        On {0} we received a request to use your right of {1} under the GDPR, and e-mailed this address a link to confirm it.

        The request was not confirmed within {2}, so we have closed it and done nothing with it.

        If you still want to use your right, you are welcome to send the request again through our privacy centre. If you did not ask for this, there is nothing you need to do.
        """,
        "<p>On {0} we received a request to use your right of {1} under the GDPR, and e-mailed this address a link to confirm it.</p>" +
        "<p>The request was not confirmed within {2}, so we have closed it and done nothing with it.</p>" +
        "<p>If you still want to use your right, you are welcome to send the request again through our privacy centre. If you did not ask for this, there is nothing you need to do.</p>",
        "{0} days", "{0} hours", "{0} minutes");

    private static readonly ExpiryTexts Nb = new(
        "Forespørselen din ble ikke bekreftet",
        """
        Den {0} mottok vi en forespørsel om å bruke retten til {1} etter personvernforordningen (GDPR), og sendte denne adressen en lenke for å bekrefte den.

        Forespørselen ble ikke bekreftet innen {2}, så vi har avsluttet den uten å gjøre noe med den.

        Hvis du fortsatt vil bruke retten din, er du velkommen til å sende forespørselen på nytt via personvernsidene våre. Hvis du ikke har bedt om dette, trenger du ikke å gjøre noe.
        """,
        "<p>Den {0} mottok vi en forespørsel om å bruke retten til {1} etter personvernforordningen (GDPR), og sendte denne adressen en lenke for å bekrefte den.</p>" +
        "<p>Forespørselen ble ikke bekreftet innen {2}, så vi har avsluttet den uten å gjøre noe med den.</p>" +
        "<p>Hvis du fortsatt vil bruke retten din, er du velkommen til å sende forespørselen på nytt via personvernsidene våre. Hvis du ikke har bedt om dette, trenger du ikke å gjøre noe.</p>",
        "{0} dager", "{0} timer", "{0} minutter");
}

/// <summary>
/// The message that closes a request, and the lines Vern itself writes into it. Intro: {0} the right,
/// {1} the reference; Complaint: {0} the authority, {1} its complaint page; Until: {0} a date.
/// Lines written by the sources themselves (such as a connector's erasure detail) stay as the source wrote them.
/// </summary>
internal sealed record CompletionTexts(
    string Subject, string Intro, string Done, string Kept, string Open, string Complaint, string ComplaintHtml, string Until,
    string PackageReady, string PortableReady, string Included, string ExportFailed, string EraseFailed, string NothingLeft, string Erased,
    string NoConsentFound, string NoConsentInForce, string ConsentWithdrawn, string Restricted, string Objected, string LimitFailed)
{
    public static CompletionTexts For(string language) => language == RequestLanguages.Norwegian ? Nb : En;

    private static readonly CompletionTexts En = new(
        Subject: "Your privacy request is complete",
        Intro: "We have completed your request to use your right of {0} (reference {1}).",
        Done: "What we did",
        Kept: "What we kept, and why",
        Open: "What is still open",
        Complaint: "If you are not satisfied with how we handled your request, you can complain to {0} ({1}) or take the matter to court.",
        ComplaintHtml: "If you are not satisfied with how we handled your request, you can complain to <a href=\"{1}\">{0}</a> or take the matter to court.",
        Until: " (until {0})",
        PackageReady: "Your copy of your data is ready to download until {0}: {1}",
        PortableReady: "Your data in a portable format is ready to download until {0}: {1}",
        Included: "{0}: {1} record(s) included.",
        ExportFailed: "This system did not answer; the package was made without it and our staff have been told.",
        EraseFailed: "This system did not confirm the deletion; our staff have been told and will follow up.",
        NothingLeft: "We hold no data about you any more.",
        Erased: "Your contact details and everything you wrote to us were deleted, and the key that encrypted them was destroyed, so copies in backups can no longer be read.",
        NoConsentFound: "We found no cookie choices linked to you. You can withdraw consent given on our website at any time with the \"Cookie settings\" button on every page.",
        NoConsentInForce: "You had no consent in force with us; nothing needed withdrawing.",
        ConsentWithdrawn: "Every consent you had given on our website was withdrawn ({0} browser(s)); our website will ask again before using cookies that need consent.",
        Restricted: "We now only store your data and use it for nothing else (GDPR Art. 18). We will tell you before the restriction is lifted.",
        Objected: "We will never again use your data for direct marketing (GDPR Art. 21(3)); this took effect at once.",
        LimitFailed: "This system did not confirm the change; our staff have been told and will follow up.");

    private static readonly CompletionTexts Nb = new(
        Subject: "Forespørselen din er behandlet",
        Intro: "Vi har behandlet forespørselen din om å bruke retten til {0} (referanse {1}).",
        Done: "Dette har vi gjort",
        Kept: "Dette har vi beholdt, og hvorfor",
        Open: "Dette gjenstår",
        Complaint: "Hvis du ikke er fornøyd med hvordan vi behandlet forespørselen, kan du klage til {0} ({1}) eller bringe saken inn for domstolene.",
        ComplaintHtml: "Hvis du ikke er fornøyd med hvordan vi behandlet forespørselen, kan du klage til <a href=\"{1}\">{0}</a> eller bringe saken inn for domstolene.",
        Until: " (til {0})",
        PackageReady: "Kopien av opplysningene dine kan lastes ned fram til {0}: {1}",
        PortableReady: "Opplysningene dine i et format du kan ta med deg, kan lastes ned fram til {0}: {1}",
        Included: "{0}: {1} oppføring(er) tatt med.",
        ExportFailed: "Dette systemet svarte ikke; pakken ble laget uten det, og de ansatte hos oss har fått beskjed.",
        EraseFailed: "Dette systemet bekreftet ikke slettingen; de ansatte hos oss har fått beskjed og følger det opp.",
        NothingLeft: "Vi har ikke lenger noen opplysninger om deg.",
        Erased: "Kontaktopplysningene dine og alt du har skrevet til oss, er slettet, og nøkkelen som krypterte dem, er ødelagt, så kopier i sikkerhetskopier kan ikke lenger leses.",
        NoConsentFound: "Vi fant ingen valg for informasjonskapsler knyttet til deg. Du kan når som helst trekke tilbake samtykke du har gitt på nettstedet vårt, med knappen «Innstillinger for informasjonskapsler» nederst på hver side.",
        NoConsentInForce: "Du hadde ikke gitt oss noe samtykke som gjaldt; det var ingenting å trekke tilbake.",
        ConsentWithdrawn: "Alle samtykker du hadde gitt på nettstedet vårt, er trukket tilbake ({0} nettleser(e)); nettstedet vårt spør på nytt før det bruker informasjonskapsler som krever samtykke.",
        Restricted: "Vi lagrer nå bare opplysningene dine og bruker dem ikke til noe annet (personvernforordningen art. 18). Vi sier fra til deg før begrensningen oppheves.",
        Objected: "Vi kommer aldri igjen til å bruke opplysningene dine til direkte markedsføring (personvernforordningen art. 21 nr. 3); dette gjelder fra nå.",
        LimitFailed: "Dette systemet bekreftet ikke endringen; de ansatte hos oss har fått beskjed og følger det opp.");
}
