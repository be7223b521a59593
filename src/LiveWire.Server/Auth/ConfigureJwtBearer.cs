using System.Text;
using LiveWire.Core.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LiveWire.Server.Auth;

/// <summary>Checks bearer tokens as the contract says: HS256 or an OIDC authority, expiry always, issuer and audience where set.</summary>
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
            RoleClaimType = TopicAccess.RoleClaim,
            NameClaimType = "sub",
        };

        if (settings.Authority is not null)
        {
            options.Authority = settings.Authority.ToString();
        }
        else
        {
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey!));
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
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
