using System.Security.Claims;
using LiveWire.Core.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveWire.Server.Auth;

/// <summary>
/// Mints HS256 tokens with the configured signing keys: the hub tokens of <c>POST /api/hub-token</c>, the ready token
/// printed in Development, and tokens for tests and tools. Production newsroom tokens come from the newsroom's
/// identity provider.
/// </summary>
public sealed class TokenIssuer(IOptions<LiveWireAuthOptions> auth, TimeProvider timeProvider)
{
    /// <summary>Whether a key is configured that may sign a token with no role (a reader's or a hub token).</summary>
    public bool CanIssueReaderTokens => auth.Value.AllSigningKeys.Any();

    /// <summary>
    /// A token for <paramref name="subject"/> with <paramref name="roles"/> and reader <paramref name="topics"/>,
    /// signed with the first key that may grant those roles.
    /// </summary>
    public string Issue(string subject, IEnumerable<string> roles, IEnumerable<string>? topics = null, TimeSpan? lifetime = null)
    {
        var settings = auth.Value;
        var granted = roles.ToArray();
        var key = settings.AllSigningKeys.FirstOrDefault(key => key.MayGrant(granted))
            ?? throw new InvalidOperationException($"No signing key may grant the roles {string.Join(", ", granted)}.");

        var claims = new List<Claim> { new("sub", subject) };
        claims.AddRange(granted.Select(role => new Claim(TopicAccess.RoleClaim, role)));
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
            SigningCredentials = new SigningCredentials(key.ToSecurityKey(), SecurityAlgorithms.HmacSha256),
        });
    }
}
