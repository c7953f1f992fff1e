using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DataPipe.Core.Input.Remote;

/// <summary>
/// Fetches one URL to a local file, whole and verified, through its host's resilience pipeline. An interrupted body
/// resumes with a Range + If-Range request when the server offered a strong validator and byte ranges; otherwise the
/// next attempt starts over. A body is accepted only when its length matches and (for .gz) every gzip member is intact.
/// </summary>
internal sealed class ShardDownloader(HttpClient client, RemoteOptions options, DownloadStats stats)
{
    private const int BufferSize = 1 << 16;

    /// <returns>The shard's ETag, when the server gave one.</returns>
    public async Task<string?> DownloadAsync(string url, string part, HostGuard guard, CancellationToken cancellation)
    {
        var state = new ResumeState();
        int attempts = 0;
        try
        {
            await guard.Pipeline.ExecuteAsync(async ct =>
            {
                if (attempts++ > 0) stats.Retry();
                await guard.Slots.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    await AttemptAsync(url, part, state, ct).ConfigureAwait(false);
                }
                catch (IncompleteBodyException e) when (!e.KeepPartial)
                {
                    File.Delete(part);
                    throw;
                }
                finally
                {
                    guard.Slots.Release();
                }
            }, cancellation).ConfigureAwait(false);
            return state.Validator?.EntityTag?.Tag;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                  && !cancellation.IsCancellationRequested)
        {
            File.Delete(part);
            throw new ShardUnavailableException($"download of {url} failed after {attempts} attempt(s): {e.Message}", e);
        }
        catch (ShardUnavailableException)
        {
            File.Delete(part);
            throw;
        }
    }

    private async Task AttemptAsync(string url, string part, ResumeState state, CancellationToken ct)
    {
        stats.Attempt();
        long have = File.Exists(part) ? new FileInfo(part).Length : 0;
        bool ranged = have > 0 && state.AcceptsRanges && state.Validator is not null;
        if (have > 0 && !ranged)
        {
            File.Delete(part);
            have = 0;
            stats.Restart();
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ranged)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
            request.Headers.IfRange = state.Validator;
        }
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        ThrowOnFailureStatus(response, url);

        bool append = response.StatusCode == HttpStatusCode.PartialContent;
        long? expected;
        if (append)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != have)
                throw new IncompleteBodyException($"{url}: server answered range {range} for bytes {have}-", keepPartial: false);
            expected = range.Length;
            stats.Resume();
        }
        else
        {
            if (ranged) stats.Restart();
            expected = response.Content.Headers.ContentLength;
            state.Validator = Validator(response);
            state.AcceptsRanges = response.Headers.AcceptRanges.Contains("bytes");
        }

        await using (var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false))
        await using (var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize))
        {
            await CopyWithStallLimitAsync(body, file, url, ct).ConfigureAwait(false);
        }

        long got = new FileInfo(part).Length;
        if (expected is { } total && got != total)
            throw new IncompleteBodyException($"{url}: body has {got} of {total} bytes", keepPartial: got < total);
        if (url.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && GzipIntegrity.Check(part, ct) is { } problem)
        {
            File.Delete(part);
            throw new IncompleteBodyException($"{url}: {problem}", keepPartial: false);
        }
    }

    /// <summary>Copies the body, turning a read that waits longer than the read timeout into a resumable failure
    /// (the bytes received so far stay on disk).</summary>
    private async Task CopyWithStallLimitAsync(Stream body, FileStream file, string url, CancellationToken ct)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            while (true)
            {
                idle.CancelAfter(options.ReadTimeout);
                int n;
                try
                {
                    n = await body.ReadAsync(buffer.AsMemory(0, BufferSize), idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new IncompleteBodyException($"{url}: no bytes for {options.ReadTimeout.TotalSeconds:F1} s (stalled)", keepPartial: true);
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw new IncompleteBodyException($"{url}: body interrupted after {file.Length} bytes: {e.Message}", keepPartial: true);
                }
                if (n == 0) return;
                await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                stats.Downloaded(n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void ThrowOnFailureStatus(HttpResponseMessage response, string url)
    {
        int status = (int)response.StatusCode;
        if (status is >= 200 and < 300) return;
        if (status is 408 or 429 or >= 500)
            throw new TransientHttpException(status, RetryAfter(response), url);
        throw new ShardUnavailableException($"HTTP {status} {response.ReasonPhrase} for {url}");
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }

    /// <summary>If-Range needs a strong ETag or a Last-Modified date; a weak ETag cannot guarantee the same bytes.</summary>
    private static RangeConditionHeaderValue? Validator(HttpResponseMessage response)
    {
        if (response.Headers.ETag is { IsWeak: false } etag) return new RangeConditionHeaderValue(etag);
        if (response.Content.Headers.LastModified is { } modified) return new RangeConditionHeaderValue(modified);
        return null;
    }

    private sealed class ResumeState
    {
        public RangeConditionHeaderValue? Validator { get; set; }
        public bool AcceptsRanges { get; set; }
    }
}
