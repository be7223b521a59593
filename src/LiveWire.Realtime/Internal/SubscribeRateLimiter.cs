using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// The node-wide budget of subscribe calls per client address (<see cref="HubLimitsOptions.SubscribesPerSecondPerAddress"/>),
/// beside each connection's own: a client cannot get a fresh budget by opening another connection.
/// </summary>
public sealed class SubscribeRateLimiter(IOptions<HubLimitsOptions> limits) : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Value.SubscribeBurstPerAddress,
            TokensPerPeriod = limits.Value.SubscribesPerSecondPerAddress,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        }));

    /// <summary>Takes one call from <paramref name="address"/>'s budget, or says how long until one is available.</summary>
    public bool TryTake(IPAddress address, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(address);
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.Zero;
        return lease.IsAcquired;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
