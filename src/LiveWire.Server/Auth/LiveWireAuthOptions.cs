using System.ComponentModel.DataAnnotations;
using System.Text;

namespace LiveWire.Server.Auth;

/// <summary>How bearer tokens are checked.</summary>
public sealed class LiveWireAuthOptions : IValidatableObject
{
    /// <summary>The configuration section: <c>LiveWire:Auth</c>.</summary>
    public const string SectionName = "LiveWire:Auth";

    /// <summary>
    /// One HS256 key (its UTF-8 bytes, at least 32) that may sign every kind of token: reader, newsroom and admin.
    /// Use <see cref="SigningKeys"/> to rotate keys or to keep reader tokens apart.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// HS256 keys valid at once, each with the <c>kid</c> its tokens carry and the roles it may grant; a token is
    /// checked against the key its <c>kid</c> names. The first key that may grant a token's roles signs the tokens
    /// this node mints. Keys rotate without downtime: add the new key, move the issuer to it, remove the old one once
    /// its last tokens have expired.
    /// </summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>The issuer tokens must carry. Required outside Development.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must carry. Required outside Development.</summary>
    public string? Audience { get; set; }

    /// <summary>An OpenID Connect authority whose keys sign the tokens, instead of signing keys of LiveWire's own.</summary>
    public Uri? Authority { get; set; }

    /// <summary>How far a token's times may be off this node's clock. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the hub tokens this node mints for the console and the dashboard live (<c>POST /api/hub-token</c>), so
    /// their long-lived tokens never travel in a hub URL. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan HubTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Every key tokens may be signed with: <see cref="SigningKey"/> (any role) and <see cref="SigningKeys"/>.</summary>
    public IEnumerable<SigningKeyOptions> AllSigningKeys =>
        SigningKey is null
            ? SigningKeys
            : [new SigningKeyOptions { Key = SigningKey, Roles = [SigningKeyOptions.AnyRole] }, .. SigningKeys];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var keys = AllSigningKeys.ToArray();
        if (Authority is null && keys.Length == 0)
        {
            yield return new ValidationResult(
                $"Set {SectionName}:SigningKey (at least 32 bytes of UTF-8), {SectionName}:SigningKeys or {SectionName}:Authority.",
                [nameof(SigningKey)]);
        }

        if (keys.Any(key => key.Key is null || Encoding.UTF8.GetByteCount(key.Key) < 32))
        {
            yield return new ValidationResult("Every signing key needs at least 32 bytes of UTF-8.", [nameof(SigningKeys)]);
        }

        if (SigningKeys.Any(key => string.IsNullOrEmpty(key.Id)) || SigningKeys.DistinctBy(key => key.Id).Count() != SigningKeys.Count)
        {
            yield return new ValidationResult($"Every entry of {SectionName}:SigningKeys needs an Id of its own (the tokens' kid).", [nameof(SigningKeys)]);
        }
    }
}
