using System.Text.Json;
using LiveWire.Core.Idempotency;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Api;

/// <summary>
/// Honours the <c>Idempotency-Key</c> header on newsroom calls: the same key on the same call again, within
/// <see cref="Retention"/>, gets the first answer (marked <c>Idempotent-Replayed: true</c>) and runs nothing. A call
/// that failed on the server side (5xx) lets its key go, so the retry runs for real.
/// </summary>
internal sealed class IdempotencyFilter(IIdempotencyStore store, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

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
        var lookup = await store.BeginAsync(scoped, Retention, http.RequestAborted);
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
