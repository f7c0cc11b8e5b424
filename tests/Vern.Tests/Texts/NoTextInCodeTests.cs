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
        ("Features/Retention/", "the retention rules' checks and runs, read by the privacy officer, auditors and operators"),
        ("Features/Site/", "the demo website: an example company's own pages in English, turned off in a real installation"),
        ("Features/Newsletter/Campaigns/", "campaigns are written, checked and sent by the marketing role, whose console is in English; what subscribers read comes from the texts"),
        ("Features/Newsletter/Import/", "imports are checked for the marketing role and the privacy officer, whose console is in English; what imported people read comes from the texts"),
    ];

    /// <summary>
    /// Single files that speak only to staff, operators or developers, in folders whose other files speak
    /// to people; grouped by why. Each path is exact under <c>src/Vern/</c>.
    /// </summary>
    private static readonly (string Why, string[] Files)[] AllowedFiles =
    [
        ("the staff console's case actions and the case record they write: their errors, the case outcome, the tasks and the audit details are read by staff",
        [
            "Features/Rights/ApproveAccessPackage.cs",
            "Features/Rights/CaseText.cs",
            "Features/Rights/ExpireUnverifiedRequests.cs",
            "Features/Rights/ExtendRightsRequest.cs",
            "Features/Rights/LiftRestriction.cs",
            "Features/Rights/RecordCompellingGrounds.cs",
            "Features/Rights/LogRightsRequest.cs",
            "Features/Rights/PlaceHold.cs",
            "Features/Rights/RecipientNotices.cs",
            "Features/Rights/RectifyRightsRequest.cs",
            "Features/Rights/RefuseRightsRequest.cs",
            "Features/Rights/Requesters.cs",
            "Features/Rights/RightsFulfilment.cs",
        ]),
        ("the processor role's console: why a version of the agreement was not drafted, published or sent, where a customer stands with it, what the product did with a forwarded request or an ended licence's data or why it failed, read by staff, auditors and in the record of processing",
        [
            "Features/Customers/Agreements/Agreements.cs",
            "Features/Customers/Agreements/DpaStanding.cs",
            "Features/Customers/Admin/SubProcessors.cshtml.cs",
            "Features/Customers/Closure/LicenceClosure.cs",
            "Features/Customers/Closure/LicenceClosures.cs",
            "Features/Customers/Requests/ForwardedRequest.cs",
            "Features/Customers/Requests/ForwardedRequests.cs",
            "Features/Rights/Connectors/ProductConnector.cs",
        ]),
        ("why a policy was not imported or published, shown to staff in the policy console and the audit log",
        [
            "Features/Policies/PolicyDocument.cs",
            "Features/Policies/PublishPolicy.cs",
        ]),
        ("what staff, auditors and developers read about the consent ledger: the audit entry of deleted records, why the ledger's evidence is not sealed with the person's key (a [Personal] reason), and what `ledger verify` finds wrong with the log's signed tree heads",
        [
            "Features/Consent/ConsentRetention.cs",
            "Features/Consent/ConsentRecord.cs",
            "Features/Consent/ConsentLogVerification.cs",
        ]),
        ("the newsletter's audit details, read by staff and auditors",
        [
            "Features/Newsletter/Subscriptions.cs",
        ]),
        ("a connector's failure, recorded on the case for staff and logged for operators; the person reads CompletionTexts' general line instead",
        [
            "Features/Rights/Connectors/ConnectorHttp.cs",
            "Features/Rights/Connectors/GoogleServiceAccountToken.cs",
        ]),
        ("the problem details of the JSON APIs that a company's own website calls, read by its developers (the demo site, in English, shows them as they come)",
        [
            "Features/Rights/RightsFeature.cs",
            "Features/Subjects/RecordSubmission.cs",
            "Features/Newsletter/Subscribe.cs",
            "Features/Newsletter/Unsubscribe.cs",
            "Features/Analytics/CollectEvents.cs", // the tracker never shows them; its site's developers read them
            "Features/Analytics/EventCollector.cs",
            "Features/Customers/Requests/ForwardByApi.cs", // read by the developers of a customer's own systems
            "Infrastructure/Privacy/VisitorIds.cs",
            "Features/Consent/DecisionInput.cs", // the shipped banner shows its own BannerTexts.Error instead
            "Features/Consent/RecordDecision.cs",
            "Features/Consent/GetDecision.cs",
            "Features/Consent/GetDecisionStatus.cs",
            "Features/Consent/GetLog.cs", // the log's head and consistency proofs, read by auditors' tools
            "Features/Consent/GetReceipt.cs",
            "Features/Consent/ListVisitorDecisions.cs", // read by the privacy centre's preferences page, which shows its own texts
        ]),
        ("SQL that only PostgreSQL reads: the monthly partitions of the raw statistics", ["Features/Analytics/AnalyticsPartitions.cs"]),
    ];

    /// <summary>Three words in a row, one of them in lower case: "Accept all cookies", not "GET" or "application/json".</summary>
    [GeneratedRegex(@"\p{L}+[,;:]? +\p{Ll}+[,;:]? +\p{L}+|[æøåÆØÅ]")]
    private static partial Regex Sentence();

    [Fact]
    public void No_user_facing_sentence_is_written_in_CSharp()
    {
        var src = Path.Combine(RepositoryRoot(), "src", "Vern");
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)
                || relative.Contains("/Admin/", StringComparison.Ordinal) // the staff console, in English for staff
                || AllowList.Any(a => relative.StartsWith(a.Prefix, StringComparison.Ordinal))
                || AllowedFiles.Any(a => a.Files.Contains(relative)))
                continue;
            found.AddRange(Sentences(file).Select(s => $"{relative}:{s}"));
        }
        Assert.True(found.Count == 0, $"{found.Count} sentences in C#; move them to src/Vern/Texts/:\n" + string.Join('\n', found));

        // An allowed file that no longer holds a sentence leaves the list, so the list stays short and true.
        var needless = AllowedFiles.SelectMany(a => a.Files).Where(f => !File.Exists(Path.Combine(src, f)) || !Sentences(Path.Combine(src, f)).Any());
        Assert.Empty(needless);
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
