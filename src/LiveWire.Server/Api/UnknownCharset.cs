using System.Text;
using Microsoft.Net.Http.Headers;

namespace LiveWire.Server.Api;

/// <summary>
/// Refuses a request whose <c>Content-Type</c> names a charset .NET does not know with <c>415</c> problem+json.
/// The JSON body binding of minimal APIs throws an <see cref="InvalidOperationException"/> on one (a <c>500</c>)
/// where it refuses every other unreadable body with a <c>400</c>.
/// </summary>
internal static class UnknownCharset
{
    /// <summary>Adds the check to <paramref name="app"/>'s pipeline.</summary>
    public static IApplicationBuilder UseUnknownCharsetRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (KnownOrNone(context.Request.ContentType))
        {
            await next(context);
            return;
        }

        await TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported charset.",
            detail: "Send the body as UTF-8: application/json, or application/json; charset=utf-8 (unquoted).").ExecuteAsync(context);
    });

    // As HttpRequestJsonExtensions.ReadFromJsonAsync reads the charset: the media type's parameter as sent (quotes
    // and all), looked up by Encoding's name.
    private static bool KnownOrNone(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.Charset.HasValue ||
            mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            _ = Encoding.GetEncoding(mediaType.Charset.ToString());
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
