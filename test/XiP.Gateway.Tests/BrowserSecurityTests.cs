using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using XiP.Gateway.Security;

namespace XiP.Gateway.Tests;

/// <summary>
/// What a browser is told: hardening headers and a Content-Security-Policy on every answer, a policy each page
/// can work under, and no CORS unless <c>XiP:Cors:Origins</c> allows an origin.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed partial class BrowserSecurityTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/js/app.js")]
    [InlineData("/css/site.css")]
    [InlineData("/v1/runs")]
    [InlineData("/v1/runs/no-such-run")]
    [InlineData("/health")]
    public async Task Every_answer_carries_the_hardening_headers(string path)
    {
        using var response = await fixture.Client.GetAsync(path);

        AssertHardened(response, ContentSecurityPolicies.Default);
    }

    [Fact]
    public async Task The_dashboard_needs_nothing_its_policy_forbids()
    {
        var page = await fixture.Client.GetStringAsync("/");

        // no inline script, no style attribute or element; every script and style sheet from the gateway itself
        Assert.DoesNotMatch(InlineScript(), page);
        Assert.DoesNotMatch(StyleAttributeOrElement(), page);
        foreach (Match reference in ScriptOrStyleSheet().Matches(page))
        {
            var url = reference.Groups["url"].Value;
            Assert.False(Uri.TryCreate(url, UriKind.Absolute, out _), $"{url} is not the gateway's own");
            Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/" + url)).StatusCode);
        }

        // nor do its scripts: no code from strings, no style attributes written (element.style is CSSOM, which CSP allows)
        var scripts = fixture.Factory.Services.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetDirectoryContents("js");
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            using var reader = new StreamReader(script.CreateReadStream());
            var code = await reader.ReadToEndAsync();
            Assert.DoesNotMatch(CodeFromStrings(), code);
            Assert.DoesNotContain("'style'", code, StringComparison.Ordinal);
            Assert.DoesNotContain(".innerHTML", code, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_orleans_dashboard_is_served_with_a_policy_it_works_under()
    {
        using var response = await fixture.Client.GetAsync("/orleans/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertHardened(response, ContentSecurityPolicies.OrleansDashboard);

        // its scripts are same-origin files (script-src 'self' is enough); it writes style attributes, which the policy allows
        Assert.DoesNotMatch(InlineScript(), page);
        var references = ScriptOrStyleSheet().Matches(page).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(references);
        foreach (var url in references)
        {
            Assert.False(Uri.TryCreate(url, UriKind.Absolute, out _), $"{url} is not the gateway's own");
            using var asset = await fixture.Client.GetAsync(new Uri(new Uri(fixture.Client.BaseAddress!, "/orleans/"), url));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }

        Assert.Matches(StyleAttributeOrElement(), page);
        Assert.Contains("style-src 'self' 'unsafe-inline'", ContentSecurityPolicies.OrleansDashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_reference_gets_its_own_policy()
    {
        using var response = await fixture.Client.GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertHardened(response, ContentSecurityPolicies.ApiReference);
    }

    [Fact]
    public async Task Without_configured_origins_no_cors_header_is_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/runs");
        request.Headers.Add("Origin", "https://elsewhere.example");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/runs");
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        using var answer = await fixture.Client.SendAsync(request);
        using var preflightAnswer = await fixture.Client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.DoesNotContain(answer.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(preflightAnswer.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    private static void AssertHardened(HttpResponseMessage response, string policy)
    {
        Assert.Equal(policy, Single(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal(SecurityHeaders.PermissionsPolicy, Single(response, "Permissions-Policy"));
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.TryGetValues(header, out var content) ? content : []);

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style\b|\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttributeOrElement();

    [GeneratedRegex(@"<(?:script[^>]*\bsrc|link[^>]*rel=""stylesheet""[^>]*\bhref)=""(?<url>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyleSheet();

    [GeneratedRegex(@"\beval\s*\(|new\s+Function\s*\(|set(?:Timeout|Interval)\s*\(\s*['""`]")]
    private static partial Regex CodeFromStrings();
}
