using Microsoft.AspNetCore.Authorization;

namespace Vern.Features.Staff;

/// <summary>
/// The user holds one of the roles, and a privacy officer has signed in with a second factor:
/// the role that can see everything must not rest on a password alone.
/// </summary>
internal sealed class StaffRequirement(string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

internal sealed class StaffRequirementHandler : AuthorizationHandler<StaffRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffRequirement requirement)
    {
        var user = context.User;
        if (!requirement.Roles.Any(user.IsInRole))
            return Task.CompletedTask;
        if (user.IsInRole(StaffRoles.PrivacyOfficer) && !user.HasClaim("amr", "mfa"))
            return Task.CompletedTask;
        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
