namespace Vern.Infrastructure.Texts;

/// <summary>
/// Marks a record of fixed wording whose values come from <c>Texts/{language}/{TypeName}.json</c>.
/// The record only names the texts; a translator never needs to open a C# file.
/// </summary>
internal interface ITexts;
