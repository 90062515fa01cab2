namespace XiP.Abstractions.Results;

/// <summary>
/// Reads stored run results on the silo where it is called (a stateless worker, key <see cref="GrainKeys.StatelessWorker"/>),
/// straight from the result store: reading never activates the run.
/// </summary>
[Alias("xip.IResultReaderGrain")]
public interface IResultReaderGrain : IGrainWithIntegerKey
{
    /// <summary>A page of results in (trade, measure) order.</summary>
    /// <exception cref="ArgumentException">The cursor is malformed.</exception>
    [Alias("ReadPage")]
    Task<ResultPageData> ReadPageAsync(ResultQuery query);

    /// <summary>How the run's results are laid out, or null when the run stored none.</summary>
    [Alias("GetShape")]
    Task<ResultShape?> GetShapeAsync(string runId);

    /// <summary>Every record of one block of the run, filtered, in page order.</summary>
    [Alias("ReadBlock")]
    Task<ResultPageData> ReadBlockAsync(string runId, int block, string? measure, string? book);
}

/// <summary>A run's results: trades in blocks, each value a vector over the markets (base first), measures in result order.</summary>
[GenerateSerializer, Immutable, Alias("xip.result-shape")]
public sealed record ResultShape(
    [property: Id(0)] int Trades,
    [property: Id(1)] int Blocks,
    [property: Id(2)] int Markets,
    [property: Id(3)] List<string> Measures);
