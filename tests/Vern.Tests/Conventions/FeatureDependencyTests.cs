using NetArchTest.Rules;
using Vern.Data;

namespace Vern.Tests.Conventions;

/// <summary>
/// Features meet through the shared privacy contracts (Vern.Infrastructure.Privacy), not through each
/// other: the consent ledger and the rights orchestrator know nothing of one another. Read from the
/// compiled assembly, so a fully qualified name or a use inside a method body counts as much as a using.
/// </summary>
public sealed class FeatureDependencyTests
{
    [Theory]
    [InlineData("Vern.Features.Consent", "Vern.Features.Rights")]
    [InlineData("Vern.Features.Rights", "Vern.Features.Consent")]
    public void A_feature_does_not_depend_on_another_that_meets_it_through_the_contracts(string feature, string other)
    {
        var result = Types.InAssembly(typeof(AppDb).Assembly)
            .That().ResideInNamespace(feature)
            .ShouldNot().HaveDependencyOn(other)
            .GetResult();

        Assert.True(result.IsSuccessful,
            $"{feature} uses {other}: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
