using System.ComponentModel.DataAnnotations;
using System.Text;

namespace LiveWire.Server.Auth;

/// <summary>How bearer tokens are checked.</summary>
public sealed class LiveWireAuthOptions : IValidatableObject
{
    /// <summary>The configuration section: <c>LiveWire:Auth</c>.</summary>
    public const string SectionName = "LiveWire:Auth";

    /// <summary>The HS256 key: its UTF-8 bytes, at least 32 of them. Required unless <see cref="Authority"/> is set.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The issuer tokens must carry; not checked when unset.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must carry; not checked when unset.</summary>
    public string? Audience { get; set; }

    /// <summary>An OpenID Connect authority whose keys sign the tokens, instead of <see cref="SigningKey"/>.</summary>
    public Uri? Authority { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Authority is null && (SigningKey is null || Encoding.UTF8.GetByteCount(SigningKey) < 32))
        {
            yield return new ValidationResult(
                $"Set {SectionName}:SigningKey (at least 32 bytes of UTF-8) or {SectionName}:Authority.",
                [nameof(SigningKey)]);
        }
    }
}
