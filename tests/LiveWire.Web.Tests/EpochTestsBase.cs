using LiveWire.Client;
using LiveWire.Contracts;
using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>
/// Redis restarted from an older copy of its append-only file: the topic's seqs go back, and the store starts a new
/// epoch, so connected readers reload the state instead of dropping the new events as repeats. With the ingestion
/// in the Server (<see cref="EpochTests"/>) and in a worker behind RabbitMQ (<see cref="EpochWorkerTests"/>).
/// </summary>
public abstract class EpochTestsBase(OwnRedisWebFixture web)
{
    [Fact]
    public async Task After_Redis_restarts_from_an_older_append_only_file_every_connected_reader_shows_the_newest_state()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        foreach (var id in new[] { "a1", "a2", "a3" })
        {
            await newsroom.PostAsync(topic, id);
        }

        await newsroom.WaitForSeqAsync(topic, 3);
        var reader = new ShownIds();
        await using var client = new LiveWireClient(new LiveWireClientOptions { BaseAddress = web.Server.Url });
        await client.StartAsync().WaitAsync(TestTimeouts.Startup);
        await using var subscription = await client.SubscribeAsync(
            topic, reader.ApplyAsync, new SubscribeOptions { AfterSeq = 0, OnReset = reader.ResetAsync }).WaitAsync(TestTimeouts.Delivery);
        var live = await web.OpenLivePageAsync(topic);
        await Assertions.Expect(live.Post("a3")).ToBeVisibleAsync();
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 3, TestTimeouts.Delivery, "the client to apply seq 3");
        var epochBefore = subscription.Epoch;

        var copy = web.Redis.CopyAppendOnlyFiles(); // holds seqs 1 to 3
        await newsroom.PostAsync(topic, "b4");
        await newsroom.PostAsync(topic, "b5");
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 5, TestTimeouts.Delivery, "the client to apply seq 5");
        await Assertions.Expect(live.Post("b5")).ToBeVisibleAsync();

        await web.Redis.KillAsync();
        web.Redis.RestoreAppendOnlyFiles(copy);
        await web.Redis.RestartAsync();
        await Eventually.HoldsAsync(
            async () => (await newsroom.GetAsync($"/api/topics/{topic}")).IsSuccessStatusCode,
            TestTimeouts.Startup,
            "the Server to read from Redis again");

        // Seqs 4 and 5 again, with other developments: before epochs, both readers took them for repeats.
        await newsroom.PostAsync(topic, "c4");
        await newsroom.WaitForSeqAsync(topic, 4);
        await newsroom.PostAsync(topic, "c5");
        await newsroom.WaitForSeqAsync(topic, 5);

        string[] newest = ["c5", "c4", "a3", "a2", "a1"];
        Assert.Equal(newest, (await newsroom.GetTopicAsync(topic)).Developments.Select(d => d.Id));
        await Eventually.HoldsAsync(() => reader.Ids.SequenceEqual(newest), TestTimeouts.Delivery, ".NET client to show " + string.Join(",", newest));
        await Assertions.Expect(live.Posts).ToHaveCountAsync(newest.Length);
        Assert.Equal(newest, await live.IdsAsync());
        Assert.NotEqual(epochBefore, subscription.Epoch);
        Assert.Equal(1, reader.Resets);
        web.AssertNoErrors(live.Page);
    }

    /// <summary>What a .NET application built on the client shows: its developments, newest first.</summary>
    private sealed class ShownIds
    {
        private readonly Lock _lock = new();
        private readonly List<string> _ids = [];
        private int _resets;

        public IReadOnlyList<string> Ids
        {
            get
            {
                lock (_lock)
                {
                    return [.. _ids];
                }
            }
        }

        public int Resets => Volatile.Read(ref _resets);

        public ValueTask ApplyAsync(TimelineEvent liveEvent, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (liveEvent.Kind == EventKinds.Published)
                {
                    _ids.Insert(0, liveEvent.Id);
                }
                else if (liveEvent.Kind == EventKinds.Retracted)
                {
                    _ids.Remove(liveEvent.Id);
                }
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask ResetAsync(TopicSnapshot snapshot, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _ids.Clear();
                _ids.AddRange(snapshot.Developments.Select(d => d.Id));
                Interlocked.Increment(ref _resets);
            }

            return ValueTask.CompletedTask;
        }
    }
}
