using Vern.Features.Model;

namespace Vern.Features.Ropa;

/// <summary>How each Art. 6(1) basis is named in the model, in the GDPR, for people, and in the W3C Data Privacy Vocabulary.</summary>
internal static class LegalBasisTerms
{
    public static (string Key, string Label, string Article, string Dpv) Of(LegalBasis basis) => basis switch
    {
        LegalBasis.Consent => ("consent", "Consent", "GDPR Art. 6(1)(a)", "dpv:Consent"),
        LegalBasis.Contract => ("contract", "Contract", "GDPR Art. 6(1)(b)", "dpv:Contract"),
        LegalBasis.LegalObligation => ("legal-obligation", "Legal obligation", "GDPR Art. 6(1)(c)", "dpv:LegalObligation"),
        LegalBasis.VitalInterests => ("vital-interests", "Vital interests", "GDPR Art. 6(1)(d)", "dpv:VitalInterest"),
        LegalBasis.PublicTask => ("public-task", "Public task", "GDPR Art. 6(1)(e)", "dpv:PublicTask"),
        LegalBasis.LegitimateInterests => ("legitimate-interests", "Legitimate interests", "GDPR Art. 6(1)(f)", "dpv:LegitimateInterest"),
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, null),
    };
}
