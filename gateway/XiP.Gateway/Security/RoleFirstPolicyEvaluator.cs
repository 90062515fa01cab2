using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace XiP.Gateway.Security;

/// <summary>
/// The host's policy evaluator with one shortcut in front: a role policy of the gateway (an authenticated caller holding
/// a role, and nothing else) that an authenticated caller meets is granted here. Through the framework the grant costs
/// an authorisation context, the handler pipeline and its evaluation per request, a twentieth of a <c>POST /v1/price</c>.
/// Every other policy, and every caller the shortcut does not plainly grant, goes to the framework's evaluator, so
/// refusals (401 and 403) are its own, and are still counted in <c>aspnetcore.authorization.attempts</c>.
/// </summary>
public sealed class RoleFirstPolicyEvaluator(IPolicyEvaluator framework) : IPolicyEvaluator
{
    /// <summary>Puts the shortcut in front of the policy evaluator registered so far (call after <c>AddAuthorization</c>).</summary>
    public static void Decorate(IServiceCollection services) =>
        FrameworkServices.Decorate<IPolicyEvaluator>(services, (_, framework) => new RoleFirstPolicyEvaluator(framework));

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context) => framework.AuthenticateAsync(policy, context);

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        if (policy.Requirements is [DenyAnonymousAuthorizationRequirement, CallerRoleRequirement role]
            && authenticationResult is { Succeeded: true }
            && context.User.Identity is { IsAuthenticated: true }
            && Caller.Of(context).Has(role.Role))
        {
            return Task.FromResult(PolicyAuthorizationResult.Success());
        }

        return framework.AuthorizeAsync(policy, authenticationResult, context, resource);
    }
}
