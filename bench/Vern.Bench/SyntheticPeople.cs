using System.Globalization;
using Vern.Features.Subjects;

namespace Vern.Bench;

/// <summary>
/// Made-up people, derived from their number so that a lookup can recompute the address it expects
/// instead of keeping 100,000 of them in memory. Addresses use the reserved example.org domain.
/// </summary>
internal static class SyntheticPeople
{
    public static string Email(int n) => string.Create(CultureInfo.InvariantCulture, $"person{n:D7}@example.org");

    // Every field is filled, so sealing and revealing cost what they cost for a real contact.
    public static PersonalDetails Details(int n) => new(
        Email(n),
        Name: string.Create(CultureInfo.InvariantCulture, $"Person {n}"),
        Phone: string.Create(CultureInfo.InvariantCulture, $"+44 20 7946 {n % 10_000:D4}"),
        Company: string.Create(CultureInfo.InvariantCulture, $"Company {n % 997}"));

    /// <summary>What the person wrote in the contact form: a few sentences, as a real enquiry would be.</summary>
    public static string Message(int n) => string.Create(CultureInfo.InvariantCulture,
        $"Hello, this is Person {n} from Company {n % 997}. We are looking at your product for our team of {n % 200 + 5} people and would like a quote, a short demonstration and to know where our data would be stored. Please call me or reply by e-mail.");
}
