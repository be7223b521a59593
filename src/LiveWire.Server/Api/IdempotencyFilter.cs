using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiveWire.Core.Idempotency;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Api;

/// <summary>
/// Honours the <c>Idempotency-Key</c> header on newsroom calls: the same key on the same call again, within
/// <see cref="Retention"/>, gets the first answer (marked <c>Idempotent-Replayed: true</c>) and runs nothing. A call
/// that failed on the server side (5xx) lets its key go, so the retry runs for real: its change goes to the bus as
/// the same message as the first call's (<see cref="MessageIdOf"/>), so it commits once even if the first did reach
/// the bus.
/// </summary>
internal sealed class IdempotencyFilter(IIdempotencyStore store, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a key stays taken by a request still running: longer than a request can take (the store's and the
    /// bus's timeouts), short enough that a crash mid-request blocks retries with the key for seconds, not a day.
    /// </summary>
    public static readonly TimeSpan InProgressLease = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The bus message id of the change this request sends: one per <c>Idempotency-Key</c> (and call), so every retry
    /// with the key sends the same message; null when the request has no key.
    /// </summary>
    public static Guid? MessageIdOf(HttpContext context) => context.Features.Get<KeyFeature>()?.MessageId;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return await next(context);
        }

        var key = values.ToString();
        if (key.Length is 0 or > 255)
        {
            var errors = new Core.Validation.ValidationErrors();
            errors.Add(HeaderName, "must be 1 to 255 characters");
            return Problems.Invalid(errors);
        }

        // A key belongs to one call: the same key on another development or verb is another request.
        var scoped = $"{http.Request.Method} {http.Request.Path} {key}";
        var lookup = await store.BeginAsync(scoped, InProgressLease, http.RequestAborted);
        if (lookup.Completed is { } first)
        {
            http.Response.Headers[ReplayedHeaderName] = "true";
            return TypedResults.Content(first.Body, first.ContentType, statusCode: first.StatusCode);
        }

        if (!lookup.Started)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A request with this Idempotency-Key is still in progress.",
                detail: "Retry once it has been answered.");
        }

        http.Features.Set(new KeyFeature(MessageIdFor(scoped)));
        try
        {
            var result = await next(context);
            var response = Capture(result);
            if (response is null || response.StatusCode >= 500)
            {
                await store.AbandonAsync(scoped, CancellationToken.None);
            }
            else
            {
                await store.CompleteAsync(scoped, response, Retention, CancellationToken.None);
            }

            return result;
        }
        catch
        {
            await store.AbandonAsync(scoped, CancellationToken.None);
            throw;
        }
    }

    // A name-based id (the first 16 bytes of a SHA-256): the same scoped key gives the same id on every node.
    private static Guid MessageIdFor(string scopedKey) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(scopedKey)).AsSpan(0, 16));

    private sealed record KeyFeature(Guid MessageId);

    private StoredResponse? Capture(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        if (result is not IStatusCodeHttpResult { StatusCode: { } status })
        {
            return null;
        }

        var value = (result as IValueHttpResult)?.Value;
        if (value is null)
        {
            return new StoredResponse(status, null, null);
        }

        var contentType = value is Microsoft.AspNetCore.Mvc.ProblemDetails ? "application/problem+json" : "application/json";
        return new StoredResponse(status, contentType, JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions));
    }
}
