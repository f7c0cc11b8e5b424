using System.Text;
using Vern.Features.Rights.Access;
using Vern.Tests.Infrastructure;
using Vern.Tests.Ropa;
using static Vern.Tests.Rights.AccessPackageSamples;

namespace Vern.Tests.Rights;

/// <summary>The <c>data.json</c> people and their tools read, held byte for byte: names, order, nulls and escaping.</summary>
public sealed class AccessPackageGoldenTests
{
    [Fact]
    public async Task The_data_json_of_an_access_package_matches_its_golden_file() =>
        Golden.AssertMatches("access-package-data.json", await DataJsonAsync(portability: false));

    [Fact]
    public async Task The_data_json_of_a_portability_package_matches_its_golden_file() =>
        Golden.AssertMatches("portability-package-data.json", await DataJsonAsync(portability: true));

    private static async Task<string> DataJsonAsync(bool portability) => Encoding.UTF8.GetString(Unzip(
        await AccessPackageBuilder.BuildAsync(Definitions.Parse(Definitions.Demo), Subject(), [Statistics(), Contacts()], CreatedAt, "en", portability))["data.json"]);
}
