using System.Reflection;
using StackExchange.Redis;

namespace LiveWire.Redis.Internal;

/// <summary>
/// One Lua script of <c>Scripts/</c>, embedded in this assembly and read from it once, when the first script is used.
/// Each script names its <c>KEYS</c> and <c>ARGV</c> in its first lines; its caller passes them in that order and
/// nothing else.
/// </summary>
/// <remarks>
/// A script runs through <see cref="IDatabaseAsync.ScriptEvaluateAsync(string, RedisKey[], RedisValue[], CommandFlags)"/>,
/// which loads it once per server (<c>SCRIPT LOAD</c>), runs it by its hash (<c>EVALSHA</c>) from then on, and loads it
/// again when a server answers <c>NOSCRIPT</c> (after a restart or <c>SCRIPT FLUSH</c>). <c>LuaScript.Prepare</c>
/// does not fit these scripts: it takes <c>@name</c> parameters, not a variable number of keys or arguments.
/// </remarks>
internal sealed class RedisScript
{
    private RedisScript(string fileName)
    {
        Name = fileName;
        var resource = typeof(RedisScript).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"The script {fileName} is not embedded in {typeof(RedisScript).Assembly.GetName().Name}.");
        using var reader = new StreamReader(resource);
        Text = reader.ReadToEnd();
    }

    private const string ResourcePrefix = "LiveWire.Redis.Scripts.";

    /// <summary>Commits a change to a topic's timeline and keeps the topic's keys bounded.</summary>
    public static RedisScript TimelineCommit { get; } = new("timeline_commit.lua");

    /// <summary>Reads a page of a topic's history.</summary>
    public static RedisScript TimelineRead { get; } = new("timeline_read.lua");

    /// <summary>Reads a topic's current state.</summary>
    public static RedisScript TimelineSnapshot { get; } = new("timeline_snapshot.lua");

    /// <summary>Gives an accepted change its accept order.</summary>
    public static RedisScript TimelineAccept { get; } = new("timeline_accept.lua");

    /// <summary>Where one development stands.</summary>
    public static RedisScript TimelineStatus { get; } = new("timeline_status.lua");

    /// <summary>Adds a node's acks to an event's delivery report.</summary>
    public static RedisScript DeliveryAddAcks { get; } = new("delivery_add_acks.lua");

    /// <summary>Every script, for the tests that check them all.</summary>
    public static IReadOnlyList<RedisScript> All { get; } =
        [TimelineCommit, TimelineRead, TimelineSnapshot, TimelineAccept, TimelineStatus, DeliveryAddAcks];

    /// <summary>The script's file name in <c>Scripts/</c>.</summary>
    public string Name { get; }

    /// <summary>The script's source.</summary>
    public string Text { get; }

    /// <summary>Runs the script with <paramref name="keys"/> and <paramref name="arguments"/>, in the order it names them.</summary>
    public Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] arguments) =>
        database.ScriptEvaluateAsync(Text, keys, arguments);

    /// <summary>Runs a script whose reply is named pairs, and reads it by name.</summary>
    public async Task<ScriptReply> EvaluateNamedAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] arguments) =>
        new(this, await EvaluateAsync(database, keys, arguments));

    /// <inheritdoc />
    public override string ToString() => Name;
}
