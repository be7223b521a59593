using System.Text.RegularExpressions;

namespace LiveWire.Core.Topics;

/// <summary>
/// The rules for topic names: 1 to 64 characters of <c>a-z 0-9 -</c>, not starting or ending with <c>-</c>.
/// </summary>
public static partial class TopicName
{
    /// <summary>The topic that also receives every breaking <c>published</c> event, from any topic.</summary>
    public const string Breaking = "breaking";

    /// <summary>Topics with this prefix need a reader token that names them.</summary>
    public const string PrivatePrefix = "private-";

    /// <summary>Whether <paramref name="topic"/> is a valid topic name.</summary>
    public static bool IsValid(string? topic) => topic is { Length: >= 1 and <= 64 } && Pattern().IsMatch(topic);

    /// <summary>Whether readers need a token that names <paramref name="topic"/>.</summary>
    public static bool IsPrivate(string topic) => topic.StartsWith(PrivatePrefix, StringComparison.Ordinal);

    // \z, not $: $ also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"\A[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
