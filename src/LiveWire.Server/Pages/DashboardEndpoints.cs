using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveWire.Server.Pages;

/// <summary>
/// The live dashboard at <c>/dashboard</c>: a static shell anyone may load; its data comes from
/// <c>GET /api/admin/overview</c> with an admin token the page asks for.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>
    /// Scripts, styles and requests from this server only, no inline script, and never inside a frame: an operator's
    /// page holding an admin token is no place for clickjacking.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapDashboardPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dashboard", (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            return new RazorComponentResult<DashboardPage>();
        })
        .WithTags("Pages")
        .ExcludeFromDescription();
        return endpoints;
    }
}
