namespace LiveWire.Realtime.Internal;

/// <summary>
/// A token bucket for one connection's hub calls: <c>burst</c> calls at once, refilled at <c>perSecond</c>. Two
/// fields kept inside the connection's state rather than a
/// <see cref="System.Threading.RateLimiting.TokenBucketRateLimiter"/>, whose timer and queue would cost every
/// connection. Not thread-safe: SignalR runs one connection's hub calls one at a time.
/// </summary>
internal struct CallBudget(int burst, long startedAt)
{
    private double _tokens = burst;
    private long _updatedAt = startedAt;

    /// <summary>Takes one call from the budget at <paramref name="now"/>, or says how long until one is available.</summary>
    public bool TryTake(int perSecond, int burst, long now, TimeProvider clock, out TimeSpan retryAfter)
    {
        _tokens = Math.Min(burst, _tokens + clock.GetElapsedTime(_updatedAt, now).TotalSeconds * perSecond);
        _updatedAt = now;
        if (_tokens >= 1)
        {
            _tokens--;
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
        return false;
    }
}
