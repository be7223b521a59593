using LiveWire.Core.Ordering;
using LiveWire.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Server.Tests;

/// <summary>A topic's changes take their places in the order the newsroom made them, whichever worker takes them.</summary>
public sealed class PostingOrderTests(PostingOrderTests.Fixture fixture) : IClassFixture<PostingOrderTests.Fixture>
{
    /// <summary>
    /// Two workers taking from one queue, with the default wait for a change that never comes (2 s). A wait of
    /// 300 ms, as here before, is shorter than a worker can stall on a busy two-core machine, and a change that waited
    /// it out took its place before one that was only slow (docs/timeline.md#ordering).
    /// </summary>
    public sealed class Fixture : ClusterFixture
    {
        protected override int Workers => 2;
    }

    private LiveWireCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Posts_made_one_after_another_take_their_seqs_in_that_order_across_two_workers()
    {
        var topic = Newsroom.NewTopic();
        var ids = Enumerable.Range(1, 100).Select(i => $"d{i}").ToArray();
        using var newsroom = Cluster.CreateNewsroomClient(Cluster.Servers[0]);

        // Each post waits only for its 202, so the next reaches the bus while a worker is still committing this one.
        foreach (var id in ids)
        {
            await newsroom.PostAsync(topic, id);
        }

        await newsroom.WaitForSeqAsync(topic, ids.Length);
        var page = await newsroom.GetEventsAsync(topic);
        Assert.Equal(ids, page.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_post_whose_predecessor_never_reaches_the_bus_waits_for_it_only_so_long()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Cluster.Servers[0]);
        await newsroom.PostAsync(topic, "first");
        await newsroom.WaitForSeqAsync(topic, 1);

        // An accept order taken and given up, as when the bus refused the change and its sender got 503.
        var ledger = Cluster.Servers[0].Services.GetRequiredService<IAcceptLedger>();
        var abandoned = await ledger.AcceptAsync(topic, "never-sent", isPublish: false, CancellationToken.None);
        await ledger.AbandonAsync(topic, abandoned, CancellationToken.None);
        await newsroom.PostAsync(topic, "second");
        await newsroom.PostAsync(topic, "third");

        await newsroom.WaitForSeqAsync(topic, 3);
        var page = await newsroom.GetEventsAsync(topic);
        Assert.Equal(["first", "second", "third"], page.Events.Select(e => e.Id));
    }
}
