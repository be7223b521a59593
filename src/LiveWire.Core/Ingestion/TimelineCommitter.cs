using System.Diagnostics;
using LiveWire.Contracts;
using LiveWire.Core.Delivery;
using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Core.Ordering.Internal;
using LiveWire.Core.Telemetry;
using LiveWire.Core.Timeline;
using LiveWire.Core.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveWire.Core.Ingestion;

/// <summary>
/// Gives a change its place in the timeline, in its topic's accept order (<see cref="OrderedCommits"/>:
/// docs/timeline.md#ordering), then fans the event out. Safe to call again with the same change: the store commits it
/// once, and a redelivery of the same bus message fans the event out again (the first attempt may
/// have failed between commit and fan-out; readers drop the repeated <c>seq</c>).
/// </summary>
public sealed partial class TimelineCommitter(
    ITimelineStore store,
    IFanOut fanOut,
    IDeliveryStore deliveries,
    LiveWireMetrics metrics,
    TimeProvider timeProvider,
    IOptions<IngestionOptions> options,
    ILogger<TimelineCommitter> logger)
{

    private readonly OrderedCommits _ordered = new(
        store,
        timeProvider,
        options.Value.OrderWait,
        options.Value.SentOrderWait,
        options.Value.ConcurrentMessageLimit - 1,
        overdue => Log.Overdue(logger, overdue.Topic, overdue.Kind, overdue.Fields.Id, overdue.AcceptOrder, overdue.Waited, overdue.Ordering));

    /// <summary>Commits <paramref name="change"/> and fans out its event.</summary>
    /// <returns>The topic's event for the change (new, or the one committed the first time while still retained).</returns>
    /// <exception cref="UnknownDevelopmentException">The topic has no such development (yet).</exception>
    /// <exception cref="RetractedDevelopmentException">The development was retracted.</exception>
    public Task<TimelineEvent?> CommitAsync(TimelineChange change, CancellationToken cancellationToken) =>
        CommitAsync(change, isLaneFollowUp: false, cancellationToken);

    // A breaking lane follow-up of a development the lane does not hold (it was never breaking), or no longer holds,
    // is nothing to do rather than an error.
    private async Task<TimelineEvent?> CommitAsync(TimelineChange change, bool isLaneFollowUp, CancellationToken cancellationToken)
    {
        using var activity = LiveWireMetrics.ActivitySource.StartActivity(LiveWireTelemetry.Spans.Commit);
        activity?.SetTag(LiveWireTelemetry.Tags.Topic, change.Topic);
        activity?.SetTag(LiveWireTelemetry.Tags.Kind, change.Kind);

        var result = await _ordered.CommitAsync(change, cancellationToken);
        activity?.SetTag(LiveWireTelemetry.Tags.Outcome, result.Status.ToString());
        switch (result.Status)
        {
            case CommitStatus.UnknownDevelopment or CommitStatus.Retracted when isLaneFollowUp:
                return null;
            case CommitStatus.UnknownDevelopment:
                throw new UnknownDevelopmentException(change.Topic, change.Fields.Id);
            case CommitStatus.Retracted:
                throw new RetractedDevelopmentException(change.Topic, change.Fields.Id);
            case CommitStatus.Superseded:
                metrics.EventSuperseded();
                Log.Superseded(logger, change.Topic, change.Kind, change.Fields.Id, change.AcceptOrder);
                return null;
            case CommitStatus.Duplicate:
                metrics.EventDuplicate();
                Log.Duplicate(logger, change.Topic, change.DedupeKey, result.Event?.Seq, result.SameMessage);
                if (!result.SameMessage || result.Event is null)
                {
                    return result.Event;
                }

                break;
            default:
                metrics.EventCommitted(change.Kind);
                Log.Committed(logger, change.Topic, result.Event!.Seq, change.Kind, change.Fields.Id);
                break;
        }

        var committed = result.Event!;
        activity?.SetTag(LiveWireTelemetry.Tags.Seq, committed.Seq);
        await FanOutAsync(committed, cancellationToken);

        // The breaking lane is public: a private story never feeds it, however it is flagged.
        if (committed.Topic != TopicName.Breaking && !TopicName.IsPrivate(committed.Topic))
        {
            await FollowOnBreakingLaneAsync(committed, change.MessageId, cancellationToken);
        }

        return committed;
    }

    // A breaking publish goes to the breaking lane too; so do later corrections and retractions of whatever the lane
    // holds, so a site's banner never shows a retracted or outdated alert. A change of a development the lane does
    // not hold (it was not breaking) is no change there.
    private async Task FollowOnBreakingLaneAsync(TimelineEvent committed, string messageId, CancellationToken cancellationToken)
    {
        if (committed is { Kind: EventKinds.Published, Priority: Priorities.Breaking })
        {
            await CommitAsync(TimelineChangeFactory.BreakingLane(committed, messageId), cancellationToken);
        }
        else if (committed.Kind is EventKinds.Corrected or EventKinds.Retracted)
        {
            await CommitAsync(TimelineChangeFactory.BreakingLaneFollowUp(committed, messageId), isLaneFollowUp: true, cancellationToken);
        }
    }

    private async Task FanOutAsync(TimelineEvent committed, CancellationToken cancellationToken)
    {
        using var activity = LiveWireMetrics.ActivitySource.StartActivity(LiveWireTelemetry.Spans.FanOut, ActivityKind.Producer);

        // The reach report starts before the event goes out. Acks are added by the Server nodes, which time them from
        // this record (EventTimes), so it must exist before any reader can have the event; each node adds, with its
        // acks, the connections it wrote the event to (no count from here: the 5-s reader tallies lag a new reader).
        await deliveries.RecordFanOutAsync(
            new FanOutRecord(committed.Topic, committed.Seq, committed.Id, committed.AcceptedAt, committed.CommittedAt, timeProvider.GetUtcNow()),
            cancellationToken);

        await fanOut.PublishAsync(committed, cancellationToken);
        metrics.FannedOut(timeProvider.GetUtcNow() - committed.AcceptedAt);
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Debug, "Committed {Topic}#{Seq} ({Kind} of {Id})")]
        public static partial void Committed(ILogger logger, string topic, long seq, string kind, string id);

        [LoggerMessage(1003, LogLevel.Information, "Dropped a {Kind} of {Id} on {Topic} (accepted #{AcceptOrder}): a change accepted later was applied first")]
        public static partial void Superseded(ILogger logger, string topic, string kind, string id, long? acceptOrder);

        [LoggerMessage(1002, LogLevel.Information, "Change {DedupeKey} on {Topic} was committed before as #{Seq} (redelivery: {SameMessage})")]
        public static partial void Duplicate(ILogger logger, string topic, string dedupeKey, long? seq, bool sameMessage);

        [LoggerMessage(1004, LogLevel.Warning, "A {Kind} of {Id} on {Topic} (accepted #{AcceptOrder}) waited {Wait} for a change accepted before it and passes over a missing place ({Ordering})")]
        public static partial void Overdue(ILogger logger, string topic, string kind, string id, long? acceptOrder, TimeSpan wait, TopicOrdering ordering);
    }
}
