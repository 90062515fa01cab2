using System.Globalization;
using System.Text;

namespace XiP.Client;

/// <summary>One dispatched server-sent event.</summary>
internal sealed record ServerSentEvent(string Type, string Data, string? Id);

/// <summary>
/// Reads a <c>text/event-stream</c> as the HTML standard's event-stream interpretation does: fields up to a
/// blank line make one event; <c>data</c> lines join with newlines; comments are skipped; an event
/// cut off by the end of the stream is dropped.
/// </summary>
internal sealed class ServerSentEventReader(Stream stream)
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The last <c>id</c> seen, carried over events that name none (the standard's last event ID buffer).</summary>
    public string? LastEventId { get; private set; }

    /// <summary>The reconnection time the server asked for with <c>retry</c>, if it did.</summary>
    public TimeSpan? Retry { get; private set; }

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        string? type = null;
        var data = new StringBuilder();
        var hasData = false;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    return new ServerSentEvent(type ?? "message", data.ToString(), LastEventId);
                }

                type = null;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    type = value;
                    break;
                case "data":
                    if (hasData)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    hasData = true;
                    break;
                case "id" when !value.Contains('\0'):
                    LastEventId = value;
                    break;
                case "retry" when value.Length > 0 && value.All(char.IsAsciiDigit)
                    && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds):
                    Retry = TimeSpan.FromMilliseconds(milliseconds);
                    break;
            }
        }

        return null;
    }
}
