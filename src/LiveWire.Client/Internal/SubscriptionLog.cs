using Microsoft.Extensions.Logging;

namespace LiveWire.Client.Internal;

/// <summary>The log messages of <see cref="TopicSubscription"/>.</summary>
internal static partial class SubscriptionLog
{
    [LoggerMessage(200, LogLevel.Debug, "Subscribed to {Topic} after {AfterSeq}: latest {LatestSeq}, {Replayed} replayed")]
    public static partial void Subscribed(ILogger logger, string topic, long? afterSeq, long latestSeq, int replayed);

    [LoggerMessage(201, LogLevel.Trace, "Dropped a repeat of {Topic} {Seq}")]
    public static partial void RepeatDropped(ILogger logger, string topic, long seq);

    [LoggerMessage(202, LogLevel.Debug, "Reading {Topic} from history after {AfterSeq} to fill a gap")]
    public static partial void FillingGap(ILogger logger, string topic, long afterSeq);

    [LoggerMessage(203, LogLevel.Warning, "Reading {Topic} from history failed; trying again in {Delay}")]
    public static partial void GapFillFailed(ILogger logger, Exception exception, string topic, TimeSpan delay);

    [LoggerMessage(204, LogLevel.Warning, "{Topic} can no longer be replayed after {Position} (latest {LatestSeq}): resetting")]
    public static partial void ResetNeeded(ILogger logger, string topic, long? position, long latestSeq);

    [LoggerMessage(205, LogLevel.Information, "{Topic} was reset to its state at {Position}")]
    public static partial void ResetApplied(ILogger logger, string topic, long position);

    [LoggerMessage(206, LogLevel.Warning, "{Topic} was reset to {Position} without an OnReset callback: the events before it were skipped")]
    public static partial void ResetWithoutState(ILogger logger, string topic, long position);

    [LoggerMessage(207, LogLevel.Warning, "Loading the state of {Topic} failed; trying again in {Delay}")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception, string topic, TimeSpan delay);

    [LoggerMessage(208, LogLevel.Error, "The handler of {Topic} threw on {Seq}; the event counts as applied")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string topic, long seq);

    [LoggerMessage(209, LogLevel.Error, "The OnReset callback of {Topic} threw on the state at {Seq}; it counts as applied")]
    public static partial void ResetHandlerFailed(ILogger logger, Exception exception, string topic, long seq);

    [LoggerMessage(210, LogLevel.Warning, "{Topic} is on a new epoch {Epoch} (was {Previous}): its history did not go on from what this client saw; reloading its state")]
    public static partial void NewEpoch(ILogger logger, string topic, string epoch, string? previous);
}
