using XiP.Telemetry;

namespace XiP.Hosting;

/// <summary>
/// Counts the grain calls a silo receives by where they came from (<c>xip.grain_calls</c>, origin local, remote or
/// client): how much of the traffic placement kept on one silo. The caller's silo rides in the request context.
/// </summary>
internal static class CallOrigin
{
    private const string Key = "xip.from";

    internal sealed class Outgoing(ILocalSiloDetails local) : IOutgoingGrainCallFilter
    {
        private readonly string _silo = local.SiloAddress.ToParsableString();

        public Task Invoke(IOutgoingGrainCallContext context)
        {
            if (!ReferenceEquals(RequestContext.Get(Key), _silo))
            {
                RequestContext.Set(Key, _silo);
            }

            return context.Invoke();
        }
    }

    internal sealed class Incoming(ILocalSiloDetails local) : IIncomingGrainCallFilter
    {
        private static readonly KeyValuePair<string, object?> Local = new("origin", "local");
        private static readonly KeyValuePair<string, object?> Remote = new("origin", "remote");
        private static readonly KeyValuePair<string, object?> Client = new("origin", "client");
        private readonly string _silo = local.SiloAddress.ToParsableString();

        public Task Invoke(IIncomingGrainCallContext context)
        {
            var from = RequestContext.Get(Key) as string;
            XiPTelemetry.GrainCalls.Add(1, from is null ? Client : from == _silo ? Local : Remote);
            return context.Invoke();
        }
    }
}
