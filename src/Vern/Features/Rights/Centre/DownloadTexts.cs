using Vern.Infrastructure.Texts;
namespace Vern.Features.Rights.Centre;

/// <summary>The download page's fixed texts in English and Norwegian bokmål.</summary>
internal sealed record DownloadTexts(string Title, string Intro, string Expires, string Download, string Invalid, string RequestsLink) : ITexts;
