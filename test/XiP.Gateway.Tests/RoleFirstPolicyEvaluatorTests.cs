using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using XiP.Gateway.Security;

namespace XiP.Gateway.Tests;

/// <summary>
/// The role-policy shortcut decides exactly as the framework's evaluator for every role and caller, and hands the
/// framework everything it does not plainly grant: a refusal, an anonymous caller, a policy with more to it.
/// </summary>
public sealed class RoleFirstPolicyEvaluatorTests
{
    private static readonly string?[] Callers = [null, XiPRoles.Viewer, XiPRoles.Trader, XiPRoles.Admin, "unknown-role"];

    public static TheoryData<string, string?> Cases()
    {
        var cases = new TheoryData<string, string?>();
        foreach (var policy in XiPRoles.All)
        {
            foreach (var caller in Callers)
            {
                cases.Add(policy, caller);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_shortcut_decides_as_the_framework_does(string role, string? callerRole)
    {
        using var services = Services();
        var policy = await services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(role);
        var framework = new PolicyEvaluator(services.GetRequiredService<IAuthorizationService>());
        var shortcut = new RoleFirstPolicyEvaluator(framework);
        var context = Context(services, callerRole);
        var authenticated = context.User.Identity!.IsAuthenticated ? AuthenticateResult.Success(new AuthenticationTicket(context.User, "test")) : AuthenticateResult.NoResult();

        var expected = await framework.AuthorizeAsync(policy!, authenticated, context, null);
        var actual = await shortcut.AuthorizeAsync(policy!, authenticated, context, null);

        Assert.Equal((expected.Succeeded, expected.Challenged, expected.Forbidden), (actual.Succeeded, actual.Challenged, actual.Forbidden));
    }

    [Fact]
    public async Task A_policy_with_more_than_a_role_is_left_to_the_framework()
    {
        using var services = Services();
        var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new CallerRoleRequirement(XiPRoles.Viewer)).RequireClaim("department", "risk").Build();
        var shortcut = new RoleFirstPolicyEvaluator(new PolicyEvaluator(services.GetRequiredService<IAuthorizationService>()));
        var context = Context(services, XiPRoles.Admin);

        var result = await shortcut.AuthorizeAsync(policy, AuthenticateResult.Success(new AuthenticationTicket(context.User, "test")), context, null);

        // the admin holds the role, but not the claim: only the framework's full evaluation refuses it
        Assert.True(result.Forbidden);
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        XiPSecurity.AddRolePolicies(services);
        return services.BuildServiceProvider();
    }

    private static DefaultHttpContext Context(IServiceProvider services, string? role)
    {
        var identity = role is null
            ? new ClaimsIdentity()
            : new ClaimsIdentity([new Claim(ClaimNames.Subject, "someone"), new Claim(ClaimNames.Roles, role), new Claim(ClaimNames.Books, "*")], "test", ClaimNames.Subject, ClaimNames.Roles);
        return new DefaultHttpContext { RequestServices = services, User = new ClaimsPrincipal(identity) };
    }
}
