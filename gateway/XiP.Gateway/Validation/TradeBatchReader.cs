using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using XiP.Abstractions.Trades;
using XiP.Gateway.Apis;

namespace XiP.Gateway.Validation;

/// <summary>
/// Reads the body of <c>POST /v1/trades</c> as it arrives: a JSON array of trades, or NDJSON (one trade object per
/// line), one trade at a time, holding at most one trade's text and the read buffer — never the whole body.
/// </summary>
/// <remarks>
/// NDJSON is assumed when the content type says so (<c>application/x-ndjson</c>, <c>application/jsonl</c>, …) or when
/// the body's first non-blank character is not <c>[</c>. Either way a bad field is reported at <c>[i].field</c>, i
/// being the trade's position in the request (blank NDJSON lines do not count); for NDJSON each message starts with
/// the line it was found on. Repeated ids are the store's to find (it sees the whole upload); the body's size is
/// counted as it is read.
/// </remarks>
public sealed class TradeBatchReader(Stream body, bool ndjsonByContentType, long maxBytes, ValidationErrors errors)
{
    /// <summary>The largest one trade (one NDJSON line, one array element) may be.</summary>
    public const int MaxTradeBytes = 1024 * 1024;

    private const int ReadSize = 64 * 1024;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };
    private static readonly string[] NdjsonMediaTypes = ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"];

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(2 * ReadSize);
    private int _start;
    private int _end;
    private long _read;
    private bool _eof;

    /// <summary>How many trades the body held so far, valid or not.</summary>
    public int Count { get; private set; }

    public static bool IsNdjsonMediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && NdjsonMediaTypes.Any(t => string.Equals(parsed.MediaType.Value, t, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every valid trade of the body, in order, with its position and NDJSON line; problems go to the errors.</summary>
    public async IAsyncEnumerable<(TradeSpec Trade, int Position, int? Line)> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            if (!await FillAsync(cancellationToken))
            {
                yield break;
            }

            if (_buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8))
            {
                _start += 3;
            }

            // the first non-blank byte says array or lines (unless the content type already said lines)
            while (true)
            {
                var blank = _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8);
                if (blank >= 0)
                {
                    _start += blank;
                    break;
                }

                _start = _end;
                if (!await FillAsync(cancellationToken) || (_eof && _start == _end))
                {
                    errors.Add("$", "the body is empty; a JSON array of trades or NDJSON (one trade per line) is required.");
                    yield break;
                }
            }

            var items = ndjsonByContentType || _buffer[_start] != (byte)'[' ? ReadLinesAsync(cancellationToken) : ReadArrayAsync(cancellationToken);
            await foreach (var item in items)
            {
                yield return item;
            }

            if (Count == 0 && !errors.Any)
            {
                errors.Add("$", "holds no trades; at least one is required.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private async IAsyncEnumerable<(TradeSpec, int, int?)> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var line = 0;
        var pending = new List<(int Start, int Length, int? Line)>();
        while (!errors.IsFull)
        {
            // every whole line in the buffer (and at the end of the body, the last one), parsed together
            pending.Clear();
            while (true)
            {
                var end = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (end < 0 && !_eof)
                {
                    break;
                }

                var length = end < 0 ? _end - _start : end;
                line++;
                if (_buffer.AsSpan(_start, length).IndexOfAnyExcept(" \t\r"u8) >= 0)
                {
                    pending.Add((_start, length, line));
                }

                _start += end < 0 ? length : length + 1;
                if (end < 0)
                {
                    break;
                }
            }

            foreach (var trade in ParseAll(pending))
            {
                yield return trade;
            }

            if (_eof && _start >= _end)
            {
                yield break;
            }

            if (_end - _start > MaxTradeBytes)
            {
                errors.Add(ValidationErrors.Element(string.Empty, Count), $"line {line + 1}: longer than {MaxTradeBytes} bytes; one trade per line is expected.");
                yield break;
            }

            if (!await FillAsync(cancellationToken))
            {
                yield break;
            }
        }
    }

    private async IAsyncEnumerable<(TradeSpec, int, int?)> ReadArrayAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new JsonReaderState(ReaderOptions);
        var opened = false;
        var closed = false;
        while (!errors.IsFull)
        {
            if (closed)
            {
                // only blanks may follow the array
                if (_buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
                {
                    errors.Add("$", "the body is not valid JSON: there is more after the array.");
                    yield break;
                }

                _start = _end;
                if (_eof || !await FillAsync(cancellationToken))
                {
                    yield break;
                }

                continue;
            }

            var found = new List<(int Start, int Length)>();
            try
            {
                closed = Scan(ref state, ref opened, found);
            }
            catch (JsonException e)
            {
                errors.Add("$", $"the body is not valid JSON: {e.Message}");
                yield break;
            }

            foreach (var trade in ParseAll(found.ConvertAll(f => (f.Start, f.Length, (int?)null))))
            {
                yield return trade;
            }

            if (closed)
            {
                continue;
            }

            if (_eof)
            {
                errors.Add("$", "the body is not valid JSON: the array is not closed.");
                yield break;
            }

            if (_end - _start > MaxTradeBytes)
            {
                errors.Add(ValidationErrors.Element(string.Empty, Count), $"longer than {MaxTradeBytes} bytes.");
                yield break;
            }

            if (!await FillAsync(cancellationToken))
            {
                yield break;
            }
        }
    }

    // Reads whole elements of the array from the buffer; stops before an element that is not all there yet. True once
    // the array's end was read.
    private bool Scan(ref JsonReaderState state, ref bool opened, List<(int, int)> found)
    {
        var data = _buffer.AsSpan(_start, _end - _start);
        var reader = new Utf8JsonReader(data, _eof, state);
        var consumed = 0;
        try
        {
            while (true)
            {
                var before = reader.CurrentState;
                var at = (int)reader.BytesConsumed;
                if (!reader.Read())
                {
                    return false;
                }

                if (!opened)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new JsonException("a JSON array of trades is expected.");
                    }

                    opened = true;
                    consumed = (int)reader.BytesConsumed;
                    state = reader.CurrentState;
                    continue;
                }

                if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0)
                {
                    consumed = (int)reader.BytesConsumed;
                    state = reader.CurrentState;
                    return true;
                }

                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    // this element is not all in the buffer: read it again from its start once more has come
                    state = before;
                    consumed = at;
                    return false;
                }

                found.Add((_start + start, (int)reader.BytesConsumed - start));
                consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;
            }
        }
        finally
        {
            _start += consumed;
        }
    }

    // Trades of one buffer, parsed on every core (each alone: a trade's problems are its own), then taken in order.
    private List<(TradeSpec, int, int?)> ParseAll(List<(int Start, int Length, int? Line)> texts)
    {
        var first = Count;
        Count += texts.Count;
        var parsed = new (TradeSpec? Trade, ValidationErrors? Errors)[texts.Count];
        if (texts.Count >= 64)
        {
            Parallel.For(0, texts.Count, i => parsed[i] = ParseOne(_buffer.AsMemory(texts[i].Start, texts[i].Length), first + i));
        }
        else
        {
            for (var i = 0; i < texts.Count; i++)
            {
                parsed[i] = ParseOne(_buffer.AsMemory(texts[i].Start, texts[i].Length), first + i);
            }
        }

        var trades = new List<(TradeSpec, int, int?)>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var line = texts[i].Line;
            if (parsed[i].Trade is { } trade)
            {
                trades.Add((trade, first + i, line));
                continue;
            }

            foreach (var (path, messages) in parsed[i].Errors!.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add(path, line is null ? message : $"line {line}: {message}");
                }
            }
        }

        return trades;
    }

    private static (TradeSpec?, ValidationErrors?) ParseOne(ReadOnlyMemory<byte> text, int index)
    {
        var own = new ValidationErrors();
        if (!JsonText.Check(text.Span, ValidationErrors.Element(string.Empty, index), own))
        {
            return (null, own);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException e)
        {
            own.Add(ValidationErrors.Element(string.Empty, index), $"not valid JSON: {e.Message}");
            return (null, own);
        }

        using (document)
        {
            TradeSpec? trade = null;
            if (JsonObjectReader.Open(document.RootElement, ValidationErrors.Element(string.Empty, index), own) is { } reader)
            {
                trade = TradeReader.Read(reader, market: null);
                if (trade is not null && ResourceIds.Problem(trade.Id) is { } problem)
                {
                    own.Add(reader.PathOf("id"), problem);
                }
            }

            return !own.Any && trade is not null ? (trade, null) : (null, own);
        }
    }

    // Moves what is left to the front, grows the buffer for a trade longer than it, and reads more; false when the
    // body is over its limit (then the error is recorded).
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return true;
        }

        var left = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, left).CopyTo(_buffer);
            _start = 0;
            _end = left;
        }

        if (_buffer.Length - _end < ReadSize)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, left + ReadSize));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = await body.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken);
        if (read == 0)
        {
            _eof = true;
            return true;
        }

        _read += read;
        if (_read > maxBytes)
        {
            throw BodyTooLarge.Counted(maxBytes);
        }

        _end += read;
        return true;
    }
}
