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
    public void The_data_json_of_an_access_package_matches_its_golden_file() =>
        Golden.AssertMatches("access-package-data.json", DataJson(portability: false));

    [Fact]
    public void The_data_json_of_a_portability_package_matches_its_golden_file() =>
        Golden.AssertMatches("portability-package-data.json", DataJson(portability: true));

    private static string DataJson(bool portability) => Encoding.UTF8.GetString(Unzip(
        AccessPackageBuilder.Build(Definitions.Parse(Definitions.Demo), Subject(), [Statistics(), Contacts()], CreatedAt, "en", portability))["data.json"]);
}
