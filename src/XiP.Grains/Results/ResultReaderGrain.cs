using Orleans.Concurrency;
using XiP.Abstractions.Results;
using XiP.Results;

namespace XiP.Grains.Results;

/// <summary>Reads run results from the store on the silo it is called on; never touches the run grain.</summary>
[StatelessWorker]
[GrainType("xip-result-reader")]
public sealed class ResultReaderGrain(ResultStore results) : Grain, IResultReaderGrain
{
    Task<ResultPageData> IResultReaderGrain.ReadPageAsync(ResultQuery query) => results.ReadPageAsync(query);

    async Task<ResultShape?> IResultReaderGrain.GetShapeAsync(string runId) =>
        await results.GetManifestAsync(runId) is { } manifest
            ? new ResultShape(manifest.Trades, manifest.Blocks, manifest.Markets, [.. manifest.Measures])
            : null;

    async Task<ResultPageData> IResultReaderGrain.ReadBlockAsync(string runId, int block, string? measure, string? book) =>
        await results.GetManifestAsync(runId) is { } manifest && block >= 0 && block < manifest.Blocks
            ? await results.ReadBlockAsync(manifest, block, measure, book)
            : ResultPageData.Empty;
}
