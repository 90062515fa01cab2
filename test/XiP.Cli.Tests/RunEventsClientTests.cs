using System.Net;
using System.Text;
using XiP.Client;
using XiP.Contracts.Runs;

namespace XiP.Cli.Tests;

/// <summary>The client's event stream over a scripted server: resuming with Last-Event-ID after a dropped connection.</summary>
public sealed class RunEventsClientTests
{
    private static readonly XiPClientOptions NoWait = new() { ReconnectDelay = TimeSpan.Zero, MaxReconnectAttempts = 2 };

    [Fact]
    public async Task ADroppedStreamIsResumedWithLastEventIdAndWhatWasSeenIsNotRepeated()
    {
        var server = new ScriptedEvents(
            """
            : a comment, skipped
            id: 4
            event: progress
            data: {"runId":"run-a","status":"running","total":10,"done":4,"failed":0}

            id: 6
            event: progress
            data: {"runId":"run-a","status":"running",
            data: "total":10,"done":6,"failed":0}

            id: 7
            event: progress
            data: {"runId":"run-a","status":"running","total":10,"done":7,"failed":0}
            """, // the last event is cut off by the drop: it has no blank line after it
            """
            id: 6
            event: progress
            data: {"runId":"run-a","status":"running","total":10,"done":6,"failed":0}

            id: 9
            event: progress
            data: {"runId":"run-a","status":"running","total":10,"done":9,"failed":1}

            id: 10
            event: completed
            data: {"runId":"run-a","status":"completed","total":10,"done":9,"failed":1}


            """);
        var client = new XiPClient(new HttpClient(server) { BaseAddress = new Uri("http://xip.test/") }, NoWait);

        var events = new List<RunEvent>();
        await foreach (var e in client.WatchRunAsync("run-a"))
        {
            events.Add(e);
        }

        Assert.Equal([null, "6"], server.LastEventIds);
        Assert.Equal(["4", "6", "9", "10"], events.Select(e => e.Id));
        Assert.Equal([4L, 6, 9, 9], events.Select(e => e.Done));
        Assert.IsType<RunTerminalEvent>(events[^1]);
        Assert.Equal(RunState.Completed, events[^1].Status);
        Assert.All(events[..^1], e => Assert.IsType<RunProgressEvent>(e));
    }

    [Fact]
    public async Task AStreamThatKeepsEndingEarlyGivesUpAfterTheAllowedAttempts()
    {
        const string progress = "id: 1\nevent: progress\ndata: {\"runId\":\"run-b\",\"status\":\"running\",\"total\":2,\"done\":1,\"failed\":0}\n\n";
        var server = new ScriptedEvents(progress, progress, progress);
        var client = new XiPClient(new HttpClient(server) { BaseAddress = new Uri("http://xip.test/") }, NoWait);

        var events = new List<RunEvent>();
        var error = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var e in client.WatchRunAsync("run-b"))
            {
                events.Add(e);
            }
        });

        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
        Assert.Equal(3, server.LastEventIds.Count);
        Assert.Single(events);
    }

    [Fact]
    public async Task TheGatewaysFieldOrderCommentsAndUnknownEventsAreReadAndADropResumesFromTheLastWholeEvent()
    {
        var server = new ScriptedEvents(
            """
            event: progress
            data: {"runId":"run-c","status":"running","total":4,"done":1,"failed":0}
            id: 2

            : keep-alive

            event: heartbeat
            data: {}

            event: progress
            data: {"runId":"run-c","status":"running","total":4,"done":2,"failed":0}
            id: 3
            """, // cut off before its blank line: not dispatched, so its id is not the one to resume from
            """
            event: progress
            data: {"runId":"run-c","status":"running","total":4,"done":1,"failed":0}
            id: 2

            event: progress
            data: {"runId":"run-c","status":"running","total":4,"done":2,"failed":0}
            id: 3

            event: failed
            data: {"runId":"run-c","status":"failed","total":4,"done":2,"failed":2}
            id: 5


            """);
        var client = new XiPClient(new HttpClient(server) { BaseAddress = new Uri("http://xip.test/") }, NoWait);

        var events = new List<RunEvent>();
        await foreach (var e in client.WatchRunAsync("run-c"))
        {
            events.Add(e);
        }

        Assert.Equal([null, "2"], server.LastEventIds);
        Assert.Equal(["2", "3", "5"], events.Select(e => e.Id));
        Assert.Equal([1L, 2, 2], events.Select(e => e.Done));
        Assert.Equal(RunState.Failed, Assert.IsType<RunTerminalEvent>(events[^1]).Status);
    }

    [Fact]
    public async Task TheServersRetryIntervalIsTheReconnectDelay()
    {
        var server = new ScriptedEvents(
            "retry: 0\nid: 1\nevent: progress\ndata: {\"runId\":\"run-d\",\"status\":\"running\",\"total\":2,\"done\":1,\"failed\":0}\n\n",
            "id: 2\nevent: completed\ndata: {\"runId\":\"run-d\",\"status\":\"completed\",\"total\":2,\"done\":2,\"failed\":0}\n\n");
        var hourly = new XiPClientOptions { ReconnectDelay = TimeSpan.FromHours(1), MaxReconnectAttempts = 2 };
        var client = new XiPClient(new HttpClient(server) { BaseAddress = new Uri("http://xip.test/") }, hourly);

        // with the client's own delay this would wait an hour, and the token would end it first
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var events = new List<RunEvent>();
        await foreach (var e in client.WatchRunAsync("run-d", cancellationToken: timeout.Token))
        {
            events.Add(e);
        }

        Assert.Equal([null, "1"], server.LastEventIds);
        Assert.Equal(["1", "2"], events.Select(e => e.Id));
    }

    /// <summary>Answers the n-th request for events with the n-th script, and records each request's Last-Event-ID.</summary>
    private sealed class ScriptedEvents(params string[] scripts) : HttpMessageHandler
    {
        public List<string?> LastEventIds { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.EndsWith("/events", request.RequestUri!.AbsolutePath, StringComparison.Ordinal);
            LastEventIds.Add(request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null);
            var script = scripts[LastEventIds.Count - 1].ReplaceLineEndings("\n");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(script, Encoding.UTF8, "text/event-stream"),
            });
        }
    }
}
