using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Vern.Tests.Infrastructure.LongCollectionsFirst", "Vern.Tests")]

namespace Vern.Tests.Infrastructure;

/// <summary>
/// Marks a collection definition or test class whose tests take minutes one after another (the browser
/// tests, which share one Chromium, and classes that start Vern as a process many times): started last,
/// such a collection ran alone at the end of the suite with the second core idle.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StartsEarlyAttribute : Attribute;

/// <summary>
/// Starts the collections marked <see cref="StartsEarlyAttribute"/> first, so the shorter ones fill in
/// around them; the rest keep xUnit's own order.
/// </summary>
public sealed class LongCollectionsFirst : ITestCollectionOrderer
{
    private const string ClassCollectionPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        new DefaultTestCollectionOrderer().OrderTestCollections(testCollections).OrderBy(c => StartsEarly(c) ? 0 : 1);

    private static bool StartsEarly(ITestCollection collection)
    {
        // A class without a [Collection] gets a collection of its own, named after the class.
        var type = collection.CollectionDefinition?.ToRuntimeType()
            ?? (collection.DisplayName.StartsWith(ClassCollectionPrefix, StringComparison.Ordinal)
                ? typeof(LongCollectionsFirst).Assembly.GetType(collection.DisplayName[ClassCollectionPrefix.Length..])
                : null);
        return type?.IsDefined(typeof(StartsEarlyAttribute), inherit: false) == true;
    }
}
