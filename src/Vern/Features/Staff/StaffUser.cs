using Microsoft.AspNetCore.Identity;

namespace Vern.Features.Staff;

/// <summary>A staff account. Staff are not subjects: their accounts are managed by Identity.</summary>
internal sealed class StaffUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }
}
