using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Client.Tests;

/// <summary>A reconnect policy that retries at once <paramref name="retries"/> times, then gives up.</summary>
internal sealed class GiveUpAfter(int retries) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        retryContext.PreviousRetryCount < retries ? TimeSpan.Zero : null;
}
