using LiveWire.Contracts;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Core.Timeline;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiveWire.Messaging.Consumers;

/// <summary>
/// Commits every kind of change to its topic's timeline and fans the event out. Thin by design: on failure it
/// throws, and the retries and the <c>_error</c> queue keep the message. A change whose turn has not come may give its
/// consumer slot back (<see cref="TurnNotYetException"/>: docs/timeline.md#ordering).
/// </summary>
public sealed class TimelineChangeConsumer(
    TimelineChangeFactory changes,
    TimelineCommitter committer,
    IOptions<IngestionOptions> options) :
    IConsumer<PublishDevelopment>,
    IConsumer<CorrectDevelopment>,
    IConsumer<RetractDevelopment>,
    IConsumer<PinDevelopment>,
    IConsumer<UnpinDevelopment>
{
    /// <summary>
    /// The header that carries, on a change given back to the queue, how long it has waited for its turn so far
    /// (milliseconds).
    /// </summary>
    public const string WaitedHeader = "LiveWire-Waited-Ms";

    /// <inheritdoc />
    public Task Consume(ConsumeContext<PublishDevelopment> context) =>
        CommitAsync(context, changes.Publish(context.Message, context.RequireMessageId(), context.SentAt()));

    /// <inheritdoc />
    public Task Consume(ConsumeContext<CorrectDevelopment> context) =>
        CommitAsync(context, changes.Correct(context.Message, context.RequireMessageId(), context.SentAt()));

    /// <inheritdoc />
    public Task Consume(ConsumeContext<RetractDevelopment> context) =>
        CommitAsync(context, changes.Retract(context.Message, context.RequireMessageId(), context.SentAt()));

    /// <inheritdoc />
    public Task Consume(ConsumeContext<PinDevelopment> context) =>
        CommitAsync(context, changes.Pin(context.Message, pinned: true, context.RequireMessageId(), context.SentAt()));

    /// <inheritdoc />
    public Task Consume(ConsumeContext<UnpinDevelopment> context) =>
        CommitAsync(context, changes.Pin(context.Message, pinned: false, context.RequireMessageId(), context.SentAt()));

    private async Task CommitAsync<T>(ConsumeContext<T> context, TimelineChange change)
        where T : class
    {
        if (context.Headers.Get<long>(WaitedHeader, null) is { } waitedMs)
        {
            change = change with { Waited = TimeSpan.FromMilliseconds(waitedMs) };
        }

        try
        {
            await committer.CommitAsync(change, context.CancellationToken);
        }
        catch (TurnNotYetException notYet)
        {
            // The same message, with the same id and headers, to the back of the queue; acked once the copy is on the
            // broker: a crash in between leaves two copies of one message id, which commit once.
            var queue = await context.GetSendEndpoint(new Uri($"exchange:{options.Value.QueueName}"));
            await queue.Send(
                context.Message,
                send =>
                {
                    send.MessageId = context.MessageId;
                    send.Headers.Set(WaitedHeader, (long)notYet.Waited.TotalMilliseconds);
                },
                context.CancellationToken);
        }
    }
}
