namespace Vern.Infrastructure.Texts;

/// <summary>The shipped wording of <typeparamref name="T"/> in a person's language: <c>Text&lt;BannerTexts&gt;.In("nb")</c>.</summary>
internal static class Text<T> where T : class, ITexts
{
    public static T In(string? language) => TextCatalog.Shipped.Get<T>(language);
}
