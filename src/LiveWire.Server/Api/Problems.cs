using LiveWire.Core.Validation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveWire.Server.Api;

/// <summary>The RFC 9457 problem answers of the API.</summary>
internal static class Problems
{
    /// <summary><c>400</c> naming each bad field, or <c>413</c> when a field is too large.</summary>
    public static ProblemHttpResult Invalid(ValidationErrors errors) => TypedResults.Problem(
        new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = errors.IsTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
            Title = errors.IsTooLarge ? "The request is too large." : "The request has invalid fields.",
        });

    /// <summary><c>503</c> with <c>Retry-After</c>: the bus could not take the change; nothing was accepted.</summary>
    public static ProblemHttpResult BusUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "2";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The message bus cannot take the change right now.",
            detail: "Nothing was accepted. Retry with the same id.");
    }

    /// <summary><c>404</c>: the topic has no such development; nothing was accepted.</summary>
    public static ProblemHttpResult UnknownDevelopment(string topic, string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown development.",
        detail: $"Topic '{topic}' has no development '{id}'.");

    /// <summary><c>409</c>: the development was retracted and can no longer be changed; nothing was accepted.</summary>
    public static ProblemHttpResult Retracted(string topic, string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The development was retracted.",
        detail: $"Development '{id}' of topic '{topic}' was retracted and can no longer be corrected, retracted or pinned.",
        extensions: new Dictionary<string, object?> { ["code"] = "retracted" });

    /// <summary>
    /// The body of a refusal that has none (<c>401</c>, <c>403</c>, an unknown route's <c>404</c>, <c>405</c>, <c>415</c>…):
    /// a problem, whatever the Accept header asks for. The default status code page writes one only when the Accept
    /// header allows JSON, and plain text otherwise.
    /// </summary>
    public static Task StatusCodePageAsync(StatusCodeContext context) =>
        TypedResults.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext);

    /// <summary><c>404</c>: nothing was ever published to the topic.</summary>
    public static ProblemHttpResult UnknownTopic(string topic) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown topic.",
        detail: $"Nothing has been published to '{topic}'.");
}
