using LiveWire.Contracts;
using LiveWire.Core.Outages;
using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// A hub call that fails because the timeline store is out of reach (no connection, no answer in time) answers with
/// the retryable <see cref="HubErrorCodes.StoreUnavailable"/>, as the HTTP API answers 503 <c>store-unavailable</c>,
/// not with SignalR's generic "unexpected error". Without a detector (the embedded store) nothing is mapped.
/// </summary>
internal sealed class StoreOutageHubFilter(IEnumerable<IOutageDetector> detectors) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception exception) when (exception is not HubException && detectors.Any(d => d.IsOutage(exception)))
        {
            throw HubErrors.Create(HubErrorCodes.StoreUnavailable, "the timeline store did not answer in time; call again shortly");
        }
    }
}
