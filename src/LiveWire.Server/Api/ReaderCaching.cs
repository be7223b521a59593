using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LiveWire.Server.Api;

/// <summary>
/// Reader GETs carry a strong <c>ETag</c> (a hash of the body) and a short <c>Cache-Control</c>, and answer
/// <c>304</c> to a matching <c>If-None-Match</c>, so a CDN or the browser can absorb a traffic spike: a second of
/// staleness at most, and a revalidation costs no body.
/// </summary>
internal static class ReaderCaching
{
    /// <summary>For answers anyone may see: shared caches may keep them for one second.</summary>
    public const string PublicCacheControl = "public, max-age=1";

    /// <summary>For answers that depend on the reader's token (private topics, the topic list of a signed-in reader).</summary>
    public const string PrivateCacheControl = "private, max-age=1";

    /// <summary>
    /// <paramref name="value"/> as JSON with its ETag, or <c>304</c> when the request already holds it.
    /// <paramref name="isPublic"/>: the answer is the same for every reader.
    /// </summary>
    public static IResult Json<T>(HttpContext context, T value, bool isPublic)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, options.GetTypeInfo(typeof(T)));
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body), 0, 16)}\"";

        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = isPublic ? PublicCacheControl : PrivateCacheControl;
        headers.Vary = HeaderNames.Authorization;
        return Matches(context.Request.Headers.IfNoneMatch, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(body, "application/json; charset=utf-8");
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        // If-None-Match compares weakly (RFC 9110, 13.1.2): a W/ tag from an intermediary matches too.
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
