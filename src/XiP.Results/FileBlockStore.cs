using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace XiP.Results;

/// <summary>
/// <see cref="IRunBlockStore"/> of embedded mode: one directory per run under <see cref="Root"/>, one file per
/// (block, part). A file is written under a temporary name and renamed over the old one, so a reader sees a
/// whole blob or the previous one, never half of one, and a retried batch simply replaces its files.
/// </summary>
/// <remarks>
/// Durability matches the SQLite store it replaces (WAL, synchronous = NORMAL): a written block survives a
/// crash of the process; the operating system writes it to disk within its usual delay, so a power failure
/// may take the last seconds of blocks back. No file is ever read half-written. Run directories are named by
/// a hash of the run id, so any run id is a safe name.
/// </remarks>
public sealed class FileBlockStore(string root) : IRunBlockStore
{
    private const string TemporarySuffix = ".partial";

    public string Root { get; } = Path.GetFullPath(root);

    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Root);
        return Task.CompletedTask;
    }

    public async Task PutAsync(string runId, IReadOnlyList<RunBlock> blocks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var directory = RunDirectory(runId);
        Directory.CreateDirectory(directory);
        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(directory, FileName(block.Block, block.Part));
            var temporary = path + "." + Guid.NewGuid().ToString("N") + TemporarySuffix;
            using (var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, block.Data.Length))
            {
                await RandomAccess.WriteAsync(handle, block.Data, 0, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
    }

    public async Task<byte[]?> GetAsync(string runId, int block, string part, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(RunDirectory(runId), FileName(block, part));
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<RunBlob?> ReadAsync(string runId, int block, string part, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(RunDirectory(runId), FileName(block, part));
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using (handle)
        {
            var length = checked((int)RandomAccess.GetLength(handle));
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var read = 0;
                while (read < length)
                {
                    var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read, length - read), read, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        throw new InvalidDataException($"{path} ended at {read} of its {length} bytes.");
                    }

                    read += n;
                }

                return new RunBlob(buffer, length, pooled: true);
            }
            catch
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }
    }

    public Task<IReadOnlyList<RunBlockKey>> ListAsync(string runId, CancellationToken cancellationToken = default)
    {
        var directory = RunDirectory(runId);
        var keys = new List<RunBlockKey>();
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(file);
                var dot = name.LastIndexOf('.');
                if (!name.EndsWith(TemporarySuffix, StringComparison.Ordinal) && dot > 0
                    && int.TryParse(name.AsSpan(dot + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var block))
                {
                    keys.Add(new RunBlockKey(block, name[..dot]));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<RunBlockKey>>(keys);
    }

    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var directory = RunDirectory(runId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private string RunDirectory(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return Path.Combine(Root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runId)))[..40]);
    }

    private static string FileName(int block, string part)
    {
        if (!RunParts.IsValidName(part))
        {
            throw new ArgumentException($"'{part}' is not a part name.", nameof(part));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{part}.{block}");
    }
}
