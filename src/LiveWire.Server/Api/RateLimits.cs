using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using LiveWire.Contracts;
using LiveWire.Core.Telemetry;
using LiveWire.Realtime;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Api;

/// <summary>
/// The HTTP rate limits, per node, through ASP.NET Core's rate limiter. A call past one gets <c>429</c>
/// problem+json with <c>Retry-After</c>, and nothing is accepted. The client address is the one the forwarded
/// headers give only when they come from a trusted proxy (<see cref="NetworkOptions.TrustedProxies"/>).
/// </summary>
internal static class RateLimits
{
    /// <summary>Newsroom calls: a token bucket per editor (the token's subject).</summary>
    public const string Newsroom = "newsroom";

    /// <summary>Reader GETs: a token bucket per client address.</summary>
    public const string Readers = "readers";

    /// <summary>Hub connections: at most so many at once per client address.</summary>
    public const string HubConnections = "hub-connections";

    // How often System.Threading.RateLimiting's partitioned limiter replenishes its partitions (DefaultPartitionedRateLimiter).
    private static readonly TimeSpan ReplenishmentBeat = TimeSpan.FromMilliseconds(100);

    /// <summary>Adds the rate limiter with the policies above.</summary>
    public static IServiceCollection AddLiveWireRateLimits(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.AddPolicy(Newsroom, context =>
        {
            var limits = Limits(context);
            // The group requires the newsroom role, so the caller is signed in; its name is the token's subject.
            return RateLimitPartition.GetTokenBucketLimiter(context.User.Identity?.Name ?? string.Empty, _ => Bucket(limits.NewsroomBurst, limits.NewsroomRequestsPerSecond));
        });
        options.AddPolicy(Readers, context =>
        {
            var limits = Limits(context);
            return RateLimitPartition.GetTokenBucketLimiter(AddressOf(context), _ => Bucket(limits.ReaderBurstPerAddress, limits.ReaderRequestsPerSecondPerAddress));
        });
        options.AddPolicy(HubConnections, context =>
        {
            var limits = Limits(context);
            return RateLimitPartition.GetConcurrencyLimiter(AddressOf(context), _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.HubConnectionsPerAddress,
                QueueLimit = 0,
            });
        });
        options.OnRejected = async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            // A partitioned limiter adds tokens on its heartbeat, so they can come up to one beat after the lease's
            // retry-after: the header promises the later time, so that a client which waits it is let in.
            var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter + ReplenishmentBeat).TotalSeconds));
            http.RequestServices.GetRequiredService<LiveWireMetrics>().InputRejected(HubErrorCodes.RateLimited);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            // A problem result, not IProblemDetailsService.WriteAsync: that throws (a 500) when the Accept header rules JSON out.
            await TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests.",
                detail: $"Nothing was accepted. Retry in {seconds} s.").ExecuteAsync(http);
        };
    });

    /// <summary>The client's address (its /64 for IPv6), as the partition key of per-address limits.</summary>
    public static IPAddress AddressOf(HttpContext context) => ClientAddresses.PartitionOf(context.Connection.RemoteIpAddress);

    private static ServerLimitsOptions Limits(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<ServerLimitsOptions>>().Value;

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perSecond) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
    };
}
