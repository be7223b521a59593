using System.Security.Claims;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Presence;
using LiveWire.Core.Security;
using LiveWire.Core.Timeline;
using LiveWire.Core.Topics;
using LiveWire.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Api;

/// <summary>The reader's HTTP API: public topics need no token; <c>private-</c> ones a token that names them.</summary>
internal static class ReaderEndpoints
{
    /// <summary>How many developments <c>GET /api/topics/{topic}</c> returns, newest first.</summary>
    public const int StateLimit = 50;

    /// <summary>How many topics <c>GET /api/topics</c> returns.</summary>
    public const int ListLimit = 100;

    public static IEndpointRouteBuilder MapReaderApi(this IEndpointRouteBuilder endpoints)
    {
        var topics = endpoints.MapGroup("/api/topics").WithTags("Readers").RequireCors(LiveWireServerExtensions.ReaderCorsPolicy)
            .RequireRateLimiting(RateLimits.Readers)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        topics.MapGet("", ListTopicsAsync)
            .Produces<IReadOnlyList<TopicListItem>>()
            .Produces(StatusCodes.Status304NotModified);
        topics.MapGet("/{topic}", GetTopicAsync)
            .Produces<TopicSnapshot>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        topics.MapGet("/{topic}/events", GetEventsAsync)
            .Produces<EventsPage>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<IResult> ListTopicsAsync(
        HttpContext context, ClaimsPrincipal user, ITimelineStore store, IReaderCounts readers, CancellationToken cancellationToken)
    {
        var topics = (await store.ListTopicsAsync(ListLimit, cancellationToken))
            .Where(summary => TopicAccess.CanRead(user, summary.Topic))
            .ToArray();
        var counts = await readers.CountAsync([.. topics.Select(t => t.Topic)], cancellationToken);
        IReadOnlyList<TopicListItem> list =
            [.. topics.Select(t => new TopicListItem(t.Topic, t.Title, t.Status, t.LatestSeq, counts[t.Topic], t.UpdatedAt))];
        return ReaderCaching.Json(context, list, isPublic: user.Identity?.IsAuthenticated != true);
    }

    private static async Task<IResult> GetTopicAsync(
        string topic, HttpContext context, ClaimsPrincipal user, ITimelineStore store, IReaderCounts readers, CancellationToken cancellationToken)
    {
        if (Refuse(topic, user, new ValidationErrors()) is { } refusal)
        {
            return refusal;
        }

        var snapshot = await store.GetTopicAsync(topic, StateLimit, cancellationToken);
        if (snapshot is null)
        {
            return Problems.UnknownTopic(topic);
        }

        var counts = await readers.CountAsync([topic], cancellationToken);
        return ReaderCaching.Json(context, snapshot with { Readers = counts[topic] }, !TopicName.IsPrivate(topic));
    }

    private static async Task<IResult> GetEventsAsync(
        string topic,
        long? after,
        int? limit,
        string? epoch,
        HttpContext context,
        ClaimsPrincipal user,
        ITimelineStore store,
        IOptions<TimelineOptions> options,
        CancellationToken cancellationToken)
    {
        var maxPageSize = options.Value.MaxPageSize;
        var errors = new ValidationErrors();
        if (after < 0)
        {
            errors.Add("after", "must be 0 or more");
        }

        if (limit is < 1 || limit > maxPageSize)
        {
            errors.Add("limit", $"must be 1 to {maxPageSize}");
        }

        if (epoch is not null && !IsEpoch(epoch))
        {
            errors.Add("epoch", "must be 1 to 32 characters of A-Z, a-z, 0-9, '_' and '-'");
        }

        if (Refuse(topic, user, errors) is { } refusal)
        {
            return refusal;
        }

        var page = await store.ReadAsync(topic, after ?? 0, limit ?? maxPageSize, cancellationToken);
        // A position from another epoch means nothing in this one: the reader reloads the state, as for one too old.
        if (epoch is not null && page.Epoch is not null && epoch != page.Epoch)
        {
            page = page with { Reset = true, Events = [] };
        }

        return ReaderCaching.Json(
            context, new EventsPage(topic, page.LatestSeq, page.Reset, page.Events, page.Epoch), !TopicName.IsPrivate(topic));
    }

    private static bool IsEpoch(string epoch) =>
        epoch.Length is >= 1 and <= 32 && epoch.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>The answer that refuses a read, or null: bad input, or a private topic the token does not grant.</summary>
    private static IResult? Refuse(string topic, ClaimsPrincipal user, ValidationErrors errors)
    {
        DevelopmentValidator.ValidateTopic(topic, errors);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (!TopicAccess.CanRead(user, topic))
        {
            return user.Identity?.IsAuthenticated == true ? TypedResults.Forbid() : TypedResults.Unauthorized();
        }

        return null;
    }
}
