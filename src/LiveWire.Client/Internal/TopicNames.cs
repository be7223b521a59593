namespace LiveWire.Client.Internal;

/// <summary>The contract's topic naming rule, checked before anything is sent.</summary>
internal static class TopicNames
{
    /// <summary>1 to 64 characters of <c>a-z 0-9 -</c>, not starting or ending with <c>-</c>.</summary>
    public static bool IsValid(string? topic) =>
        topic is { Length: >= 1 and <= 64 }
        && topic[0] != '-'
        && topic[^1] != '-'
        && topic.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
