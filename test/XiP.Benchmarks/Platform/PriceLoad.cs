using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace XiP.Benchmarks.Platform;

/// <summary>
/// <c>POST /v1/price</c> of one option under load from 32 connections: with wrk (Debian package <c>wrk</c>) when it is on
/// the PATH, as the issue measures it, otherwise with a client of this process. Either runs on the same cores as the gateway.
/// </summary>
internal static partial class PriceLoad
{
    private const string Body = """{"marketData":{"valuationDate":"2024-01-15","curves":{"USD":{"flatRate":0.04}},"equities":{"ACME":{"spot":100,"dividendYield":0.01,"volatility":0.25}}},"trades":[{"id":"p1","type":"europeanOption","underlying":"ACME","optionType":"call","strike":101.5,"expiry":"2025-01-15","quantity":1,"discountCurve":"USD"}],"measures":["pv"]}""";

    public static async Task<(string Tool, double RequestsPerSecond, long Errors)> RunAsync(GatewayProcess gateway, int connections, TimeSpan duration)
    {
        if (Which("wrk") is { } wrk)
        {
            return ("wrk", await WrkAsync(wrk, gateway.Url, GatewayProcess.ApiKey, connections, duration), 0);
        }

        var (rate, errors) = await ClientAsync(gateway, connections, duration);
        return ("built-in client", rate, errors);
    }

    private static async Task<double> WrkAsync(string wrk, string url, string apiKey, int connections, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), $"xip-price-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.headers[\"X-API-Key\"] = \"{apiKey}\"\nwrk.body = [[{Body}]]\n");
        try
        {
            var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "-s", script, url + "/v1/price" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var match = RequestsPerSecond().Match(output);
            if (!match.Success || output.Contains("Non-2xx", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("wrk did not report a clean run: " + output);
            }

            return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task<(double, long)> ClientAsync(GatewayProcess gateway, int connections, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(gateway.Url) };
        http.DefaultRequestHeaders.Add("X-API-Key", GatewayProcess.ApiKey);
        var payload = Encoding.UTF8.GetBytes(Body);
        long done = 0, errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                using var content = new ByteArrayContent(payload);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync("/v1/price", content);
                await response.Content.ReadAsByteArrayAsync();
                Interlocked.Increment(ref response.IsSuccessStatusCode ? ref done : ref errors);
            }
        }));
        return (done / stop.Elapsed.TotalSeconds, errors);
    }

    private static string? Which(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();
}
