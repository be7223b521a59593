using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Timeline;
using LiveWire.Testing;
using StackExchange.Redis;

namespace LiveWire.Redis.Tests;

public sealed class RedisTimelineStoreTests : TimelineStoreConformanceTests, IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;
    private RedisKeys? _keys;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);

    public async Task DisposeAsync() => await _redis!.DisposeAsync();

    // A key prefix per store keeps tests apart on the one shared Redis.
    protected override ITimelineStore CreateStore(TimelineOptions options) =>
        new RedisTimelineStore(
            _redis!,
            _keys = new RedisKeys("t" + Guid.NewGuid().ToString("N")[..12]),
            Microsoft.Extensions.Options.Options.Create(options),
            Microsoft.Extensions.Options.Options.Create(new LiveWireRedisOptions()));

    private TimelineChange Publish(string topic, string id) => new(
        topic,
        EventKinds.Published,
        new DevelopmentFields { Id = id, Headline = $"Headline of {id}", Priority = "normal" },
        $"p:{id}",
        Guid.NewGuid().ToString("N"),
        DateTimeOffset.UtcNow,
        false);

    private RedisKey[] TopicKeys(string topic) => [.. _keys!.CommitKeys(topic), _keys.Accepts(topic)];

    [Fact]
    public async Task A_topic_whose_keys_are_lost_is_made_again_with_a_new_epoch()
    {
        var store = CreateStore(new TimelineOptions());
        var topic = "lost-" + Guid.NewGuid().ToString("N")[..8];
        var before = await store.CommitAsync(Publish(topic, "a"), CancellationToken.None);

        await _redis!.GetDatabase().KeyDeleteAsync(TopicKeys(topic));
        var after = await store.CommitAsync(Publish(topic, "b"), CancellationToken.None);

        Assert.Equal((1L, 1L), (before.Event!.Seq, after.Event!.Seq));
        Assert.NotEqual(before.Event.Epoch, after.Event.Epoch);
        Assert.Equal(after.Event.Epoch, (await store.GetTopicAsync(topic, 10, CancellationToken.None))!.Epoch);
    }

    [Fact]
    public async Task A_commit_after_Redis_went_back_to_an_older_copy_of_the_topic_starts_a_new_epoch_for_all_it_holds()
    {
        var store = CreateStore(new TimelineOptions());
        var topic = "rollback-" + Guid.NewGuid().ToString("N")[..8];
        var database = _redis!.GetDatabase();
        foreach (var id in new[] { "a", "b", "c" })
        {
            await store.CommitAsync(Publish(topic, id), CancellationToken.None);
        }

        // The copy Redis goes back to: every key of the topic as it was at seq 3.
        var copy = new List<(RedisKey Key, byte[] Value)>();
        foreach (var key in TopicKeys(topic))
        {
            if (await database.KeyDumpAsync(key) is { } value)
            {
                copy.Add((key, value));
            }
        }

        var lost = await store.CommitAsync(Publish(topic, "d"), CancellationToken.None);
        await store.CommitAsync(Publish(topic, "e"), CancellationToken.None);
        await database.KeyDeleteAsync(TopicKeys(topic));
        foreach (var (key, value) in copy)
        {
            await database.KeyRestoreAsync(key, value);
        }

        var after = await store.CommitAsync(Publish(topic, "f"), CancellationToken.None);
        var page = await store.ReadAsync(topic, 0, 100, CancellationToken.None);

        Assert.Equal(4, after.Event!.Seq);
        Assert.NotEqual(lost.Event!.Epoch, after.Event.Epoch);
        Assert.Equal(after.Event.Epoch, page.Epoch);
        Assert.Equal(["a", "b", "c", "f"], page.Events.Select(e => e.Id));
        Assert.All(page.Events, e => Assert.Equal(after.Event.Epoch, e.Epoch));
        Assert.Equal(after.Event.Epoch, (await store.CommitAsync(Publish(topic, "g"), CancellationToken.None)).Event!.Epoch);
    }
}
