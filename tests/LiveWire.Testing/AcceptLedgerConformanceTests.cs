using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Core.Timeline;
using Xunit;
using static LiveWire.Testing.TimelineChanges;

namespace LiveWire.Testing;

/// <summary>
/// What every <see cref="IAcceptLedger"/> must do with the timeline store it numbers changes for, run against each
/// implementation (as <see cref="TimelineStoreConformanceTests"/>). Each test uses topics of its own.
/// </summary>
public abstract class AcceptLedgerConformanceTests
{
    /// <summary>A store with <paramref name="options"/>, empty for the topics the test uses, and its ledger.</summary>
    protected abstract (ITimelineStore Store, IAcceptLedger Ledger) Create(TimelineOptions options);

    private (ITimelineStore Store, IAcceptLedger Ledger) Create() => Create(new TimelineOptions());

    // The API's accept of each publish in turn: places 1, 2, 3…, each on its way until settled or abandoned.
    private static async Task AcceptAllAsync(IAcceptLedger ledger, string topic, params string[] ids)
    {
        foreach (var id in ids)
        {
            await ledger.AcceptAsync(topic, id, isPublish: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_development_is_unknown_then_accepted_then_live_then_retracted()
    {
        var (store, ledger) = Create();
        var topic = NewTopic();
        async Task<DevelopmentStatus> Status() => await store.GetStatusAsync(topic, "x", CancellationToken.None);

        var before = await Status();
        var order = await ledger.AcceptAsync(topic, "x", isPublish: true, CancellationToken.None);
        var accepted = await Status();
        await store.CommitAsync(Publish(topic, "x"), CancellationToken.None);
        var live = await Status();
        await store.CommitAsync(Change(topic, EventKinds.Retracted, "x", new DevelopmentFields { Id = "x" }, pinned: false), CancellationToken.None);
        var retracted = await Status();

        Assert.Equal(
            [DevelopmentStatus.Unknown, DevelopmentStatus.Accepted, DevelopmentStatus.Live, DevelopmentStatus.Retracted],
            [before, accepted, live, retracted]);
        Assert.Equal(1, order);
        Assert.Equal(2, await ledger.AcceptAsync(topic, "x", isPublish: false, CancellationToken.None));
    }

    [Fact]
    public async Task An_overdue_change_waits_for_one_on_its_way_and_a_stale_one_passes_over_it()
    {
        var (store, ledger) = Create();
        var topic = NewTopic();
        await AcceptAllAsync(ledger, topic, "a", "b", "c");
        await store.CommitAsync(InTurn(Publish(topic, "a"), 1), CancellationToken.None);

        // 2 is on its way (its worker died holding it, say): 3 overdue still waits; 3 stale goes.
        var overdue = await store.CommitAsync(Publish(topic, "c") with { AcceptOrder = 3, Ordering = TopicOrdering.Overdue }, CancellationToken.None);
        var stale = await store.CommitAsync(Publish(topic, "c") with { AcceptOrder = 3, Ordering = TopicOrdering.Stale }, CancellationToken.None);

        Assert.Equal([CommitStatus.Early, CommitStatus.Committed], [overdue.Status, stale.Status]);
        Assert.Equal(["published:a", "published:c"], await IdsAsync(store, topic));
    }

    [Fact]
    public async Task An_overdue_change_passes_over_one_whose_sender_gave_it_up()
    {
        var (store, ledger) = Create();
        var topic = NewTopic();
        await AcceptAllAsync(ledger, topic, "a", "b", "c");
        await store.CommitAsync(InTurn(Publish(topic, "a"), 1), CancellationToken.None);

        // 2's send failed and its caller got 503: 3 need not wait for it past OrderWait.
        await ledger.AbandonAsync(topic, 2, CancellationToken.None);
        var overdue = await store.CommitAsync(Publish(topic, "c") with { AcceptOrder = 3, Ordering = TopicOrdering.Overdue }, CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, overdue.Status);
    }

    [Fact]
    public async Task An_accepted_publish_is_forgotten_with_its_topic_and_the_numbering_starts_again_at_1()
    {
        var (store, ledger) = Create(new TimelineOptions { Retention = TimeSpan.FromSeconds(2), DedupeWindow = TimeSpan.FromSeconds(1) });
        var topic = NewTopic();
        await store.CommitAsync(Publish(topic, "a"), CancellationToken.None);
        await AcceptAllAsync(ledger, topic, "b", "c");
        Assert.Equal(DevelopmentStatus.Accepted, await store.GetStatusAsync(topic, "c", CancellationToken.None));

        await Eventually.HoldsAsync(
            async () => await store.GetTopicAsync(topic, 50, CancellationToken.None) is null,
            TestTimeouts.Delivery,
            "the topic to expire");

        Assert.Equal(DevelopmentStatus.Unknown, await store.GetStatusAsync(topic, "c", CancellationToken.None));
        Assert.Equal(1, await ledger.AcceptAsync(topic, "d", isPublish: true, CancellationToken.None));
    }
}
