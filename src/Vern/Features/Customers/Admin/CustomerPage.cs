using Vern.Features.Model;

namespace Vern.Features.Customers.Admin;

/// <summary>The definition's processor activities as the customer form lists them.</summary>
internal static class ProcessorActivityChoices
{
    public static IReadOnlyList<(string Id, string Name)> Of(ModelStore models) =>
        [.. models.Current.Model.ProcessorActivities.Select(a => (a.Id, a.Name[Vern.Infrastructure.Texts.Languages.English]))];
}
