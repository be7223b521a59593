using System.Security.Claims;
using System.Text;
using LiveWire.Core.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveWire.Server.Auth;

/// <summary>
/// Mints HS256 tokens with the configured signing key: the ready token printed in Development, and tokens for tests
/// and tools. Production tokens come from the newsroom's identity provider.
/// </summary>
public sealed class TokenIssuer(IOptions<LiveWireAuthOptions> auth, TimeProvider timeProvider)
{
    /// <summary>A token for <paramref name="subject"/> with <paramref name="roles"/> and reader <paramref name="topics"/>.</summary>
    public string Issue(string subject, IEnumerable<string> roles, IEnumerable<string>? topics = null, TimeSpan? lifetime = null)
    {
        var settings = auth.Value;
        if (settings.SigningKey is null)
        {
            throw new InvalidOperationException("Tokens can only be issued with a signing key.");
        }

        var claims = new List<Claim> { new("sub", subject) };
        claims.AddRange(roles.Select(role => new Claim(TopicAccess.RoleClaim, role)));
        claims.AddRange((topics ?? []).Select(topic => new Claim(TopicAccess.TopicsClaim, topic)));
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
