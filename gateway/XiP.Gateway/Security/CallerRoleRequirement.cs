using Microsoft.AspNetCore.Authorization;

namespace XiP.Gateway.Security;

/// <summary>The caller holds <see cref="Role"/> or a higher one (<see cref="XiPRoles"/>): the gateway's role policies.</summary>
public sealed class CallerRoleRequirement(string role) : AuthorizationHandler<CallerRoleRequirement>, IAuthorizationRequirement
{
    public string Role { get; } = role;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRoleRequirement requirement)
    {
        if (Caller.Of(context).Has(requirement.Role))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
