using StackExchange.Redis;

namespace LiveWire.Redis.Internal;

/// <summary>A script's reply of named pairs (<c>{'status', 'committed', 'seq', 12, …}</c>), read by name.</summary>
internal sealed class ScriptReply(RedisScript script, RedisResult reply)
{
    private readonly Dictionary<string, RedisResult> _fields = reply.ToDictionary(StringComparer.Ordinal);

    /// <summary>The value named <paramref name="name"/>; a name the script does not reply with is a bug.</summary>
    public RedisResult this[string name] =>
        _fields.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"The reply of {script} has no '{name}'.");

    /// <summary>The text named <paramref name="name"/>, or null when the script replied nil (or false) for it.</summary>
    public string? Text(string name) => (string?)this[name];

    /// <summary>The list named <paramref name="name"/>.</summary>
    public RedisResult[] List(string name) => (RedisResult[])this[name]!;
}
