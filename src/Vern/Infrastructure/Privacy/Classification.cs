namespace Vern.Infrastructure.Privacy;

/// <summary>
/// The property holds personal data about a subject. It is stored encrypted with the subject's
/// own data key, or as a keyed hash for lookup, and is exported and erased with the subject.
/// A convention test requires every entity property to carry this or <see cref="NotPersonalAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PersonalAttribute(string category) : Attribute
{
    /// <summary>The data category of the privacy model, such as "contact-details".</summary>
    public string Category { get; } = category;
}

/// <summary>The property holds no personal data (ids, timestamps, hashes of non-personal content).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class NotPersonalAttribute : Attribute;
