using System.Text.RegularExpressions;

namespace LiveWire.Server.Tests;

/// <summary>The metric names a PromQL expression reads (functions, keywords, labels and durations left out).</summary>
internal static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords =
        ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"];

    public static IEnumerable<string> Of(string expression)
    {
        var bare = Strings().Replace(expression, "");
        bare = Matchers().Replace(bare, "");
        bare = Ranges().Replace(bare, "");
        bare = Groupings().Replace(bare, "");
        return Identifiers().Matches(bare)
            .Where(m => !Keywords.Contains(m.Groups["name"].Value.ToLowerInvariant()) && m.Groups["call"].Length == 0)
            .Select(m => m.Groups["name"].Value);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    [GeneratedRegex(@"(?<![\w$.])(?<name>[a-zA-Z_:][\w:]*)(?<call>\s*\()?")]
    private static partial Regex Identifiers();
}
