using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace LiveWire.Server.Auth;

/// <summary>One HS256 key of <see cref="LiveWireAuthOptions.SigningKeys"/>.</summary>
public sealed class SigningKeyOptions
{
    /// <summary>In <see cref="Roles"/>: the key may grant any role (as <see cref="LiveWireAuthOptions.SigningKey"/> does).</summary>
    public const string AnyRole = "*";

    /// <summary>The key's id: the <c>kid</c> in the header of the tokens it signs.</summary>
    public string? Id { get; set; }

    /// <summary>The key: its UTF-8 bytes, at least 32.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// The roles tokens signed with this key may carry (<c>newsroom</c>, <c>admin</c>; <c>*</c> for any). Empty: reader
    /// tokens only, so a key handed to a site that mints reader tokens can never make a newsroom or admin token.
    /// </summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>The key as the token handler takes it.</summary>
    public SymmetricSecurityKey ToSecurityKey() => new(Encoding.UTF8.GetBytes(Key!)) { KeyId = Id };

    /// <summary>Whether this key may sign a token that carries <paramref name="roles"/>.</summary>
    public bool MayGrant(IEnumerable<string> roles) =>
        Roles.Contains(AnyRole, StringComparer.Ordinal) || roles.All(role => Roles.Contains(role, StringComparer.Ordinal));
}
