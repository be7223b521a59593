using System.Security.Claims;
using LiveWire.Core.Security;
using LiveWire.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Api;

/// <summary>
/// <c>POST /api/hub-token</c>: swaps the caller's bearer token (sent in a header) for a short-lived token with no
/// role and the same reader grants, for the hub URL. Browsers can only put a WebSocket's token in its query string,
/// which proxies and servers log: the newsroom's and an admin's long-lived tokens never go there.
/// </summary>
internal static class HubTokenEndpoints
{
    public static IEndpointRouteBuilder MapHubTokenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/hub-token", Issue)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimits.Newsroom)
            .WithTags("Readers")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static Results<Ok<HubToken>, ProblemHttpResult> Issue(
        ClaimsPrincipal user, TokenIssuer issuer, IOptions<LiveWireAuthOptions> auth, TimeProvider time)
    {
        if (!issuer.CanIssueReaderTokens)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "This node mints no hub tokens.",
                detail: $"Hub tokens need a key of {LiveWireAuthOptions.SectionName}:SigningKeys; connect with a reader token of your own.");
        }

        var now = time.GetUtcNow();
        var expires = TopicAccess.ExpiresAt(user) ?? DateTimeOffset.MaxValue;
        if (expires <= now)
        {
            // Let in by the clock skew, but expired: nothing to swap it for.
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The token has expired.");
        }

        // Never longer than the token it was swapped for.
        var until = now + auth.Value.HubTokenLifetime < expires ? now + auth.Value.HubTokenLifetime : expires;
        var token = issuer.Issue(
            user.FindFirstValue("sub") ?? "anonymous",
            roles: [],
            topics: user.FindAll(TopicAccess.TopicsClaim).Select(claim => claim.Value),
            lifetime: until - now);
        return TypedResults.Ok(new HubToken(token, until));
    }
}
