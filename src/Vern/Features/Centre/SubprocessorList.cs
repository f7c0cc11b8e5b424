using Vern.Features.Model;

namespace Vern.Features.Centre;

/// <summary>
/// The recipients customers are told about: those processing personal data on the company's behalf
/// (processors and sub-processors). Independent controllers and authorities are not on the list.
/// </summary>
internal static class SubprocessorList
{
    public static IReadOnlyList<Recipient> Of(PrivacyModel model) =>
        model.Recipients.Where(r => r.Role is RecipientRole.Processor or RecipientRole.SubProcessor)
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
}
