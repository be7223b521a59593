using LiveWire.Contracts;
using LiveWire.Core.Ordering;
using LiveWire.Core.Telemetry;
using LiveWire.Core.Timeline;
using LiveWire.Core.Validation;
using LiveWire.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveWire.Server.Api;

/// <summary>What every newsroom endpoint needs, bound as one parameter: checks, the bus, the timeline, the clock.</summary>
internal sealed class NewsroomContext(
    HttpContext http,
    DevelopmentValidator validator,
    ChangeSubmitter submitter,
    ITimelineStore store,
    IAcceptLedger ledger,
    LiveWireMetrics metrics,
    TimeProvider timeProvider)
{
    public DevelopmentValidator Validator => validator;

    public ITimelineStore Store => store;

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public static ValueTask<NewsroomContext?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<NewsroomContext?>(new NewsroomContext(
            context,
            context.RequestServices.GetRequiredService<DevelopmentValidator>(),
            context.RequestServices.GetRequiredService<ChangeSubmitter>(),
            context.RequestServices.GetRequiredService<ITimelineStore>(),
            context.RequestServices.GetRequiredService<IAcceptLedger>(),
            context.RequestServices.GetRequiredService<LiveWireMetrics>(),
            context.RequestServices.GetRequiredService<TimeProvider>()));

    /// <summary>Answers <c>400</c>/<c>413</c> and counts the rejection.</summary>
    public ProblemHttpResult Reject(ValidationErrors errors)
    {
        metrics.InputRejected(errors.IsTooLarge ? "too-large" : "invalid");
        return Problems.Invalid(errors);
    }

    /// <summary>
    /// Sends <paramref name="change"/>; null when the bus took it, else the <c>503</c> to answer. The message id is
    /// the request's: made from its <c>Idempotency-Key</c> when it has one, so a retry with that key is the same
    /// message to the bus and commits once.
    /// </summary>
    private async Task<ProblemHttpResult?> SendAsync(DevelopmentChange change, CancellationToken cancellationToken)
    {
        try
        {
            await submitter.SubmitAsync(change, IdempotencyFilter.MessageIdOf(http) ?? NewId.NextGuid(), cancellationToken);
            return null;
        }
        catch (BusUnavailableException)
        {
            metrics.InputRejected("bus-unavailable");
            return Problems.CommitUncertain(http);
        }
    }

    /// <summary>
    /// Takes the change's place among the topic's accepted changes and sends it (made by <paramref name="create"/>
    /// from that place); the <c>202</c>, or the <c>503</c> when the bus did not take it.
    /// </summary>
    public async Task<Results<Accepted<AcceptedDevelopment>, ProblemHttpResult>> AcceptAsync(
        string topic, string id, bool isPublish, Func<long, DevelopmentChange> create, CancellationToken cancellationToken)
    {
        var order = await ledger.AcceptAsync(topic, id, isPublish, cancellationToken);

        // The place is taken: the change goes to the bus even if the caller has gone meanwhile, so the topic's later
        // changes do not wait out OrderWait for it (a retry with the same id is one event).
        if (await SendAsync(create(order), CancellationToken.None) is { } unavailable)
        {
            // The changes after it need not wait long for it: it most likely never reached the bus. Should the store
            // not answer either, they wait SentOrderWait instead.
            try
            {
                await ledger.AbandonAsync(topic, order, CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
            }

            return unavailable;
        }

        return TypedResults.Accepted((string?)null, new AcceptedDevelopment(id, topic));
    }

    /// <summary>
    /// The common path of a correction, retraction, pin or unpin: the fields are valid, the development is known
    /// (published, or accepted and on its way) and not retracted, and the bus takes the change.
    /// </summary>
    public async Task<Results<Accepted<AcceptedDevelopment>, ProblemHttpResult>> ChangeAsync(
        string topic, string id, ValidationErrors errors, Func<long, DevelopmentChange> create, CancellationToken cancellationToken)
    {
        if (!errors.IsValid)
        {
            return Reject(errors);
        }

        switch (await store.GetStatusAsync(topic, id, cancellationToken))
        {
            case DevelopmentStatus.Unknown:
                metrics.InputRejected("unknown-development");
                return Problems.UnknownDevelopment(topic, id);
            case DevelopmentStatus.Retracted:
                metrics.InputRejected("retracted");
                return Problems.Retracted(topic, id);
        }

        return await AcceptAsync(topic, id, isPublish: false, create, cancellationToken);
    }
}
