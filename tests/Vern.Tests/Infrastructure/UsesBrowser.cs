namespace Vern.Tests.Infrastructure;

/// <summary>
/// Browser tests share one Chromium and run one at a time: on a two-core machine, parallel
/// browsers only make each other slow enough to time out.
/// </summary>
[CollectionDefinition(Name)]
[StartsEarly]
public sealed class UsesBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
