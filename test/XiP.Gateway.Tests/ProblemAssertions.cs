using System.Net;
using System.Text.Json;

namespace XiP.Gateway.Tests;

internal static class ProblemAssertions
{
    /// <summary>Asserts a 400 problem+json whose errors name exactly <paramref name="paths"/> (at least those, when <paramref name="exact"/> is false).</summary>
    public static async Task<JsonElement> AssertBadRequestAsync(HttpResponseMessage response, bool exact, params string[] paths)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        var names = errors.EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var path in paths)
        {
            Assert.True(names.Contains(path), $"errors do not name '{path}': {text}");
        }

        if (exact)
        {
            Assert.True(names.SetEquals(paths), $"errors name more than [{string.Join(", ", paths)}]: {text}");
        }

        return errors;
    }
}
