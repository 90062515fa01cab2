using System.CommandLine;
using System.CommandLine.Parsing;
using XiP.Cli.Commands;

namespace XiP.Cli;

/// <summary>The <c>xip</c> command tree over a <see cref="CliContext"/>; tests drive it in-process.</summary>
public sealed class XipCli
{
    private readonly CliContext _context;

    private XipCli(CliContext context, RootCommand root)
    {
        _context = context;
        Root = root;
    }

    public RootCommand Root { get; }

    public static XipCli Create(CliContext context)
    {
        var url = new Option<Uri>("--url")
        {
            Description = $"The gateway's base URL (default: ${CliContext.UrlVariable}, else {CliContext.FallbackUrl}).",
            Recursive = true,
            CustomParser = result => ParseUrl(result, result.Tokens[^1].Value),
            DefaultValueFactory = result => ParseUrl(result, context.DefaultUrl)!,
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = $"The API key sent in X-API-Key (default: ${CliContext.ApiKeyVariable}); with the embedded gateway, the content of <data directory>/admin.key.",
            Recursive = true,
            DefaultValueFactory = _ => context.DefaultApiKey,
        };
        var runner = new CommandRunner(context, url, apiKey);
        var root = new RootCommand($"xip: the XiP risk platform from the command line. {ExitCodes.Help}")
        {
            url,
            apiKey,
            PriceCommand.Create(runner),
            TradesCommand.Create(runner),
            RunCommand.Create(runner),
            LiveCommand.Create(runner),
            DemoCommand.Create(runner),
        };
        return new XipCli(context, root);
    }

    /// <summary>Runs one command line; parse errors print with help and exit <see cref="ExitCodes.Usage"/>.</summary>
    public async Task<int> InvokeAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var parse = Root.Parse(args);
        var exitCode = await parse.InvokeAsync(new InvocationConfiguration { Output = _context.Out, Error = _context.Error }, cancellationToken);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }

    private static Uri? ParseUrl(ArgumentResult result, string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            // a base address without the final '/' would drop its last segment from every route
            return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        }

        result.AddError($"'{text}' is not an http:// or https:// URL.");
        return null;
    }
}
