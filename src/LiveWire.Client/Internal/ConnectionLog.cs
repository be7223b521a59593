using Microsoft.Extensions.Logging;

namespace LiveWire.Client.Internal;

/// <summary>The log messages of <see cref="LiveWireClient"/>'s connection loop.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(100, LogLevel.Debug, "Connecting to {Hub}")]
    public static partial void Connecting(ILogger logger, Uri hub);

    [LoggerMessage(101, LogLevel.Information, "Connected to {Hub} as {ConnectionId}; subscribing {Subscriptions} topics")]
    public static partial void Connected(ILogger logger, Uri hub, string? connectionId, int subscriptions);

    [LoggerMessage(102, LogLevel.Warning, "Connecting to {Hub} failed (attempt {Attempt}); trying again in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, Uri hub, long attempt, TimeSpan delay);

    [LoggerMessage(103, LogLevel.Warning, "Lost the connection to {Hub}; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, Exception? exception, Uri hub);

    [LoggerMessage(104, LogLevel.Error, "The reconnect policy gave up after {Attempts} attempts; the client stays disconnected")]
    public static partial void GaveUp(ILogger logger, Exception? exception, long attempts);

    [LoggerMessage(105, LogLevel.Error, "A StateChanged handler threw on {State}")]
    public static partial void StateHandlerFailed(ILogger logger, Exception exception, LiveWireConnectionState state);

    [LoggerMessage(106, LogLevel.Debug, "Subscribing to {Topic} was interrupted; it is subscribed again on the next connection")]
    public static partial void SubscribeInterrupted(ILogger logger, Exception exception, string topic);

    [LoggerMessage(107, LogLevel.Warning, "Subscribing to {Topic} failed; trying again in {Delay}")]
    public static partial void SubscribeRetrying(ILogger logger, Exception exception, string topic, TimeSpan delay);

    [LoggerMessage(108, LogLevel.Error, "The hub refused the subscription to {Topic} ({Code}); it is tried again on the next connection")]
    public static partial void SubscribeRefused(ILogger logger, Exception exception, string topic, string code);

    [LoggerMessage(109, LogLevel.Debug, "Unsubscribing from {Topic} failed; the hub drops it with the connection")]
    public static partial void UnsubscribeFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(110, LogLevel.Debug, "Sending the ack of {Topic} up to {Seq} failed; it goes with the next one")]
    public static partial void AckFailed(ILogger logger, Exception exception, string topic, long seq);

    [LoggerMessage(111, LogLevel.Debug, "Polling {Topic} from history failed; it is read again on the next round")]
    public static partial void PollFailed(ILogger logger, Exception exception, string? topic);
}
