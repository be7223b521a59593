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

    /// <summary>The <c>code</c> of a <c>503</c> after which the change may still commit.</summary>
    public const string CommitUncertainCode = "commit-uncertain";

    /// <summary>The <c>code</c> of a <c>503</c> after which nothing will commit: the timeline store was out of reach.</summary>
    public const string StoreUnavailableCode = "store-unavailable";

    /// <summary>
    /// <c>503</c> with <c>Retry-After</c>, code <see cref="CommitUncertainCode"/>: the bus did not confirm the change
    /// in time, and it may still commit. A retry with the same <c>Idempotency-Key</c> is the same message and answers
    /// what the change became; a retry without one may commit it twice.
    /// </summary>
    public static ProblemHttpResult CommitUncertain(HttpContext context) => Unavailable(
        context,
        retryAfterSeconds: 2,
        CommitUncertainCode,
        "The message bus did not confirm the change in time.",
        "The change may still commit. Retry with the same Idempotency-Key: it then commits once.");

    /// <summary>
    /// <c>503</c> with <c>Retry-After</c>, code <see cref="StoreUnavailableCode"/>: the timeline store (Redis) did not
    /// answer, so nothing was accepted and nothing will commit.
    /// </summary>
    public static ProblemHttpResult StoreUnavailable(HttpContext context) => Unavailable(
        context,
        retryAfterSeconds: 5,
        StoreUnavailableCode,
        "The timeline store cannot be reached right now.",
        "Nothing was accepted. Retry later.");

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

    private static ProblemHttpResult Unavailable(HttpContext context, int retryAfterSeconds, string code, string title, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: title,
            detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code });
    }
}
