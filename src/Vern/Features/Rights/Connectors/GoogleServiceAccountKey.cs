using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vern.Infrastructure.Hosting;

namespace Vern.Features.Rights.Connectors;

/// <summary>
/// The JSON key Google Cloud gives for a service account, and the signed assertion (RFC 7523) it
/// trades for an access token. It is read and checked once at start-up, so a wrong file stops Vern
/// at once instead of failing the first erasure an hour later. Messages name the file, never its
/// contents: the file holds the private key.
/// </summary>
internal sealed class GoogleServiceAccountKey : IDisposable
{
    private readonly RSA key;

    private GoogleServiceAccountKey(string clientEmail, string privateKeyId, string tokenUri, RSA key)
    {
        ClientEmail = clientEmail;
        PrivateKeyId = privateKeyId;
        TokenUri = tokenUri;
        this.key = key;
    }

    public string ClientEmail { get; }
    public string PrivateKeyId { get; }

    /// <summary>
    /// As written in the file: it is both where the assertion is posted and the audience the assertion
    /// names, and Google compares the audience as a string.
    /// </summary>
    public string TokenUri { get; }

    /// <param name="setting">The configuration key the path came from, so the operator knows what to fix.</param>
    public static GoogleServiceAccountKey Load(string path, string setting)
    {
        var fullPath = Path.GetFullPath(path);
        StartupException Invalid(string problem) => new($"{setting}: {problem}");

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Invalid($"there is no file at '{fullPath}'.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid($"'{fullPath}' cannot be read ({e.GetType().Name}).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            // The parser's own message quotes the offending characters, which may be part of the key.
            throw Invalid($"'{fullPath}' is not valid JSON (line {e.LineNumber + 1}); give the key file as Google Cloud downloads it.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid($"'{fullPath}' is not a service account key; give the key file as Google Cloud downloads it.");
            var type = Text(root, "type");
            if (type != "service_account")
            {
                throw Invalid(type is null
                    ? $"'{fullPath}' has no \"type\"; it must be a service account key (\"type\": \"service_account\")."
                    : $"'{fullPath}' is a key of type '{type}', not 'service_account'; create a key for a service account.");
            }
            string[] required = ["client_email", "private_key_id", "private_key", "token_uri"];
            var missing = required.Where(name => Text(root, name) is null).ToList();
            if (missing.Count > 0)
                throw Invalid($"'{fullPath}' lacks {string.Join(", ", missing)}.");

            var tokenUri = Text(root, "token_uri")!;
            if (!Uri.TryCreate(tokenUri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
                throw Invalid($"the token_uri in '{fullPath}' is not an http(s) address.");

            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(Text(root, "private_key"));
                // A public key imports too; only signing shows the private half is there.
                rsa.SignData([], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                rsa.Dispose();
                throw Invalid($"the private_key in '{fullPath}' is not an unencrypted PEM RSA private key.");
            }
            return new GoogleServiceAccountKey(Text(root, "client_email")!, Text(root, "private_key_id")!, tokenUri, rsa);
        }
    }

    /// <summary>
    /// A JWT valid for the hour Google allows at most. Built by hand: it is three fixed JSON objects,
    /// not worth a JWT library.
    /// </summary>
    public string CreateAssertion(string scope, DateTimeOffset now)
    {
        var header = Json(w =>
        {
            w.WriteString("alg", "RS256");
            w.WriteString("typ", "JWT");
            w.WriteString("kid", PrivateKeyId);
        });
        var claims = Json(w =>
        {
            w.WriteString("iss", ClientEmail);
            w.WriteString("scope", scope);
            w.WriteString("aud", TokenUri);
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
            w.WriteNumber("exp", now.AddHours(1).ToUnixTimeSeconds());
        });
        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(claims)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    public void Dispose() => key.Dispose();

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
