using LiveWire.Core.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LiveWire.Server.Auth;

/// <summary>
/// Checks bearer tokens as the contract says: HS256 keys picked by <c>kid</c> (or an OIDC authority), expiry always
/// with <see cref="LiveWireAuthOptions.ClockSkew"/>, issuer and audience where set, and no role the signing key may
/// not grant.
/// </summary>
internal sealed class ConfigureJwtBearer(IOptions<LiveWireAuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
{
    /// <summary>The query parameter that carries a hub connection's token.</summary>
    public const string QueryTokenName = "access_token";

    public void Configure(string? name, JwtBearerOptions options)
    {
        var settings = auth.Value;
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = settings.Issuer is not null,
            ValidIssuer = settings.Issuer,
            ValidateAudience = settings.Audience is not null,
            ValidAudience = settings.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = settings.ClockSkew,
            RoleClaimType = TopicAccess.RoleClaim,
            NameClaimType = "sub",
        };

        // Each key, and the roles it may grant, found again from the key that checked a token's signature.
        var keys = settings.AllSigningKeys.ToDictionary(key => (SecurityKey)key.ToSecurityKey(), key => key);
        if (settings.Authority is not null)
        {
            options.Authority = settings.Authority.ToString();
        }

        if (keys.Count > 0)
        {
            options.TokenValidationParameters.IssuerSigningKeys = keys.Keys;
        }

        if (settings.Authority is null)
        {
            // Only LiveWire's own keys: HS256. Beside an authority, its algorithms (RS256, ES256…) stay allowed.
            options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }

        options.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on WebSockets or EventSource: the hub takes the token from the query.
            OnMessageReceived = context =>
            {
                if (context.Request.Path.StartsWithSegments("/hubs")
                    && context.Request.Query.TryGetValue(QueryTokenName, out var token))
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                if (context.SecurityToken.SigningKey is { } signedWith
                    && keys.TryGetValue(signedWith, out var key)
                    && !key.MayGrant(context.Principal!.FindAll(TopicAccess.RoleClaim).Select(claim => claim.Value)))
                {
                    context.Fail($"The key '{key.Id}' may not sign tokens with these roles.");
                }

                return Task.CompletedTask;
            },
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
