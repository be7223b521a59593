using LiveWire.Contracts;
using LiveWire.Core.Ingestion;
using MassTransit;

namespace LiveWire.Messaging.Consumers;

/// <summary>
/// Commits every kind of change to its topic's timeline and fans the event out. Thin by design: on failure it
/// throws, and the retries and the <c>_error</c> queue keep the message.
/// </summary>
public sealed class TimelineChangeConsumer(TimelineChangeFactory changes, TimelineCommitter committer) :
    IConsumer<PublishDevelopment>,
    IConsumer<CorrectDevelopment>,
    IConsumer<RetractDevelopment>,
    IConsumer<PinDevelopment>,
    IConsumer<UnpinDevelopment>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<PublishDevelopment> context) =>
        committer.CommitAsync(changes.Publish(context.Message, context.RequireMessageId(), context.SentAt()), context.CancellationToken);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<CorrectDevelopment> context) =>
        committer.CommitAsync(changes.Correct(context.Message, context.RequireMessageId(), context.SentAt()), context.CancellationToken);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<RetractDevelopment> context) =>
        committer.CommitAsync(changes.Retract(context.Message, context.RequireMessageId(), context.SentAt()), context.CancellationToken);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<PinDevelopment> context) =>
        committer.CommitAsync(changes.Pin(context.Message, pinned: true, context.RequireMessageId(), context.SentAt()), context.CancellationToken);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<UnpinDevelopment> context) =>
        committer.CommitAsync(changes.Pin(context.Message, pinned: false, context.RequireMessageId(), context.SentAt()), context.CancellationToken);
}
