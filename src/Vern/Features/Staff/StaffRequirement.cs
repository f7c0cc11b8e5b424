using Microsoft.AspNetCore.Authorization;

namespace Vern.Features.Staff;

/// <summary>
/// The user holds one of the roles, and has signed in with a second factor if any of their roles
/// can see personal data (<see cref="StaffRoles.RequiringTwoFactor"/>).
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
        if (StaffRoles.LacksRequiredSecondFactor(user))
            return Task.CompletedTask;
        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
