using System.Security.Claims;
using LiveWire.Contracts;
using LiveWire.Core.Presence;
using LiveWire.Core.Security;
using LiveWire.Core.Timeline;
using LiveWire.Core.Topics;
using LiveWire.Server.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveWire.Server.Pages;

/// <summary>The pages: the reader's live page (server-rendered from the reader's read model) and the newsroom console.</summary>
internal static class PageEndpoints
{
    /// <summary>The story <c>/</c> shows when nothing has been published yet (the start-up banner posts to it).</summary>
    public const string DefaultTopic = "demo-story";

    /// <summary>How long a breaking development stays in the banner.</summary>
    public static readonly TimeSpan BannerFreshness = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Scripts, styles and connections from this server only, and no inline script: an update's body cannot run
    /// code even if something slipped past the sanitiser.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    private const int OtherStoriesLimit = 8;

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup("").WithTags("Pages").ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return await next(context);
        });
        pages.MapGet("/", HomeAsync).RequireRateLimiting(RateLimits.Readers);
        pages.MapGet("/live/{topic}", LiveAsync).RequireRateLimiting(RateLimits.Readers);
        pages.MapGet("/newsroom", () => new RazorComponentResult<NewsroomPage>());
        return endpoints;
    }

    /// <summary>The lead story: <c>?topic=</c>, else the live story with the latest activity.</summary>
    private static async Task<IResult> HomeAsync(
        string? topic,
        ClaimsPrincipal user,
        ITimelineStore store,
        IReaderCounts readers,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (topic is null)
        {
            var stories = await store.ListTopicsAsync(ReaderEndpoints.ListLimit, cancellationToken);
            topic = stories.FirstOrDefault(s => IsStory(s.Topic, user) && s.Status == TopicInfo.Live)?.Topic
                ?? stories.FirstOrDefault(s => IsStory(s.Topic, user))?.Topic
                ?? DefaultTopic;
        }

        return await LiveAsync(topic, user, store, readers, time, cancellationToken);
    }

    private static async Task<IResult> LiveAsync(
        string topic,
        ClaimsPrincipal user,
        ITimelineStore store,
        IReaderCounts readers,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!TopicName.IsValid(topic) || !TopicAccess.CanRead(user, topic))
        {
            return TypedResults.NotFound();
        }

        var snapshot = await store.GetTopicAsync(topic, ReaderEndpoints.StateLimit, cancellationToken);
        var counts = await readers.CountAsync([topic], cancellationToken);
        var state = (snapshot ?? new TopicSnapshot { Topic = topic, Status = TopicInfo.Live }) with { Readers = counts[topic] };

        var others = (await store.ListTopicsAsync(OtherStoriesLimit + 2, cancellationToken))
            .Where(s => s.Topic != topic && IsStory(s.Topic, user))
            .Take(OtherStoriesLimit)
            .Select(s => new TopicListItem(s.Topic, s.Title, s.Status, s.LatestSeq, 0, s.UpdatedAt))
            .ToArray();

        var breaking = (await store.GetTopicAsync(TopicName.Breaking, 1, cancellationToken))?.Developments is [var latest, ..]
            && time.GetUtcNow() - latest.PublishedAt <= BannerFreshness
                ? latest
                : null;

        return new RazorComponentResult<LivePage>(new { Model = new LivePageModel(state, others, breaking) });
    }

    /// <summary>A story a page may list: readable by this reader, and not the breaking feed itself.</summary>
    private static bool IsStory(string topic, ClaimsPrincipal user) => topic != TopicName.Breaking && TopicAccess.CanRead(user, topic);
}
