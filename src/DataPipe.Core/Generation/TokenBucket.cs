namespace DataPipe.Core.Generation;

/// <summary>
/// A rate limit of <c>perMinute</c> units that refills continuously and holds at most one second's worth, so traffic
/// stays smooth rather than bursting a minute's quota at once. A take larger than the bucket waits for a full bucket
/// and leaves it in debt; <see cref="Correct"/> settles an estimate (tokens before the answer) against the truth.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _perSecond;
    private readonly double _capacity;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private double _level;
    private long _last;

    public TokenBucket(double perMinute, TimeProvider? clock = null)
    {
        _perSecond = perMinute / 60;
        _capacity = Math.Max(1, _perSecond);
        _clock = clock ?? TimeProvider.System;
        _level = _capacity;
        _last = _clock.GetTimestamp();
    }

    /// <summary>No limit (0 per minute) takes nothing and never waits.</summary>
    public static TokenBucket? For(double perMinute) => perMinute > 0 ? new TokenBucket(perMinute) : null;

    public async Task TakeAsync(double amount, CancellationToken cancellation)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                Refill();
                double need = Math.Min(amount, _capacity);
                if (_level >= need)
                {
                    _level -= amount;
                    return;
                }
                wait = TimeSpan.FromSeconds((need - _level) / _perSecond);
            }
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _clock, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Takes <paramref name="more"/> further units (negative: gives them back) without waiting.</summary>
    public void Correct(double more)
    {
        lock (_gate)
        {
            Refill();
            _level = Math.Min(_capacity, _level - more);
        }
    }

    private void Refill()
    {
        long now = _clock.GetTimestamp();
        _level = Math.Min(_capacity, _level + _clock.GetElapsedTime(_last, now).TotalSeconds * _perSecond);
        _last = now;
    }
}
