using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Vern.Features.Analytics;
using Vern.Features.Audit;
using Vern.Features.Blocks;
using Vern.Features.Breaches;
using Vern.Features.Consent;
using Vern.Features.Customers;
using Vern.Features.Customers.Agreements;
using Vern.Features.Customers.Closure;
using Vern.Features.Customers.Portal;
using Vern.Features.Customers.Requests;
using Vern.Features.Customers.SubProcessors;
using Vern.Features.Disclosures;
using Vern.Features.Model;
using Vern.Features.Newsletter;
using Vern.Features.Newsletter.Campaigns;
using Vern.Features.Policies;
using Vern.Features.Retention;
using Vern.Features.Rights;
using Vern.Features.Staff;
using Vern.Features.Subjects;

namespace Vern.Data;

/// <summary>
/// The schema's table of contents. Provider differences live only in <see cref="Sqlite.SqliteAppDb"/>
/// and <see cref="Postgres.PostgresAppDb"/>, each with its own migrations.
/// </summary>
internal abstract class AppDb(DbContextOptions options) : IdentityDbContext<StaffUser, IdentityRole, string>(options)
{
    public DbSet<Subject> Subjects => Set<Subject>();

    /// <summary>Subjects shredded in this unit of work, whose keys go once it is committed (<see cref="KeyShredding"/>).</summary>
    internal HashSet<Guid> KeysToDestroy { get; } = [];

    public DbSet<SubjectIdentifier> SubjectIdentifiers => Set<SubjectIdentifier>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<RetentionConsent> RetentionConsents => Set<RetentionConsent>();
    public DbSet<RightsRequest> RightsRequests => Set<RightsRequest>();
    public DbSet<RequestMessage> RequestMessages => Set<RequestMessage>();
    public DbSet<Infrastructure.Email.OutboxMessage> OutboxMessages => Set<Infrastructure.Email.OutboxMessage>();
    public DbSet<RequestSourceResult> RequestSourceResults => Set<RequestSourceResult>();
    public DbSet<AccessPackage> AccessPackages => Set<AccessPackage>();
    public DbSet<ErasureLedgerEntry> ErasureLedger => Set<ErasureLedgerEntry>();
    public DbSet<SubjectHold> SubjectHolds => Set<SubjectHold>();
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();
    public DbSet<ConsentAnchor> ConsentAnchors => Set<ConsentAnchor>();
    public DbSet<ConsentLogNode> ConsentLogNodes => Set<ConsentLogNode>();
    public DbSet<ConsentTreeHead> ConsentTreeHeads => Set<ConsentTreeHead>();
    public DbSet<RetentionRun> RetentionRuns => Set<RetentionRun>();
    public DbSet<RetentionDisposal> RetentionDisposals => Set<RetentionDisposal>();
    public DbSet<AnonymousTotal> AnonymousTotals => Set<AnonymousTotal>();
    public DbSet<Subscriber> Subscribers => Set<Subscriber>();
    public DbSet<Suppression> NewsletterSuppressions => Set<Suppression>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerContact> CustomerContacts => Set<CustomerContact>();
    public DbSet<DpaVersion> DpaVersions => Set<DpaVersion>();
    public DbSet<DpaInvitation> DpaInvitations => Set<DpaInvitation>();
    public DbSet<DpaAcceptance> DpaAcceptances => Set<DpaAcceptance>();
    public DbSet<SubProcessorChange> SubProcessorChanges => Set<SubProcessorChange>();
    public DbSet<SubProcessorNotice> SubProcessorNotices => Set<SubProcessorNotice>();
    public DbSet<PortalSignIn> PortalSignIns => Set<PortalSignIn>();
    public DbSet<ForwardedRequest> ForwardedRequests => Set<ForwardedRequest>();
    public DbSet<CustomerApiKey> CustomerApiKeys => Set<CustomerApiKey>();
    public DbSet<LicenceClosure> LicenceClosures => Set<LicenceClosure>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentEvent> IncidentEvents => Set<IncidentEvent>();
    public DbSet<IncidentCustomerNotice> IncidentCustomerNotices => Set<IncidentCustomerNotice>();
    public DbSet<IncidentPerson> IncidentPeople => Set<IncidentPerson>();
    public DbSet<Disclosure> Disclosures => Set<Disclosure>();
    public DbSet<DisclosurePerson> DisclosurePersons => Set<DisclosurePerson>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<AnalyticsEvent> AnalyticsEvents => Set<AnalyticsEvent>();
    public DbSet<AnalyticsVisitorDay> AnalyticsVisitorDays => Set<AnalyticsVisitorDay>();
    public DbSet<AnalyticsSalt> AnalyticsSalts => Set<AnalyticsSalt>();
    public DbSet<AnalyticsDay> AnalyticsDays => Set<AnalyticsDay>();
    public DbSet<AnalyticsMonth> AnalyticsMonths => Set<AnalyticsMonth>();
    public DbSet<AnalyticsHour> AnalyticsHours => Set<AnalyticsHour>();
    public DbSet<BlockContest> BlockContests => Set<BlockContest>();
    public DbSet<CampaignMessage> CampaignMessages => Set<CampaignMessage>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly, t => !t.IsAbstract);
    }

    /// <summary>
    /// Serialises writers of the audit chain for the current transaction, so that two concurrent
    /// writers cannot both append after the same predecessor.
    /// </summary>
    internal abstract Task<IAsyncDisposable> LockAuditChainAsync(CancellationToken ct);

    /// <summary>The same for the consent ledger, a chain of its own so decisions never wait for staff activity.</summary>
    internal abstract Task<IAsyncDisposable> LockConsentLedgerAsync(CancellationToken ct);

    /// <summary>
    /// Moves what the write-ahead log holds into the database, without waiting for readers or writers, where the database keeps
    /// such a log in a file of its own (SQLite); a no-op elsewhere. For a job that writes much, between its transactions.
    /// </summary>
    internal virtual Task CheckpointAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// How long a background job's write should last, so a request waiting behind it is not kept long. A write here holds
    /// only its own rows, which no request waits for: a dozen round trips for one person take longer than 10 ms, and batches
    /// of one would make a retention run at full scale miss its 5 minutes. One that holds the consent ledger's lock keeps
    /// every banner decision waiting: at 100 ms, decisions' p99 during a full-scale run was 2.4 times its p99 without
    /// (bench/README.md, retention).
    /// </summary>
    internal virtual TimeSpan BatchWriteBudget(bool locksConsentLedger) => TimeSpan.FromMilliseconds(locksConsentLedger ? 10 : 100);

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PublishedPolicies.RefuseChanges(this);
        var audit = AuditChain.HasPendingEntries(this);
        var consent = ConsentChain.HasPendingRecords(this);
        if (!audit && !consent)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        // Chain entries are written in the same transaction as the change they record.
        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            // Always the ledger before the audit trail, so two writers never wait on each other in a cycle.
            await using (consent ? await LockConsentLedgerAsync(cancellationToken) : NoLock.Instance)
            await using (audit ? await LockAuditChainAsync(cancellationToken) : NoLock.Instance)
            {
                if (consent)
                    await ConsentChain.LinkPendingRecordsAsync(this, cancellationToken);
                if (audit)
                    await AuditChain.LinkPendingEntriesAsync(this, cancellationToken);
                var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                if (ownTransaction is not null)
                    await ownTransaction.CommitAsync(cancellationToken);
                return written;
            }
        }
        finally
        {
            if (ownTransaction is not null)
                await ownTransaction.DisposeAsync();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        AuditChain.HasPendingEntries(this) || ConsentChain.HasPendingRecords(this)
            ? throw new InvalidOperationException("Audit entries and consent records must be saved with SaveChangesAsync.")
            : base.SaveChanges(acceptAllChangesOnSuccess);

    /// <summary>A lock that is not taken, for the chain a save does not touch.</summary>
    protected sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
