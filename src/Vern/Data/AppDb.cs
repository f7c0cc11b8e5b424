using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Vern.Features.Audit;
using Vern.Features.Model;
using Vern.Features.Policies;
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
    public DbSet<SubjectIdentifier> SubjectIdentifiers => Set<SubjectIdentifier>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();

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

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PublishedPolicies.RefuseChanges(this);
        if (!AuditChain.HasPendingEntries(this))
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        // Audit entries are written in the same transaction as the change they record.
        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            await using (await LockAuditChainAsync(cancellationToken))
            {
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
        AuditChain.HasPendingEntries(this)
            ? throw new InvalidOperationException("Audit entries must be saved with SaveChangesAsync.")
            : base.SaveChanges(acceptAllChangesOnSuccess);
}
