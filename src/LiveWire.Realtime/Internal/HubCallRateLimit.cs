using LiveWire.Core.Options;
using LiveWire.Core.Telemetry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// Limits how fast one connection may call <c>Subscribe</c> and <c>Unsubscribe</c>, the calls that read the timeline
/// and change groups across the backplane (<see cref="LimitsOptions.HubCallsPerSecond"/>,
/// <see cref="LimitsOptions.HubCallBurst"/>). A call past the limit fails with <c>rate-limited:</c> and changes
/// nothing. Acks are not counted: clients batch them, and the hub ignores what they cannot add.
/// </summary>
internal sealed class HubCallRateLimit(IOptions<LimitsOptions> limits, TimeProvider clock, LiveWireMetrics metrics, ConnectionRegistry connections) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethodName is nameof(LiveHub.Subscribe) or nameof(LiveHub.Unsubscribe))
        {
            var options = limits.Value;
            var now = clock.GetTimestamp();
            var connection = connections.Of(invocationContext.Context);
            var budget = connection.Budget ??= new CallBudget(options.HubCallsPerSecond, options.HubCallBurst, now);
            if (!budget.TryTake(now, clock, out var retryAfter))
            {
                metrics.InputRejected(HubErrorCodes.RateLimited);
                throw HubErrorCodes.Error(
                    HubErrorCodes.RateLimited,
                    $"more than {options.HubCallsPerSecond} subscribe calls a second; retry in {Math.Ceiling(retryAfter.TotalMilliseconds)} ms");
            }
        }

        return next(invocationContext);
    }
}
