using LiveWire.Core.Telemetry;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

public sealed class ConcurrentIngestionTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Five_hundred_concurrent_posts_over_five_topics_give_each_topic_seqs_1_to_n_with_each_development_once()
    {
        var topics = Enumerable.Range(0, 5).Select(i => Newsroom.NewTopic($"topic{i}")).ToArray();
        var posts = Enumerable.Range(0, 500).Select(i => (Topic: topics[i % 5], Id: $"dev-{i}")).ToArray();
        using var workerA = new NodeMetrics(_cluster.Workers[0]);
        using var workerB = new NodeMetrics(_cluster.Workers[1]);
        var clients = _cluster.Servers.Select(_cluster.CreateNewsroomClient).ToArray();

        await Parallel.ForEachAsync(
            posts.Select((post, index) => (post, client: clients[index % clients.Length])),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (item, _) => await item.client.PostAsync(item.post.Topic, item.post.Id));

        long Committed() => workerA.Total(LiveWireTelemetry.Instruments.EventsCommitted)
            + workerB.Total(LiveWireTelemetry.Instruments.EventsCommitted);
        await Eventually.HoldsAsync(() => Committed() >= 500, TestTimeouts.Batch, "both workers to commit all 500 posts");

        Assert.Equal(500, Committed());
        Assert.True(workerA.Total(LiveWireTelemetry.Instruments.EventsCommitted) > 0, "worker A took no message");
        Assert.True(workerB.Total(LiveWireTelemetry.Instruments.EventsCommitted) > 0, "worker B took no message");
        var expectedIds = posts.ToLookup(p => p.Topic, p => p.Id);
        foreach (var topic in topics)
        {
            var page = await clients[0].GetEventsAsync(topic);
            Assert.Equal(100, page.LatestSeq);
            Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), page.Events.Select(e => e.Seq));
            Assert.Equal(expectedIds[topic].Order(), page.Events.Select(e => e.Id).Order());
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
