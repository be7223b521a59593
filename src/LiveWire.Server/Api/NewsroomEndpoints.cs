using LiveWire.Contracts;
using LiveWire.Core.Telemetry;
using LiveWire.Core.Validation;
using LiveWire.Messaging;
using LiveWire.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using LiveWire.Core.Options;

namespace LiveWire.Server.Api;

/// <summary>The newsroom's HTTP API: every change goes onto the bus and is answered <c>202</c> once the bus has it.</summary>
internal static class NewsroomEndpoints
{
    public static IEndpointRouteBuilder MapNewsroomApi(this IEndpointRouteBuilder endpoints)
    {
        var limits = endpoints.ServiceProvider.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var topics = endpoints.MapGroup("/api/topics/{topic}")
            .RequireAuthorization(LiveWirePolicies.Newsroom)
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxRequestBodyBytes))
            .WithTags("Newsroom");

        topics.MapPost("/developments", PublishAsync);
        return endpoints;
    }

    private static async Task<Results<Accepted<AcceptedDevelopment>, ProblemHttpResult>> PublishAsync(
        string topic,
        DevelopmentRequest request,
        HttpContext context,
        DevelopmentValidator validator,
        ChangeSubmitter submitter,
        LiveWireMetrics metrics,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        DevelopmentValidator.ValidateTopic(topic, errors);
        DevelopmentValidator.ValidateId(request.Id, required: false, errors);
        validator.ValidateDraft(request.ToDraft(), errors);
        if (!errors.IsValid)
        {
            metrics.InputRejected(errors.IsTooLarge ? "too-large" : "invalid");
            return Problems.Invalid(errors);
        }

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
            AcceptedAt = timeProvider.GetUtcNow(),
        };

        try
        {
            await submitter.SubmitAsync(message, cancellationToken);
        }
        catch (BusUnavailableException)
        {
            metrics.InputRejected("bus-unavailable");
            return Problems.BusUnavailable(context);
        }

        return TypedResults.Accepted((string?)null, new AcceptedDevelopment(id, topic));
    }
}
