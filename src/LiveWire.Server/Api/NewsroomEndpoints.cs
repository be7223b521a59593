using LiveWire.Contracts;
using LiveWire.Core.Telemetry;
using LiveWire.Core.Timeline;
using LiveWire.Core.Validation;
using LiveWire.Messaging;
using LiveWire.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Api;

/// <summary>
/// The newsroom's HTTP API. Every change to a timeline goes onto the bus and is answered <c>202</c> once the bus has
/// it; the ingestion gives it its seq. Topic descriptions are written directly and answered <c>200</c>.
/// </summary>
internal static class NewsroomEndpoints
{
    public static IEndpointRouteBuilder MapNewsroomApi(this IEndpointRouteBuilder endpoints)
    {
        var limits = endpoints.ServiceProvider.GetRequiredService<IOptions<ServerLimitsOptions>>().Value;
        var topic = endpoints.MapGroup("/api/topics/{topic}")
            .RequireAuthorization(LiveWirePolicies.Newsroom)
            .RequireRateLimiting(RateLimits.Newsroom)
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxRequestBodyBytes))
            .AddEndpointFilter<IdempotencyFilter>()
            .WithTags("Newsroom")
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        topic.MapPut("", SetTopicAsync);
        topic.MapPost("/developments", PublishAsync);
        topic.MapPut("/developments/{id}", CorrectAsync);
        topic.MapDelete("/developments/{id}", RetractAsync);
        topic.MapPut("/developments/{id}/pin", (string topic, string id, NewsroomContext newsroom, CancellationToken ct) =>
            PinAsync(topic, id, pinned: true, newsroom, ct));
        topic.MapDelete("/developments/{id}/pin", (string topic, string id, NewsroomContext newsroom, CancellationToken ct) =>
            PinAsync(topic, id, pinned: false, newsroom, ct));
        return endpoints;
    }

    private static async Task<Results<Accepted<AcceptedDevelopment>, ProblemHttpResult>> PublishAsync(
        string topic, DevelopmentRequest request, NewsroomContext newsroom, CancellationToken cancellationToken)
    {
        // The bus message is built first and validated as the ingestion validates it: one shape for a development's
        // content, one set of checks. Its accept time and order are set when the change is accepted, as before.
        var id = request.Id ?? DevelopmentIds.New();
        var message = new PublishDevelopment
        {
            Topic = topic,
            Id = id,
            Headline = request.Headline!,
            Body = request.Body,
            Priority = request.Priority,
            Author = request.Author,
            Tags = request.Tags,
            Pinned = request.Pinned ?? false,
            SubmittedAt = request.SubmittedAt,
        };
        var errors = new ValidationErrors();
        DevelopmentValidator.ValidateTopic(topic, errors);
        DevelopmentValidator.ValidateId(request.Id, required: false, errors);
        newsroom.Validator.ValidateContent(message, errors);
        if (!errors.IsValid)
        {
            return newsroom.Reject(errors);
        }

        return await newsroom.AcceptAsync(
            topic, id, isPublish: true, order => message with { AcceptedAt = newsroom.Now, AcceptOrder = order }, cancellationToken);
    }

    private static async Task<Results<Accepted<AcceptedDevelopment>, ProblemHttpResult>> CorrectAsync(
        string topic, string id, CorrectionRequest request, NewsroomContext newsroom, CancellationToken cancellationToken)
    {
        var message = new CorrectDevelopment
        {
            Topic = topic,
            Id = id,
            Headline = request.Headline!,
            Body = request.Body,
            Priority = request.Priority,
            Author = request.Author,
            Tags = request.Tags,
            Revision = request.Revision,
            SubmittedAt = request.SubmittedAt,
        };
        var errors = new ValidationErrors();
        DevelopmentValidator.ValidateTopic(topic, errors);
        DevelopmentValidator.ValidateId(id, required: true, errors);
        newsroom.Validator.ValidateContent(message, errors);
        if (request.Revision is < 2)
        {
            errors.Add("revision", "a correction creates revision 2 or later");
        }

        return await newsroom.ChangeAsync(
            topic, id, errors, order => message with { AcceptedAt = newsroom.Now, AcceptOrder = order }, cancellationToken);
    }

    private static async Task<Results<Accepted<AcceptedDevelopment>, ProblemHttpResult>> RetractAsync(
        string topic,
        string id,
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] RetractionRequest? request,
        NewsroomContext newsroom,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        DevelopmentValidator.ValidateTopic(topic, errors);
        DevelopmentValidator.ValidateId(id, required: true, errors);
        newsroom.Validator.ValidateReason(request?.Reason, errors);
        return await newsroom.ChangeAsync(topic, id, errors, order => new RetractDevelopment
        {
            Topic = topic,
            Id = id,
            Reason = request?.Reason,
            AcceptedAt = newsroom.Now,
            AcceptOrder = order,
        }, cancellationToken);
    }

    private static async Task<Results<Accepted<AcceptedDevelopment>, ProblemHttpResult>> PinAsync(
        string topic, string id, bool pinned, NewsroomContext newsroom, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        DevelopmentValidator.ValidateTopic(topic, errors);
        DevelopmentValidator.ValidateId(id, required: true, errors);
        return await newsroom.ChangeAsync(topic, id, errors, order => pinned
            ? new PinDevelopment { Topic = topic, Id = id, AcceptedAt = newsroom.Now, AcceptOrder = order }
            : new UnpinDevelopment { Topic = topic, Id = id, AcceptedAt = newsroom.Now, AcceptOrder = order },
            cancellationToken);
    }

    private static async Task<Results<Ok<TopicSnapshot>, ProblemHttpResult>> SetTopicAsync(
        string topic, TopicRequest request, NewsroomContext newsroom, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        DevelopmentValidator.ValidateTopic(topic, errors);
        if (request.Title is { Length: > 200 })
        {
            errors.Add("title", "must be at most 200 characters");
        }

        if (request.Summary is { Length: > 1_000 })
        {
            errors.Add("summary", "must be at most 1000 characters");
        }

        if (request.Status is not (null or TopicInfo.Live or TopicInfo.Ended))
        {
            errors.Add("status", $"must be '{TopicInfo.Live}' or '{TopicInfo.Ended}'");
        }

        if (!errors.IsValid)
        {
            return newsroom.Reject(errors);
        }

        await newsroom.Store.SetTopicInfoAsync(
            topic, new TopicInfo(request.Title?.Trim(), request.Summary?.Trim(), request.Status ?? TopicInfo.Live), cancellationToken);
        var snapshot = await newsroom.Store.GetTopicAsync(topic, 0, cancellationToken);
        return TypedResults.Ok(snapshot!);
    }
}
