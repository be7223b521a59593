using LiveWire.Contracts;
using LiveWire.Core.Ordering;
using LiveWire.Core.Telemetry;
using LiveWire.Core.Timeline;
using LiveWire.Core.Validation;
using LiveWire.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveWire.Server.Api;

/// <summary>What every newsroom endpoint needs, bound as one parameter: checks, the bus, the timeline, its order, the clock.</summary>
internal sealed class NewsroomContext(
    HttpContext http,
    DevelopmentValidator validator,
    ChangeSubmitter submitter,
    ITimelineStore store,
    ChangeAcceptor acceptor,
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
            context.RequestServices.GetRequiredService<ChangeAcceptor>(),
            context.RequestServices.GetRequiredService<LiveWireMetrics>(),
            context.RequestServices.GetRequiredService<TimeProvider>()));

    /// <summary>Answers <c>400</c>/<c>413</c> and counts the rejection.</summary>
    public ProblemHttpResult Reject(ValidationErrors errors)
    {
        metrics.InputRejected(errors.IsTooLarge ? "too-large" : "invalid");
        return Problems.Invalid(errors);
    }

    /// <summary>
    /// Takes the change's place among the topic's accepted changes and sends it (made by <paramref name="create"/>
    /// from that place); the <c>202</c>, or the <c>503</c> when the bus did not take it.
    /// </summary>
    public async Task<Results<Accepted<AcceptedDevelopment>, ProblemHttpResult>> AcceptAsync(
        string topic, string id, bool isPublish, Func<long, DevelopmentChange> create, CancellationToken cancellationToken)
    {
        if (!await acceptor.AcceptAsync(topic, id, isPublish, order => SendAsync(create(order)), cancellationToken))
        {
            metrics.InputRejected("bus-unavailable");
            return Problems.CommitUncertain(http);
        }

        return TypedResults.Accepted((string?)null, new AcceptedDevelopment(id, topic));
    }

    /// <summary>
    /// Sends <paramref name="change"/>, uncancelled (<see cref="ChangeAcceptor.AcceptAsync"/>); false when the bus did
    /// not take it. The message id is the request's: made from its <c>Idempotency-Key</c> when it has one, so a retry
    /// with that key is the same message to the bus and commits once.
    /// </summary>
    private async Task<bool> SendAsync(DevelopmentChange change)
    {
        try
        {
            await submitter.SubmitAsync(change, IdempotencyFilter.MessageIdOf(http) ?? NewId.NextGuid(), CancellationToken.None);
            return true;
        }
        catch (BusUnavailableException)
        {
            return false;
        }
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
