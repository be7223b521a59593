using System.Globalization;
using System.Threading.RateLimiting;
using LiveWire.Core.Options;
using LiveWire.Core.Telemetry;
using LiveWire.Realtime;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Api;

/// <summary>
/// The newsroom API's rate limit: a token bucket per editor (the token's subject) on each node
/// (<see cref="LimitsOptions.NewsroomRequestsPerSecond"/>, <see cref="LimitsOptions.NewsroomBurst"/>).
/// A call past it gets <c>429</c> problem+json with <c>Retry-After</c>, and nothing is accepted.
/// </summary>
internal static class NewsroomRateLimit
{
    /// <summary>The policy's name.</summary>
    public const string Policy = "newsroom";

    // How often System.Threading.RateLimiting's partitioned limiter replenishes its partitions (DefaultPartitionedRateLimiter).
    private static readonly TimeSpan ReplenishmentBeat = TimeSpan.FromMilliseconds(100);

    /// <summary>Adds the rate limiter with the newsroom policy.</summary>
    public static IServiceCollection AddNewsroomRateLimit(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.AddPolicy(Policy, context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
            // The group requires the newsroom role, so the caller is signed in; its name is the token's subject.
            return RateLimitPartition.GetTokenBucketLimiter(context.User.Identity?.Name ?? string.Empty, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.NewsroomBurst,
                TokensPerPeriod = limits.NewsroomRequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
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
}
