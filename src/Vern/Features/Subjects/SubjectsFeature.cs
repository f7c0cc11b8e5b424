using Vern.Infrastructure.Crypto;

namespace Vern.Features.Subjects;

internal static class SubjectsFeature
{
    public static void AddSubjects(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MasterKeySource>();
        builder.Services.AddSingleton<KeyStore>();
        builder.Services.AddSingleton<LookupHasher>();
        builder.Services.AddScoped<SubjectVault>();
    }
}
