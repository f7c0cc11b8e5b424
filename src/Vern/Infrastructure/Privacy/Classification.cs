namespace Vern.Infrastructure.Privacy;

/// <summary>
/// The property holds personal data about a subject. Two convention tests give it its effect: the
/// entity is covered by a registered <see cref="IPersonalDataSource"/> (so the person's data is exported
/// and erased with them), and the value is stored as bytes, sealed with the subject's own data key or
/// as a keyed hash for lookup. Where either cannot hold, the attribute says why (<see cref="NoSource"/>,
/// <see cref="Plaintext"/>), so the exception is read where the data is declared.
/// A convention test also requires every entity property to carry this or <see cref="NotPersonalAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PersonalAttribute(string category) : Attribute
{
    /// <summary>The data category of the privacy model, such as "contact-details".</summary>
    public string Category { get; } = category;

    /// <summary>Why the value is stored readable rather than sealed with the subject's data key.</summary>
    public string? Plaintext { get; set; }

    /// <summary>Why no source exports and erases the entity holding it, and what happens to the value instead.</summary>
    public string? NoSource { get; set; }
}

/// <summary>The property holds no personal data (ids, timestamps, hashes of non-personal content).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class NotPersonalAttribute : Attribute;
