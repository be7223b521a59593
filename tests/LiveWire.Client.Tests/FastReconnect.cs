using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Client.Tests;

/// <summary>Reconnects every 100 ms, forever: tests wait for conditions, and the default backoff would slow them.</summary>
internal sealed class FastReconnect : IRetryPolicy
{
    public static readonly FastReconnect Instance = new();

    public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(100);
}
