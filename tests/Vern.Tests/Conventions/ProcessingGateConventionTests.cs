using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Infrastructure.Privacy;

namespace Vern.Tests.Conventions;

/// <summary>
/// Every feature that uses a person's data for a purpose asks the <see cref="ProcessingGate"/> first
/// (ADR 33). Parses every source file with Roslyn and finds the types that process personal data: they add
/// a row to a table whose entity has <see cref="PersonalAttribute"/> properties, write into the person's
/// vault, or send through a connector. Each must use the gate, or be listed here with the reason it may not.
/// </summary>
public sealed class ProcessingGateConventionTests
{
    /// <summary>
    /// Processing that is not for a purpose of the definition, by the type's path under <c>src/Vern/</c>:
    /// the vault itself, and answering what the person asked for, which no state of theirs may stop.
    /// </summary>
    private static readonly (string Why, string[] Types)[] AllowList =
    [
        ("the vault: where personal data is sealed and stored, called by the features that the gate has let through",
        ["Features/Subjects/SubjectVault.cs:SubjectVault"]),
        ("the outbox: delivers mail its callers decided to send (answers to rights requests, staff accounts); a feature that mails "
            + "for a purpose, such as the newsletter, asks the gate before it hands the mail over",
        ["Infrastructure/Email/MailOutbox.cs:MailOutbox"]),
        ("fraud blocks: processing for the fraud-prevention purpose itself, which the gate lets go on for a blocked person, and "
            + "the person's contest of a block (Art. 22(3)), which no state of theirs may stop",
        ["Features/Blocks/FraudBlocks.cs:FraudBlocks"]),
        ("answering a rights request (intake, confirmation, fulfilment, rectification, and the connectors' export, erasure, "
            + "rectification and limit calls): the person asked for it, and the gate must never refuse an access or an erasure",
        [
            "Features/Rights/Connectors/HubSpotConnector.cs:HubSpotConnector",
            "Features/Rights/Connectors/WebhookConnector.cs:WebhookConnector",
            "Features/Rights/Connectors/GoogleAnalyticsConnector.cs:GoogleAnalyticsConnector",
            "Features/Rights/Connectors/GoogleServiceAccountToken.cs:GoogleServiceAccountToken",
            "Features/Rights/Requesters.cs:Requesters",
            "Features/Rights/RequestIntake.cs:RequestIntake",
            "Features/Rights/VerifyRightsRequest.cs:VerifyRightsRequest",
            "Features/Rights/Access/AccessPackages.cs:AccessPackages",
        ]),
        ("carrying out a customer's instructions as its processor: a request the customer forwarded about its own users, whom Vern "
            + "holds nothing else of, run through the product for that customer and answered to the contact who forwarded it; and at the end of "
            + "a licence, the customer's own data exported to it and deleted, as its agreement instructs (its contacts are written to through the gate)",
        [
            "Features/Customers/Closure/LicenceClosures.cs:LicenceClosures",
            "Features/Customers/Requests/ForwardedRequests.cs:ForwardedRequests",
            "Features/Rights/Connectors/ProductConnector.cs:ProductConnector",
        ]),
        ("the consent ledger: recording a person's own choice is how consent is given and withdrawn, and the gate reads it",
        [
            "Features/Consent/RecordDecision.cs:RecordDecision",
            "Features/Consent/WithdrawConsent.cs:WithdrawConsent",
            "Features/Newsletter/NewsletterConsent.cs:NewsletterConsent",
        ]),
    ];

    [Fact]
    public void Every_feature_that_processes_personal_data_asks_the_gate()
    {
        var processing = ProcessingTypes();

        // The finder finds what it must: the submissions API processes, and does so through the gate.
        Assert.Contains("Features/Subjects/RecordSubmission.cs:RecordSubmission", processing.Keys);
        Assert.True(processing["Features/Subjects/RecordSubmission.cs:RecordSubmission"], "RecordSubmission no longer asks the gate.");

        var allowed = AllowList.SelectMany(a => a.Types).ToHashSet();
        var ungated = processing.Where(p => !p.Value && !allowed.Contains(p.Key)).Select(p => p.Key).Order().ToList();
        Assert.True(ungated.Count == 0,
            "These process personal data without asking ProcessingGate: ask it before using the data for a purpose, or list them with the reason: "
            + string.Join(", ", ungated));

        var stale = allowed.Where(a => !processing.ContainsKey(a) || processing[a]).Order().ToList();
        Assert.True(stale.Count == 0, "These allow-list entries no longer process personal data without the gate; remove them: " + string.Join(", ", stale));
    }

    /// <summary>Each type that processes personal data (path:name), and whether it uses the gate.</summary>
    private static Dictionary<string, bool> ProcessingTypes()
    {
        var (personalSets, personalEntities) = PersonalTables();
        var src = Path.Combine(RepositoryRoot(), "src", "Vern");
        var found = new Dictionary<string, bool>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.Contains("/Migrations/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
                continue;
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var type in root.DescendantNodes().OfType<TypeDeclarationSyntax>().Where(t => t.Parent is not TypeDeclarationSyntax))
            {
                if (!type.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => Processes(i, personalSets, personalEntities)))
                    continue;
                var usesGate = type.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == nameof(ProcessingGate));
                found[$"{relative}:{type.Identifier.ValueText}"] = usesGate;
            }
        }
        return found;
    }

    /// <summary>
    /// Adds a personal row (<c>db.Submissions.Add</c>, or creates one for a writer that inserts it itself, such as
    /// <c>ConsentRecord.Create</c>), writes into the vault, or sends through a connector.
    /// </summary>
    private static bool Processes(InvocationExpressionSyntax invocation, HashSet<string> personalSets, HashSet<string> personalEntities)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax access)
            return false;
        var method = access.Name.Identifier.ValueText;
        var receiver = access.Expression switch
        {
            MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
            IdentifierNameSyntax i => i.Identifier.ValueText,
            _ => "",
        };
        if (method is "Add" or "AddRange" or "AddAsync" or "AddRangeAsync" && personalSets.Contains(receiver))
            return true;
        if (method == "Create" && personalEntities.Contains(receiver))
            return true;
        if (receiver.Equals("vault", StringComparison.OrdinalIgnoreCase) && method is "AddAsync" or "AddIdentifierAsync" or "FillMissingAsync" or "SealAsync" or "SealBytesAsync")
            return true;
        return receiver == "ConnectorHttp" && method == "SendAsync";
    }

    /// <summary>The names of <see cref="AppDb"/>'s tables whose entity has a personal property, and of those entities.</summary>
    private static (HashSet<string> Tables, HashSet<string> Entities) PersonalTables()
    {
        var tables = typeof(AppDb).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
            .Select(p => (Table: p.Name, Entity: p.PropertyType.GetGenericArguments()[0]))
            .Where(t => t.Entity.GetProperties().Any(x => x.GetCustomAttribute<PersonalAttribute>() is not null))
            .ToList();
        return (tables.Select(t => t.Table).ToHashSet(StringComparer.Ordinal), tables.Select(t => t.Entity.Name).ToHashSet(StringComparer.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vern.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
