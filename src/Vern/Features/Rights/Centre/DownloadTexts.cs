namespace Vern.Features.Rights.Centre;

/// <summary>The download page's fixed texts in English and Norwegian bokmål.</summary>
internal sealed record DownloadTexts(string Title, string Intro, string Expires, string Download, string Invalid, string RequestsLink)
{
    public static DownloadTexts For(string language) => language == "nb" ? Nb : En;

    private static readonly DownloadTexts En = new(
        "Download your data",
        "Your data is ready as a ZIP file. Open index.html in it to read it in your browser; data.json and the csv folder hold the same data for other programs.",
        "The link works until {0}. After that, send a new request if you need the data again.",
        "Download the ZIP file",
        "This link does not work: it may have expired or be wrong. Send a new request if you still need your data.",
        "Exercise your rights");

    private static readonly DownloadTexts Nb = new(
        "Last ned opplysningene dine",
        "Opplysningene dine er klare som en ZIP-fil. Åpne index.html i den for å lese dem i nettleseren; data.json og mappen csv har de samme opplysningene for andre programmer.",
        "Lenken virker til {0}. Etter det kan du sende en ny forespørsel hvis du trenger opplysningene igjen.",
        "Last ned ZIP-filen",
        "Denne lenken virker ikke: den kan ha utløpt eller være feil. Send en ny forespørsel hvis du fortsatt trenger opplysningene dine.",
        "Bruk rettighetene dine");
}
