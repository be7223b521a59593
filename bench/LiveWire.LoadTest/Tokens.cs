using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveWire.LoadTest;

/// <summary>Mints the newsroom token the tool posts with, from the deployment's HS256 key, issuer and audience.</summary>
internal static class Tokens
{
    public static string Newsroom(string signingKey, string? issuer, string? audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", "load-test"), new Claim("role", "newsroom")]),
        Expires = DateTime.UtcNow.AddHours(2),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
    });
}
