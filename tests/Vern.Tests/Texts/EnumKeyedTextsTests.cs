using System.Collections;
using Vern.Infrastructure.Texts;

namespace Vern.Tests.Texts;

/// <summary>
/// Words for an enum (legal bases, recipient roles, transfer mechanisms, units of time) are keyed by its
/// members' names. Loading checks keys that are there, not ones that are missing, so a member added to the
/// enum, or a translation that forgot one, would otherwise fail only when a policy names it.
/// </summary>
public sealed class EnumKeyedTextsTests
{
    [Fact]
    public void Every_member_of_an_enum_has_its_words_in_every_language()
    {
        var checkedAny = false;
        foreach (var type in typeof(TextCatalog).Assembly.GetTypes().Where(t => t.IsClass && typeof(ITexts).IsAssignableFrom(t)))
        {
            foreach (var property in type.GetProperties())
            {
                var dictionary = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)
                    ? property.PropertyType.GetGenericArguments()[0] : null;
                if (dictionary is not { IsEnum: true } key)
                    continue;
                foreach (var language in Languages.Supported)
                {
                    var words = (IDictionary)property.GetValue(TextCatalog.Shipped.Load(type, language))!;
                    var missing = Enum.GetValues(key).Cast<object>().Where(member => !words.Contains(member)).ToList();
                    Assert.True(missing.Count == 0, $"Texts/{language}/{type.Name}.json: {property.Name} has no words for {string.Join(", ", missing)}.");
                    checkedAny = true;
                }
            }
        }
        Assert.True(checkedAny, "No text record has words keyed by an enum.");
    }
}
