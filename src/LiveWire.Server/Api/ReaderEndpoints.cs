using System.Security.Claims;
using LiveWire.Core.Options;
using LiveWire.Core.Security;
using LiveWire.Core.Timeline;
using LiveWire.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Api;

/// <summary>The reader's HTTP API: public topics need no token.</summary>
internal static class ReaderEndpoints
{
    public static IEndpointRouteBuilder MapReaderApi(this IEndpointRouteBuilder endpoints)
    {
        var topic = endpoints.MapGroup("/api/topics/{topic}").WithTags("Readers");
        topic.MapGet("/events", GetEventsAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<EventsResponse>, ProblemHttpResult, UnauthorizedHttpResult, ForbidHttpResult>> GetEventsAsync(
        string topic,
        long? after,
        int? limit,
        ClaimsPrincipal user,
        ITimelineStore store,
        IOptions<TimelineOptions> options,
        CancellationToken cancellationToken)
    {
        var maxPageSize = options.Value.MaxPageSize;
        var errors = new ValidationErrors();
        DevelopmentValidator.ValidateTopic(topic, errors);
        if (after < 0)
        {
            errors.Add("after", "must be 0 or more");
        }

        if (limit is < 1 || limit > maxPageSize)
        {
            errors.Add("limit", $"must be 1 to {maxPageSize}");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (!TopicAccess.CanRead(user, topic))
        {
            return user.Identity?.IsAuthenticated == true ? TypedResults.Forbid() : TypedResults.Unauthorized();
        }

        var page = await store.ReadAsync(topic, after ?? 0, limit ?? maxPageSize, cancellationToken);
        return TypedResults.Ok(new EventsResponse(topic, page.LatestSeq, page.Reset, page.Events));
    }
}
