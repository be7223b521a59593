using LiveWire.Contracts;
using LiveWire.Core.Ordering;
using LiveWire.Core.Ordering.Internal;
using LiveWire.Core.Options;
using LiveWire.Core.Timeline;
using LiveWire.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LiveWire.Core.Tests.Ordering;

public sealed class OrderedCommitsTests
{
    private static readonly TimeSpan OrderWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SentOrderWait = TimeSpan.FromMilliseconds(1_000);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    // The fake clock only moves when a test moves it, so a parked change never wakes by itself unless told.
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryTimelineStore _store;
    private readonly InMemoryAcceptLedger _ledger;
    private readonly OrderedCommits _ordered;
    private readonly List<long?> _overdue = [];

    public OrderedCommitsTests()
    {
        _store = new InMemoryTimelineStore(Microsoft.Extensions.Options.Options.Create(new TimelineOptions()), _time);
        _ledger = new InMemoryAcceptLedger(_store);
        _ordered = Ordered(_store);
    }

    private Task<CommitResult> Post(string id, long order, OrderedCommits? ordered = null) => (ordered ?? _ordered).CommitAsync(
        new TimelineChange(
            "talks", EventKinds.Published, new DevelopmentFields { Id = id, Headline = id, Priority = "normal" },
            $"p:{id}", Guid.NewGuid().ToString("N"), _time.GetUtcNow(), Pinned: false, order, TopicOrdering.InTurn),
        CancellationToken.None);

    // Room for every change unless a test says otherwise (the give-backs: A_change_that_would_take_the_last_free_slot…).
    private OrderedCommits Ordered(ITimelineStore store, int capacity = int.MaxValue) =>
        new(store, _time, OrderWait, SentOrderWait, capacity, change => _overdue.Add(change.AcceptOrder));

    private async Task<string[]> IdsAsync() =>
        [.. (await _store.ReadAsync("talks", 0, 100, CancellationToken.None)).Events.Select(e => e.Id)];

    [Fact]
    public async Task Changes_that_came_early_are_committed_by_the_one_before_them_in_one_pass()
    {
        await Post("d1", 1);
        var fourth = Post("d4", 4);
        var third = Post("d3", 3);
        Assert.False(third.IsCompleted || fourth.IsCompleted);

        var second = await Post("d2", 2);

        Assert.Equal(CommitStatus.Committed, second.Status);
        Assert.Equal(CommitStatus.Committed, (await third.WaitAsync(Patience)).Status);
        Assert.Equal(CommitStatus.Committed, (await fourth.WaitAsync(Patience)).Status);
        Assert.Equal(["d1", "d2", "d3", "d4"], await IdsAsync());
        Assert.Empty(_overdue);
    }

    [Fact]
    public async Task The_change_before_a_parked_one_does_not_wait_for_the_parked_ones_commit()
    {
        var held = new HeldSecondTry(_store, "d3");
        var ordered = Ordered(held);
        await Post("d1", 1, ordered);
        var third = Post("d3", 3, ordered);

        // d2 commits d3 after it; d3's commit hangs, and d2 (its fan-out next) must not hang with it.
        var second = await Post("d2", 2, ordered).WaitAsync(Patience);
        await held.Reached.Task.WaitAsync(Patience);
        Assert.False(third.IsCompleted);
        held.Release();

        Assert.Equal(CommitStatus.Committed, second.Status);
        Assert.Equal(CommitStatus.Committed, (await third.WaitAsync(Patience)).Status);
        Assert.Equal(["d1", "d2", "d3"], await IdsAsync());
    }

    [Fact]
    public async Task A_change_whose_turn_never_comes_takes_its_place_after_the_wait()
    {
        await Post("d1", 1);
        var third = Post("d3", 3);

        // Order 2 never arrives: the clock runs past OrderWait, a step at a time, until the parked change gives up.
        await Eventually.HoldsAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(10));
                return third.IsCompleted;
            },
            Patience,
            "the overdue change to commit");

        Assert.Equal(CommitStatus.Committed, (await third).Status);
        Assert.Equal([3L], _overdue);
        Assert.True(_time.GetUtcNow() - _time.Start >= OrderWait);
        Assert.Equal(CommitStatus.Committed, (await Post("d2", 2)).Status);
        Assert.Equal(["d1", "d3", "d2"], await IdsAsync());
    }

    [Fact]
    public async Task A_change_waits_past_the_order_wait_for_one_the_bus_took_and_goes_without_it_after_the_sent_wait()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _ledger.AcceptAsync("talks", $"d{i}", isPublish: true, CancellationToken.None);
        }

        await Post("d1", 1);
        var third = Post("d3", 3);

        // d2 is on the bus (its worker died holding it, say): d3 waits for it well past OrderWait.
        for (var waited = TimeSpan.Zero; waited < SentOrderWait / 2; waited += TimeSpan.FromMilliseconds(10))
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Yield();
        }

        Assert.False(third.IsCompleted);
        var second = await Post("d2", 2).WaitAsync(Patience);
        Assert.Equal(CommitStatus.Committed, second.Status);
        Assert.Equal(CommitStatus.Committed, (await third.WaitAsync(Patience)).Status);
        Assert.Equal(["d1", "d2", "d3"], await IdsAsync());

        // Another one on its way that never comes: after SentOrderWait the topic goes on without it.
        var fifth = Post("d5", 5);
        await Eventually.HoldsAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(50));
                return fifth.IsCompleted;
            },
            Patience * 2,
            "the change to stop waiting for one that is stuck");
        Assert.Equal(["d1", "d2", "d3", "d5"], await IdsAsync());
    }

    [Fact]
    public async Task A_change_that_would_take_the_last_free_slot_gives_way_to_the_one_furthest_from_its_turn()
    {
        var ordered = Ordered(_store, capacity: 1);
        for (var i = 1; i <= 4; i++)
        {
            await _ledger.AcceptAsync("talks", $"d{i}", isPublish: true, CancellationToken.None);
        }

        await Post("d1", 1, ordered);
        var fourth = Post("d4", 4, ordered);
        Assert.False(fourth.IsCompleted);

        // d3 comes while d4 holds the only room for a waiting change: d4, further from its turn, is given back.
        var third = Post("d3", 3, ordered);
        var givenBack = await Assert.ThrowsAsync<TurnNotYetException>(() => fourth.WaitAsync(Patience));
        Assert.Equal(("talks", 4L), (givenBack.Topic, givenBack.AcceptOrder));
        Assert.False(third.IsCompleted);
        Assert.Empty(_overdue);

        // d2 comes in the slot kept free, and d3 commits after it; d4, delivered again, carrying how long it waited, too.
        Assert.Equal(CommitStatus.Committed, (await Post("d2", 2, ordered)).Status);
        Assert.Equal(CommitStatus.Committed, (await third.WaitAsync(Patience)).Status);
        var again = await ordered.CommitAsync(
            new TimelineChange(
                "talks", EventKinds.Published, new DevelopmentFields { Id = "d4", Headline = "d4", Priority = "normal" },
                "p:d4", Guid.NewGuid().ToString("N"), _time.GetUtcNow(), Pinned: false, 4, TopicOrdering.InTurn, givenBack.Waited),
            CancellationToken.None);
        Assert.Equal(CommitStatus.Committed, again.Status);
        Assert.Equal(["d1", "d2", "d3", "d4"], await IdsAsync());
    }

    [Fact]
    public async Task Only_time_parked_counts_toward_the_waits_not_time_between_deliveries()
    {
        // No room at all: every change that is early is given back at once.
        var ordered = Ordered(_store, capacity: 0);
        for (var i = 1; i <= 3; i++)
        {
            await _ledger.AcceptAsync("talks", $"d{i}", isPublish: true, CancellationToken.None);
        }

        await Post("d1", 1, ordered);
        var carried = TimeSpan.FromMilliseconds(500);
        var givenBack = await Assert.ThrowsAsync<TurnNotYetException>(() => ordered.CommitAsync(Third(carried), CancellationToken.None));
        Assert.Equal(carried, givenBack.Waited);

        // A minute passes with d3 in the queue (a broker outage, a backlog), far past SentOrderWait; d2, on its way,
        // keeps its place: d3 has waited only what it carries.
        _time.Advance(TimeSpan.FromMinutes(1));
        givenBack = await Assert.ThrowsAsync<TurnNotYetException>(() => ordered.CommitAsync(Third(givenBack.Waited), CancellationToken.None));
        Assert.Equal(carried, givenBack.Waited);
        Assert.Equal(["d1"], await IdsAsync());

        // Parked SentOrderWait in all, it passes over d2's place.
        var stale = await ordered.CommitAsync(Third(SentOrderWait), CancellationToken.None);
        Assert.Equal(CommitStatus.Committed, stale.Status);
        Assert.Equal(["d1", "d3"], await IdsAsync());

        TimelineChange Third(TimeSpan waited) => new(
            "talks", EventKinds.Published, new DevelopmentFields { Id = "d3", Headline = "d3", Priority = "normal" },
            "p:d3", "m-d3", _time.GetUtcNow(), Pinned: false, 3, TopicOrdering.InTurn, waited);
    }

    [Fact]
    public async Task Of_two_changes_waiting_for_one_that_never_comes_the_earlier_goes_first_even_when_the_later_waited_longer()
    {
        await Post("d1", 1);
        // d4 has waited longer than d3 (d3's message came later, or was delivered again).
        var fourth = Post("d4", 4);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        var third = Post("d3", 3);

        await Eventually.HoldsAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(10));
                return third.IsCompleted && fourth.IsCompleted;
            },
            Patience,
            "both overdue changes to commit");

        Assert.Equal(["d1", "d3", "d4"], await IdsAsync());
    }

    // Holds the second commit of one development (its turn, after it came early) until released.
    private sealed class HeldSecondTry(ITimelineStore inner, string id) : DelegatingTimelineStore(inner)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _tries;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        public override async Task<CommitResult> CommitAsync(TimelineChange change, CancellationToken cancellationToken)
        {
            if (change.Fields.Id == id && Interlocked.Increment(ref _tries) == 2)
            {
                Reached.TrySetResult();
                await _release.Task;
            }

            return await base.CommitAsync(change, cancellationToken);
        }
    }
}
