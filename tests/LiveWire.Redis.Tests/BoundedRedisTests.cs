using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Timeline;
using LiveWire.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace LiveWire.Redis.Tests;

/// <summary>
/// Redis stays bounded by the retention: 100,000 events over 1,000 topics (100 at a time, each ending when the next
/// hundred start) plus one topic corrected all along, with a 2-second retention, leave <c>used_memory</c> flat, and
/// once posting stops every key of the store expires. <c>LIVEWIRE_BOUNDED_ROUNDS</c> (default 10, 10,000 events each)
/// scales the run; <c>LIVEWIRE_BOUNDED_KEEP_ALL=1</c> posts the same with a retention of an hour, for the figures
/// of what would be kept without the bounds (the test then fails by design).
/// </summary>
public sealed class BoundedRedisTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int TopicsPerRound = 100;
    private const int EventsPerTopic = 99;
    private const int StandingEventsPerRound = 2 * TopicsPerRound;
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(2);
    private static readonly string Body = "<p>" + string.Concat(Enumerable.Repeat("Negotiators met again this morning. ", 6)) + "</p>";

    private ConnectionMultiplexer? _redis;

    // INFO is an admin command to StackExchange.Redis.
    public async Task InitializeAsync() =>
        _redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { TestServers.Redis }, AllowAdmin = true });

    public async Task DisposeAsync() => await _redis!.DisposeAsync();

    [Fact]
    public async Task Posting_100000_events_over_1000_topics_past_the_retention_keeps_used_memory_flat_and_every_key_expires()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("LIVEWIRE_BOUNDED_ROUNDS"), out var r) ? r : 10;
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var options = new TimelineOptions { Retention = Retention, DedupeWindow = Retention };
        if (Environment.GetEnvironmentVariable("LIVEWIRE_BOUNDED_KEEP_ALL") == "1")
        {
            // For the contrast figures only: nothing expires within the run (the assertions below then fail).
            options = new TimelineOptions { Retention = TimeSpan.FromHours(1), DedupeWindow = TimeSpan.FromHours(1) };
        }

        var store = new RedisTimelineStore(
            _redis!, new RedisKeys(prefix), Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Options.Options.Create(new LiveWireRedisOptions()));
        var server = _redis!.GetServer(_redis.GetEndPoints()[0]);
        const string standing = "standing-story";
        await CommitAsync(store, Publish(standing, "s0"));

        var started = Stopwatch.StartNew();
        // When each topic last committed: a topic's keys live for the key lifetime after that, so the topics that
        // committed within it (and Redis's expiry cycle) are what the store may hold at a sample.
        var lastCommit = new ConcurrentDictionary<string, TimeSpan>();
        var held = options.KeyLifetime + TimeSpan.FromSeconds(1);
        var samples = new List<(int Round, long Events, TimeSpan At, long UsedMemory, int Keys, int Topics)>();
        var before = await UsedMemoryAsync(server);
        output.WriteLine($"used_memory before: {before} B; retention {options.Retention.TotalSeconds} s");
        var revision = 1;
        for (var round = 0; round < rounds; round++)
        {
            var topics = Enumerable.Range(round * TopicsPerRound, TopicsPerRound).Select(i => $"story-{i:0000}").ToArray();
            var posting = Parallel.ForEachAsync(topics, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (topic, _) =>
            {
                // The standing story is corrected all along, as each story of the round starts and ends. Nothing waits
                // on a development older than a few commits: on a busy machine (the whole suite shares this Redis) a
                // story's posts can take longer than the retention, and its keys would expire in between.
                await CommitAsync(store, Correct(standing, "s0", Interlocked.Increment(ref revision)));
                for (var i = 0; i < EventsPerTopic; i++)
                {
                    // Mostly posts, and corrections of the post before, whose dedupe keys are the ones trimmed by time.
                    await CommitAsync(store, i % 10 == 9 ? Correct(topic, $"d{i - 1}", 2) : Publish(topic, $"d{i}"));
                }

                lastCommit[topic] = started.Elapsed;
                await CommitAsync(store, Correct(standing, "s0", Interlocked.Increment(ref revision)));
            });
            await posting;
            var events = (long)(round + 1) * (TopicsPerRound * EventsPerTopic + StandingEventsPerRound);
            var at = started.Elapsed;
            var topicsHeld = 1 + lastCommit.Count(pair => pair.Value >= at - held);
            samples.Add((round + 1, events, at, await UsedMemoryAsync(server), await CountKeysAsync(server, prefix), topicsHeld));
            var last = samples[^1];
            output.WriteLine($"after {last.Events,7:N0} events ({last.At.TotalSeconds,5:0.0} s): used_memory {last.UsedMemory / 1024.0 / 1024.0,6:0.00} MiB, {last.Keys,5} keys of the store, {last.Topics,3} topics committed within the key lifetime");
        }

        // Flat: from the first sample taken a key lifetime (and a second for Redis's expiry cycle) into the run, the
        // samples of the second half peak no more than half as high again as those of the first half, while the events
        // posted doubled (kept, used_memory would grow with them: docs/timeline.md has both sets of figures). Per topic
        // committed within the key lifetime, because that is what the store holds: the test posts as fast as the
        // machine lets it, and a half that posts twice as fast holds twice the topics at once.
        var settled = samples.FindIndex(s => s.At >= held);
        Assert.True(settled >= 0 && samples.Count - settled >= 4, $"the run ({started.Elapsed}) outlasts the key lifetime by at least four samples");
        var middle = (settled + samples.Count) / 2;
        static long PerTopic(long usedMemory, long before, int topics) => (usedMemory - before) / topics;
        var firstPeak = samples.Skip(settled).Take(middle - settled).Max(s => PerTopic(s.UsedMemory, before, s.Topics));
        var secondPeak = samples.Skip(middle).Max(s => PerTopic(s.UsedMemory, before, s.Topics));
        output.WriteLine($"peak per topic held, samples {settled + 1}-{middle}: {firstPeak} B; samples {middle + 1}-{samples.Count}: {secondPeak} B ({100.0 * secondPeak / firstPeak:0}%); " +
            $"used_memory peaks {samples.Skip(settled).Take(middle - settled).Max(s => s.UsedMemory)} B and {samples.Skip(middle).Max(s => s.UsedMemory)} B");
        Assert.True(secondPeak <= firstPeak * 3 / 2, $"used_memory per topic held in the second half ({secondPeak} B) within 150% of the first half's peak ({firstPeak} B)");

        // Then nothing of the store is left: every key kind expires once its topic is idle for the key lifetime.
        await Eventually.HoldsAsync(async () => await CountKeysAsync(server, prefix) == 0, options.KeyLifetime + TestTimeouts.Delivery, "every key of the store to expire");
        output.WriteLine($"used_memory once every key expired: {await UsedMemoryAsync(server)} B");
    }

    private static async Task CommitAsync(RedisTimelineStore store, TimelineChange change)
    {
        var result = await store.CommitAsync(change, CancellationToken.None);
        Assert.Equal(CommitStatus.Committed, result.Status);
    }

    private static TimelineChange Publish(string topic, string id) =>
        Change(topic, EventKinds.Published, id, $"Talks resume in the capital ({id})", $"p:{id}", pinned: false);

    private static TimelineChange Correct(string topic, string id, int revision) =>
        Change(topic, EventKinds.Corrected, id, $"Talks resume in the capital (revision {revision})", $"c:{id}:{revision}", pinned: null);

    private static TimelineChange Change(string topic, string kind, string id, string headline, string dedupeKey, bool? pinned) => new(
        topic,
        kind,
        new DevelopmentFields { Id = id, Headline = headline, Body = Body, Priority = "normal", Author = "Desk" },
        dedupeKey,
        Guid.NewGuid().ToString("N"),
        // Now, not a time fixed when the class loaded: the keys' lifetimes count from acceptance, and a busy machine
        // may take longer than the retention between loading the tests and running this one.
        DateTimeOffset.UtcNow,
        pinned);

    private static async Task<long> UsedMemoryAsync(IServer server)
    {
        var memory = (await server.InfoAsync("memory")).SelectMany(group => group).First(pair => pair.Key == "used_memory");
        return long.Parse(memory.Value, CultureInfo.InvariantCulture);
    }

    private static async Task<int> CountKeysAsync(IServer server, string prefix)
    {
        var count = 0;
        await foreach (var _ in server.KeysAsync(pattern: prefix + ":*", pageSize: 1_000))
        {
            count++;
        }

        return count;
    }
}
