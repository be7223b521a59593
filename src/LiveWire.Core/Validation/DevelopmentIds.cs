using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace LiveWire.Core.Validation;

/// <summary>The rules for development ids: 1 to 64 of <c>A-Za-z0-9_-</c>.</summary>
public static partial class DevelopmentIds
{
    /// <summary>Whether <paramref name="id"/> is a valid development id.</summary>
    public static bool IsValid(string? id) => id is { Length: >= 1 and <= 64 } && Pattern().IsMatch(id);

    /// <summary>A new random id (22 URL-safe characters).</summary>
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The id of a development published on the bus without one: derived from the bus message id, so a redelivered
    /// message keeps it.
    /// </summary>
    public static string FromMessageId(Guid messageId) => Base64Url(messageId.ToByteArray());

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // \z, not $: $ also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"\A[A-Za-z0-9_-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
