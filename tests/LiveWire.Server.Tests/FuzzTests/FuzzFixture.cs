using System.Collections.Concurrent;
using System.Net;
using LiveWire.Core.Options;
using LiveWire.Core.Security;
using LiveWire.Redis;
using LiveWire.Server.Auth;
using LiveWire.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LiveWire.Server.Tests.FuzzTests;

/// <summary>
/// A cluster of one Server and one Ingestion worker on the real Redis and RabbitMQ, with the rate limits raised so a
/// fuzz run measures the API rather than the limiter (a <c>429</c> problem is still an acceptable refusal), and what
/// the fuzz tests need to look at: the Redis keys under the cluster's prefix, the topics a fuzz run had accepted.
/// </summary>
public sealed class FuzzFixture : ClusterFixture
{
    /// <summary>Topics the server answered a change to with a 2xx, as it named them in its answer.</summary>
    public ConcurrentDictionary<string, bool> AcceptedTopics { get; } = new(StringComparer.Ordinal);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"{LimitsOptions.SectionName}:NewsroomRequestsPerSecond"] = "1000000",
        [$"{LimitsOptions.SectionName}:NewsroomBurst"] = "1000000",
        [$"{LimitsOptions.SectionName}:HubCallsPerSecond"] = "10000",
        [$"{LimitsOptions.SectionName}:HubCallBurst"] = "10000",
        [$"{PresenceOptions.SectionName}:PublishInterval"] = "00:00:00.100",
    };

    public LiveWireNode Server => Cluster.Servers[0];

    private RedisKeys Keys => Server.Services.GetRequiredService<RedisKeys>();

    private IDatabase Redis => Server.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    /// <summary>A token for <paramref name="subject"/> with <paramref name="roles"/>, signed with the cluster's key.</summary>
    public string Token(string subject, string[] roles, string[]? topics = null, TimeSpan? lifetime = null) =>
        Server.Services.GetRequiredService<TokenIssuer>().Issue(subject, roles, topics, lifetime);

    /// <summary>A token signed with a key the cluster does not know.</summary>
    public static string ForeignToken() => new TokenIssuer(
        Microsoft.Extensions.Options.Options.Create(new LiveWireAuthOptions { SigningKey = new string('k', 40) }),
        TimeProvider.System).Issue("intruder", [TopicAccess.NewsroomRole, TopicAccess.AdminRole]);

    /// <summary>
    /// Every topic Redis holds something of: a key in the topic's hash tag (<c>{prefix}:{topic}:part</c>) or a member
    /// of the topic list.
    /// </summary>
    public async Task<IReadOnlySet<string>> StoredTopicsAsync()
    {
        var multiplexer = Server.Services.GetRequiredService<IConnectionMultiplexer>();
        var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
        var topicKeyStart = Keys.Prefix + ":{";
        var topics = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: topicKeyStart + "*", pageSize: 1000))
        {
            var name = (string)key!;
            var end = name.LastIndexOf("}:", StringComparison.Ordinal);
            topics.Add(name[topicKeyStart.Length..end]);
        }

        foreach (var member in await Redis.SortedSetRangeByRankAsync(Keys.Topics()))
        {
            topics.Add((string)member!);
        }

        return topics;
    }

    /// <summary>How many changes the API has accepted for <paramref name="topic"/> (each takes an accept order).</summary>
    public async Task<long> AcceptOrdersAsync(string topic) => (long?)await Redis.StringGetAsync(Keys.Accepts(topic)) ?? 0;

    /// <summary>The topics the nodes' published reader counts name with at least one reader.</summary>
    public async Task<IReadOnlySet<string>> CountedReaderTopicsAsync()
    {
        var multiplexer = Server.Services.GetRequiredService<IConnectionMultiplexer>();
        var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
        var topics = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: Keys.Prefix + ":readers:*"))
        {
            foreach (var entry in await Redis.HashGetAllAsync(key))
            {
                if ((long)entry.Value > 0)
                {
                    topics.Add((string)entry.Name!);
                }
            }
        }

        return topics;
    }

    /// <summary>Fails unless every topic Redis holds something of was accepted (or is one of <paramref name="seeded"/>).</summary>
    public async Task AssertNothingStoredForRefusedInputsAsync(params string[] seeded)
    {
        var stored = await StoredTopicsAsync();
        var unexpected = stored.Where(topic => !AcceptedTopics.ContainsKey(topic) && !seeded.Contains(topic)).ToArray();
        Assert.True(
            unexpected.Length == 0,
            $"Redis holds {unexpected.Length} topic(s) no input was accepted for: " +
            string.Join(", ", unexpected.Take(20).Select(t => $"'{Escape(t)}'")));
    }

    /// <summary>Waits until the node answers <c>/health/ready</c> with 200.</summary>
    public async Task AssertHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = Server.Url, Timeout = TestTimeouts.Delivery };
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await http.GetAsync("/health/ready");
                return response.StatusCode == HttpStatusCode.OK;
            },
            TestTimeouts.Delivery,
            "the node to be ready after the fuzz run");
    }

    /// <summary><paramref name="text"/> with control and non-ASCII characters as <c>\uXXXX</c>, for messages.</summary>
    public static string Escape(string text, int max = 300)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            builder.Append(c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return text.Length > max ? builder.Append($"…({text.Length} chars)").ToString() : builder.ToString();
    }
}

/// <summary>The fuzz test classes run one after the other: each keeps both cores busy on its own.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzTestGroup
{
    public const string Name = "Fuzz";
}

/// <summary>How many generated inputs of each category got which answer, for the test's output.</summary>
public sealed class FuzzTally
{
    private readonly ConcurrentDictionary<(string Category, string Outcome), int> _counts = new();

    public void Add(string category, string outcome) => _counts.AddOrUpdate((category, outcome), 1, (_, n) => n + 1);

    public int Total => _counts.Values.Sum();

    public int Count(string category) => _counts.Where(c => c.Key.Category == category).Sum(c => c.Value);

    public int Count(string category, string outcome) => _counts.TryGetValue((category, outcome), out var n) ? n : 0;

    public override string ToString() => string.Join(
        Environment.NewLine,
        _counts.GroupBy(c => c.Key.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            $"{g.Key}: {g.Sum(c => c.Value)} inputs (" +
            string.Join(", ", g.OrderBy(c => c.Key.Outcome, StringComparer.Ordinal).Select(c => $"{c.Key.Outcome}: {c.Value}")) + ")"));
}
