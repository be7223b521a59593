using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Client.Internal;

/// <summary>
/// Exponential backoff with jitter that never gives up: about 0.5 s, 1 s, 2 s… up to 30 s, each delay drawn between
/// half and all of its step, so that the readers of a node that went away do not all come back in the same instant.
/// The browser code's backoff (src/LiveWire.Server/ClientApp/shared/backoff.ts) is the same policy, written down in
/// src/LiveWire.Server/ClientApp/README.md ("Reconnect policy").
/// </summary>
internal sealed class Backoff : IRetryPolicy
{
    /// <summary>The first step.</summary>
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest step.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>The shared instance.</summary>
    public static readonly Backoff Instance = new();

    /// <summary>The delay before retry number <paramref name="previousAttempts"/> + 1.</summary>
    public static TimeSpan Delay(long previousAttempts)
    {
        var step = First.TotalMilliseconds * Math.Pow(2, Math.Min(previousAttempts, 16));
        var capped = Math.Min(step, Max.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
#pragma warning restore CA5394
    }

    /// <inheritdoc />
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);
}
