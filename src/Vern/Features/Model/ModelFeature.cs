namespace Vern.Features.Model;

internal static class ModelFeature
{
    public static void AddModel(this WebApplicationBuilder builder) => builder.Services.AddSingleton<ModelStore>();
}
