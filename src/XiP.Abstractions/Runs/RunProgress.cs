namespace XiP.Abstractions.Runs;

/// <summary>A progress event on the run's stream; <see cref="Sequence"/> increases with every event of a run.</summary>
[GenerateSerializer, Immutable, Alias("xip.run-progress")]
public sealed record RunProgress(
    [property: Id(0)] string RunId,
    [property: Id(1)] RunState Status,
    [property: Id(2)] long Total,
    [property: Id(3)] long Done,
    [property: Id(4)] long Failed,
    [property: Id(5)] long Sequence)
{
    public bool IsTerminal => Status is RunState.Completed or RunState.Failed or RunState.Cancelled;
}

/// <summary>Where run progress is published: stream namespace <see cref="Namespace"/>, key = run id.</summary>
public static class RunStreams
{
    public const string Namespace = "runs";
}
