using Microsoft.EntityFrameworkCore;
using Vern.Data;
using Vern.Features.Customers.Agreements;

namespace Vern.Features.Policies;

/// <summary>What people were told must stay exactly as they were told it.</summary>
internal static class PublishedPolicies
{
    public static void RefuseChanges(AppDb db)
    {
        foreach (var entry in db.ChangeTracker.Entries<PolicyVersion>())
        {
            var wasPublished = entry.State is EntityState.Modified or EntityState.Deleted
                && entry.Property(v => v.Status).OriginalValue == PolicyStatus.Published;
            if (wasPublished)
                throw new InvalidOperationException($"Policy version {entry.Entity.Language} {entry.Entity.Number} is published and cannot be changed; make a new version instead.");
        }
        // A data processing agreement binds once published just as a policy does.
        foreach (var entry in db.ChangeTracker.Entries<DpaVersion>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted && entry.Property(v => v.Status).OriginalValue == PolicyStatus.Published)
                throw new InvalidOperationException($"Version {entry.Entity.Number} of the data processing agreement is published and cannot be changed; make a new version instead.");
        }
    }
}
