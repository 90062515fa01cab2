using Microsoft.Playwright;

namespace XiP.EndToEnd.Tests;

/// <summary>Screenshots for the README's "First run", taken by the tests so they show the dashboard as it is.</summary>
internal static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        if (RepositoryRoot() is { } root)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(root, "docs", "images", name), FullPage = true });
        }
    }

    // the tests run from bin/; the images belong next to the README, in the checkout they were built from
    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.XiP.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
