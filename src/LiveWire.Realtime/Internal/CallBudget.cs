namespace LiveWire.Realtime.Internal;

/// <summary>
/// A token bucket for one connection's hub calls: <c>burst</c> calls at once, refilled at <c>perSecond</c>. A few
/// fields rather than a <see cref="System.Threading.RateLimiting.TokenBucketRateLimiter"/>, whose timer and queue
/// would cost every idle connection.
/// </summary>
internal sealed class CallBudget(int burst, long startedAt)
{
    private readonly Lock _lock = new();
    private double _tokens = burst;
    private long _updatedAt = startedAt;

    /// <summary>Takes one call from the budget, or says how long until one is available.</summary>
    public bool TryTake(int perSecond, int burstLimit, long now, TimeProvider clock, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            _tokens = Math.Min(burstLimit, _tokens + clock.GetElapsedTime(_updatedAt, now).TotalSeconds * perSecond);
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
}
