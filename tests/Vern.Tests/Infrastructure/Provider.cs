namespace Vern.Tests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

public static class Providers
{
    /// <summary>For data-layer theories: every test runs against both databases.</summary>
    public static TheoryData<Provider> All => new() { Provider.Sqlite, Provider.Postgres };
}
