using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vern.Tests.Texts;

/// <summary>
/// What a person reads lives in <c>src/Vern/Texts/</c>, never in C#: a sentence in a string literal is a
/// text that a translator cannot reach and a third language would miss. Parses every source file with Roslyn
/// so that comments, attributes and exception messages (read by developers, not by people) are told apart.
/// </summary>
public sealed partial class NoTextInCodeTests
{
    /// <summary>
    /// Places that speak to staff or operators, who use Vern in English, not to the people whose data it
    /// holds. Each entry is a path prefix under <c>src/Vern/</c> and the reason it may hold sentences.
    /// </summary>
    private static readonly (string Prefix, string Why)[] AllowList =
    [
        ("Data/", "database set-up and EF Core's generated migrations, read by operators"),
        ("Infrastructure/Cli/", "the operator's command line, in English like the rest of the tooling"),
        ("Infrastructure/Crypto/", "key-store checks, read by operators"),
        ("Infrastructure/Hosting/", "health checks and the pipeline's answers to API clients (rate limit, body size), read by operators and developers"),
        ("Features/Staff/", "the staff console's accounts and sign-in, in English for staff"),
        ("Features/Model/", "the definition's validation, read by the privacy officer who writes it"),
        ("Features/Audit/Chain", "chain verification reports, read by staff and auditors"),
        ("Features/Backups/", "backup and restore reports, read by operators"),
        ("Features/Ropa/", "the record of processing, kept in English for the supervisory authority and auditors"),
        ("Features/Site/", "the demo website: an example company's own pages in English, turned off in a real installation"),
        ("Features/Consent/DecisionInput.cs", ConsentApiProblems),
        ("Features/Consent/RecordDecision.cs", ConsentApiProblems),
        ("Features/Consent/GetDecision", ConsentApiProblems), // GetDecision.cs and GetDecisionStatus.cs
        ("Features/Consent/ConsentRecord.cs", "the reason in a [Personal] attribute why the ledger keeps its evidence unsealed, read by developers where the data is declared"),
        ("Features/Consent/ConsentRetention.cs", "the audit entry of deleted consent records, read by staff and auditors"),
        ("Features/Policies/ImportPolicy.cs", PolicyConsoleErrors),
        ("Features/Policies/PolicyDocument.cs", PolicyConsoleErrors),
        ("Features/Policies/PublishPolicy.cs", PolicyConsoleErrors),
    ];

    private const string ConsentApiProblems =
        "problem details of the decision API, read by the developer who integrates a banner; the shipped banner shows its own error text";

    private const string PolicyConsoleErrors = "why a policy was not imported or published, shown to staff in the policy console and the audit log";

    /// <summary>
    /// Files whose person-facing sentences have not been moved to <c>src/Vern/Texts/</c> yet. The list only
    /// shrinks: a file leaves it when its texts move, and no file may join it.
    /// </summary>
    private static readonly string[] NotMovedYet =
    [
        "Features/Audit/AuditSource.cs",
        "Features/Consent/ConsentSource.cs",
        "Features/Rights/ApproveAccessPackage.cs",
        "Features/Rights/CaseText.cs",
        "Features/Rights/Connectors/ConnectorHttp.cs",
        "Features/Rights/Connectors/GoogleAnalyticsConnector.cs",
        "Features/Rights/Connectors/GoogleServiceAccountToken.cs",
        "Features/Rights/Connectors/HubSpotConnector.cs",
        "Features/Rights/Connectors/WebhookConnector.cs",
        "Features/Rights/ExpireUnverifiedRequests.cs",
        "Features/Rights/ExtendRightsRequest.cs",
        "Features/Rights/LiftRestriction.cs",
        "Features/Rights/LogRightsRequest.cs",
        "Features/Rights/RecipientNotices.cs",
        "Features/Rights/RectifyRightsRequest.cs",
        "Features/Rights/RefuseRightsRequest.cs",
        "Features/Rights/RequestMailTexts.cs",
        "Features/Rights/Requesters.cs",
        "Features/Rights/RightsFeature.cs",
        "Features/Rights/RightsFulfilment.cs",
        "Features/Rights/SubmitRightsRequest.cs",
        "Features/Subjects/RecordSubmission.cs",
        "Features/Subjects/SubjectsSource.cs",
        "Infrastructure/Privacy/VisitorIds.cs",
    ];

    /// <summary>Three words in a row, one of them in lower case: "Accept all cookies", not "GET" or "application/json".</summary>
    [GeneratedRegex(@"\p{L}+[,;:]? +\p{Ll}+[,;:]? +\p{L}+|[æøåÆØÅ]")]
    private static partial Regex Sentence();

    [Fact]
    public void No_user_facing_sentence_is_written_in_CSharp()
    {
        var src = Path.Combine(RepositoryRoot(), "src", "Vern");
        var found = new List<string>();
        var moved = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)
                || relative.Contains("/Admin/", StringComparison.Ordinal) // the staff console, in English for staff
                || AllowList.Any(a => relative.StartsWith(a.Prefix, StringComparison.Ordinal)))
                continue;
            var sentences = Sentences(file).Select(s => $"{relative}:{s}").ToList();
            if (!NotMovedYet.Contains(relative))
                found.AddRange(sentences);
            else if (sentences.Count == 0)
                moved.Add(relative);
        }
        Assert.True(found.Count == 0, $"{found.Count} sentences in C#; move them to src/Vern/Texts/:\n" + string.Join('\n', found));
        Assert.True(moved.Count == 0, "Take these from NotMovedYet, their texts have moved: " + string.Join(", ", moved));
    }

    private static IEnumerable<string> Sentences(string file) =>
        Literals(CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot())
            .Where(text => Sentence().IsMatch(text.Value) && !ForDevelopers(text.Node))
            .Select(text => $"{text.Node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {text.Value}");

    private static IEnumerable<(SyntaxNode Node, string Value)> Literals(SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            if (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
                yield return (node, literal.Token.ValueText);
            else if (node is InterpolatedStringTextSyntax part)
                yield return (node, part.TextToken.ValueText);
        }
    }

    /// <summary>
    /// Attributes (log templates, documentation of personal data), exception messages and the OpenAPI
    /// document's summaries are read by developers and operators, not shown to people.
    /// </summary>
    private static bool ForDevelopers(SyntaxNode node) => node.Ancestors().Any(a =>
        a is AttributeSyntax
        || a is ThrowExpressionSyntax or ThrowStatementSyntax
        || a is ObjectCreationExpressionSyntax { Type: var type } && type.ToString().EndsWith("Exception", StringComparison.Ordinal)
        || a is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "WithSummary" or "WithDescription" } });

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vern.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Vern.slnx not found above the test binaries.");
    }
}
