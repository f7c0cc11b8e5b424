namespace Vern.Features.Rights.Centre;

/// <summary>The request pages' fixed texts in English and Norwegian bokmål.</summary>
internal sealed record RequestTexts(
    string Title, string Intro, string TypeLabel, string EmailLabel, string DetailsLabel, string DetailsHint, string Submit,
    string Sent, string VerifyTitle, string VerifyIntro, string Confirm, string Verified, string Invalid, string Complaint,
    IReadOnlyDictionary<string, string> Types)
{
    public static RequestTexts For(string language) => language == "nb" ? Nb : En;

    private static readonly RequestTexts En = new(
        "Exercise your rights",
        "You can ask to see the personal data we hold about you, to correct or delete it, to restrict or object to how we use it, to take it with you, or to withdraw a consent. We answer within one month.",
        "What do you want to do?", "Your e-mail address", "Anything we should know (optional)",
        "For example which data should be corrected. Do not send identity documents.", "Send the request",
        "Thank you. If the address is right, you will receive an e-mail with a link to confirm the request within a few minutes. We only act once you have confirmed it.",
        "Confirm your request", "Press the button to confirm that you sent this request.", "Confirm the request",
        "Your request is confirmed. We will e-mail you the answer by {0} at the latest.",
        "This link is not valid: it may have expired or been used already. Send the request again from the form.",
        "If you are not satisfied with how we handle your request, you can complain to Datatilsynet.",
        new Dictionary<string, string>
        {
            ["access"] = "See the data you hold about me (access)",
            ["rectification"] = "Correct my data (rectification)",
            ["erasure"] = "Delete my data (erasure)",
            ["restriction"] = "Limit how you use my data (restriction)",
            ["objection"] = "Object to how you use my data, including marketing (objection)",
            ["portability"] = "Get my data to take elsewhere (portability)",
            ["withdraw-consent"] = "Withdraw every consent I have given",
        });

    private static readonly RequestTexts Nb = new(
        "Bruk rettighetene dine",
        "Du kan be om å se personopplysningene vi har om deg, få dem rettet eller slettet, begrense eller protestere mot bruken, ta dem med deg, eller trekke tilbake et samtykke. Vi svarer innen én måned.",
        "Hva vil du gjøre?", "E-postadressen din", "Noe vi bør vite (valgfritt)",
        "For eksempel hvilke opplysninger som skal rettes. Ikke send identitetsdokumenter.", "Send forespørselen",
        "Takk. Hvis adressen stemmer, får du i løpet av noen minutter en e-post med en lenke for å bekrefte forespørselen. Vi gjør ingenting før du har bekreftet den.",
        "Bekreft forespørselen", "Trykk på knappen for å bekrefte at du sendte denne forespørselen.", "Bekreft forespørselen",
        "Forespørselen din er bekreftet. Vi sender deg svaret på e-post senest {0}.",
        "Lenken er ikke gyldig: den kan ha utløpt eller vært brukt allerede. Send forespørselen på nytt fra skjemaet.",
        "Hvis du ikke er fornøyd med hvordan vi behandler forespørselen, kan du klage til Datatilsynet.",
        new Dictionary<string, string>
        {
            ["access"] = "Se opplysningene dere har om meg (innsyn)",
            ["rectification"] = "Rette opplysningene mine (retting)",
            ["erasure"] = "Slette opplysningene mine (sletting)",
            ["restriction"] = "Begrense bruken av opplysningene mine (begrensning)",
            ["objection"] = "Protestere mot bruken, også markedsføring (innsigelse)",
            ["portability"] = "Få opplysningene mine for å ta dem med (dataportabilitet)",
            ["withdraw-consent"] = "Trekke tilbake alle samtykker jeg har gitt",
        });
}
