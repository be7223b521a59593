using System.Text.Json;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Core.Serialization;
using LiveWire.Core.Timeline;
using Xunit;
using static LiveWire.Testing.TimelineChanges;

namespace LiveWire.Testing;

/// <summary>
/// What every <see cref="ITimelineStore"/> must do, run against each implementation (as ASP.NET Core's
/// <c>ScaleoutHubLifetimeManagerTests</c> does for every backplane). Each test uses topics of its own.
/// </summary>
public abstract class TimelineStoreConformanceTests
{
    /// <summary>A store with <paramref name="options"/>, empty for the topics the test uses.</summary>
    protected abstract ITimelineStore CreateStore(TimelineOptions options);

    private ITimelineStore CreateStore() => CreateStore(new TimelineOptions());

    // Events hold lists, which records compare by reference: compare their JSON instead.
    private static string Json(TimelineEvent? e) => JsonSerializer.Serialize(e!, LiveWireJsonContext.Default.TimelineEvent);

    [Fact]
    public async Task Commits_take_seq_1_2_3_and_read_back_in_order_with_every_field()
    {
        var store = CreateStore();
        var topic = NewTopic();

        var results = new List<CommitResult>();
        foreach (var id in new[] { "a", "b", "c" })
        {
            results.Add(await store.CommitAsync(Publish(topic, id), CancellationToken.None));
        }

        Assert.All(results, r => Assert.Equal(CommitStatus.Committed, r.Status));
        Assert.Equal([1L, 2L, 3L], results.Select(r => r.Event!.Seq));

        var page = await store.ReadAsync(topic, 0, 100, CancellationToken.None);
        Assert.Equal(3, page.LatestSeq);
        Assert.False(page.Reset);
        Assert.Equal(results.Select(r => Json(r.Event)), page.Events.Select(Json));
        var first = page.Events[0];
        Assert.Equal((topic, EventKinds.Published, "a", 1, "Headline of a", "<p>Body</p>", "normal", "Desk"),
            (first.Topic, first.Kind, first.Id, first.Revision, first.Headline, first.Body, first.Priority, first.Author));
        Assert.Equal(["talks", "diplomacy"], first.Tags!);
        Assert.Equal(AcceptedAt, first.AcceptedAt);
        Assert.True(first.CommittedAt >= AcceptedAt);
        Assert.Equal(3, await store.GetLatestSeqAsync(topic, CancellationToken.None));
    }

    [Fact]
    public async Task Every_commit_read_and_state_of_a_topic_carry_its_one_epoch_and_another_topic_has_another()
    {
        var store = CreateStore();
        var (topic, other) = (NewTopic(), NewTopic());

        var first = await store.CommitAsync(Publish(topic, "a", messageId: "m1"), CancellationToken.None);
        var second = await store.CommitAsync(Publish(topic, "b"), CancellationToken.None);
        var again = await store.CommitAsync(Publish(topic, "a", messageId: "m1"), CancellationToken.None);
        var elsewhere = await store.CommitAsync(Publish(other, "a"), CancellationToken.None);
        var page = await store.ReadAsync(topic, 0, 100, CancellationToken.None);
        var reset = await store.ReadAsync(topic, 7, 100, CancellationToken.None);
        var state = await store.GetTopicAsync(topic, 10, CancellationToken.None);

        var epoch = first.Event!.Epoch;
        Assert.False(string.IsNullOrEmpty(epoch));
        Assert.All(
            [second.Event!.Epoch, again.Event!.Epoch, page.Epoch, reset.Epoch, state!.Epoch, .. page.Events.Select(e => e.Epoch)],
            e => Assert.Equal(epoch, e));
        Assert.NotEqual(epoch, elsewhere.Event!.Epoch);
        Assert.Null((await store.ReadAsync(NewTopic(), 0, 100, CancellationToken.None)).Epoch);
    }

    [Fact]
    public async Task A_topic_described_before_its_first_commit_keeps_the_epoch_its_state_showed()
    {
        var store = CreateStore();
        var topic = NewTopic();

        await store.SetTopicInfoAsync(topic, new TopicInfo("Talks", null, TopicInfo.Live), CancellationToken.None);
        var described = (await store.GetTopicAsync(topic, 10, CancellationToken.None))!.Epoch;
        var committed = await store.CommitAsync(Publish(topic, "a"), CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(described));
        Assert.Equal(described, committed.Event!.Epoch);
    }

    [Fact]
    public async Task The_same_change_committed_twice_is_one_event_and_says_whether_it_was_the_same_message()
    {
        var store = CreateStore();
        var topic = NewTopic();

        var first = await store.CommitAsync(Publish(topic, "x", messageId: "m1"), CancellationToken.None);
        var redelivered = await store.CommitAsync(Publish(topic, "x", messageId: "m1"), CancellationToken.None);
        var resubmitted = await store.CommitAsync(Publish(topic, "x", messageId: "m2", headline: "Other"), CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, first.Status);
        Assert.Equal((CommitStatus.Duplicate, true), (redelivered.Status, redelivered.SameMessage));
        Assert.Equal((CommitStatus.Duplicate, false), (resubmitted.Status, resubmitted.SameMessage));
        Assert.Equal(Json(first.Event), Json(redelivered.Event));
        Assert.Equal(Json(first.Event), Json(resubmitted.Event));
        Assert.Equal(1, await store.GetLatestSeqAsync(topic, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_commits_to_one_topic_get_every_seq_exactly_once()
    {
        var store = CreateStore();
        var topic = NewTopic();

        // Each change is committed twice at once, to race the dedupe as well as the counter.
        var commits = Enumerable.Range(0, 200)
            .Select(i => Publish(topic, $"d{i % 100}", messageId: $"m{i % 100}"))
            .Select(change => Task.Run(() => store.CommitAsync(change, CancellationToken.None)));
        var results = await Task.WhenAll(commits);

        Assert.Equal(100, results.Count(r => r.Status == CommitStatus.Committed));
        Assert.Equal(100, results.Count(r => r.Status == CommitStatus.Duplicate));
        var page = await store.ReadAsync(topic, 0, 500, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), page.Events.Select(e => e.Seq));
        Assert.Equal(100, page.Events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_read_returns_the_events_after_a_position_up_to_the_limit()
    {
        var store = CreateStore();
        var topic = NewTopic();
        for (var i = 1; i <= 10; i++)
        {
            await store.CommitAsync(Publish(topic, $"d{i}"), CancellationToken.None);
        }

        var page = await store.ReadAsync(topic, 4, 3, CancellationToken.None);

        Assert.Equal(10, page.LatestSeq);
        Assert.False(page.Reset);
        Assert.Equal([5L, 6L, 7L], page.Events.Select(e => e.Seq));
        Assert.Empty((await store.ReadAsync(topic, 10, 3, CancellationToken.None)).Events);
    }

    [Fact]
    public async Task A_position_no_longer_retained_or_ahead_of_the_topic_is_a_reset()
    {
        var store = CreateStore(new TimelineOptions { MaxEvents = 10 });
        var topic = NewTopic();
        for (var i = 1; i <= 15; i++)
        {
            await store.CommitAsync(Publish(topic, $"d{i}"), CancellationToken.None);
        }

        var tooOld = await store.ReadAsync(topic, 4, 100, CancellationToken.None);
        var oldestResumable = await store.ReadAsync(topic, 5, 100, CancellationToken.None);
        var ahead = await store.ReadAsync(topic, 16, 100, CancellationToken.None);

        Assert.Equal((true, 15L), (tooOld.Reset, tooOld.LatestSeq));
        Assert.Empty(tooOld.Events);
        Assert.False(oldestResumable.Reset);
        Assert.Equal(Enumerable.Range(6, 10).Select(i => (long)i), oldestResumable.Events.Select(e => e.Seq));
        Assert.True(ahead.Reset);
    }

    [Fact]
    public async Task An_unknown_topic_reads_empty_and_starts_at_zero()
    {
        var store = CreateStore();
        var topic = NewTopic();

        var page = await store.ReadAsync(topic, 0, 10, CancellationToken.None);

        Assert.Equal((0L, false), (page.LatestSeq, page.Reset));
        Assert.Empty(page.Events);
        Assert.Equal(0, await store.GetLatestSeqAsync(topic, CancellationToken.None));
    }

    [Fact]
    public async Task Topics_count_their_seqs_independently()
    {
        var store = CreateStore();
        var (one, two) = (NewTopic(), NewTopic());

        await store.CommitAsync(Publish(one, "a"), CancellationToken.None);
        await store.CommitAsync(Publish(one, "b"), CancellationToken.None);
        var other = await store.CommitAsync(Publish(two, "a"), CancellationToken.None);

        Assert.Equal(1, other.Event!.Seq);
        Assert.Equal(2, await store.GetLatestSeqAsync(one, CancellationToken.None));
    }

    [Fact]
    public async Task Corrections_raise_the_revision_pins_keep_the_fields_and_retractions_end_the_development()
    {
        var store = CreateStore();
        var topic = NewTopic();
        await store.CommitAsync(Publish(topic, "a"), CancellationToken.None);

        var corrected = await store.CommitAsync(
            Change(topic, EventKinds.Corrected, "a", new DevelopmentFields { Id = "a", Headline = "Fixed", Priority = "normal" }),
            CancellationToken.None);
        var pinned = await store.CommitAsync(Change(topic, EventKinds.Pinned, "a", pinned: true), CancellationToken.None);
        var retracted = await store.CommitAsync(
            Change(topic, EventKinds.Retracted, "a", new DevelopmentFields { Id = "a", Reason = "Wrong" }, pinned: false),
            CancellationToken.None);
        var afterRetraction = await store.CommitAsync(Change(topic, EventKinds.Pinned, "a", pinned: true), CancellationToken.None);
        var unknown = await store.CommitAsync(Change(topic, EventKinds.Corrected, "nope"), CancellationToken.None);

        Assert.Equal((2L, 2, "Fixed"), (corrected.Event!.Seq, corrected.Event.Revision, corrected.Event.Headline));
        Assert.Equal((3L, 2, "Fixed", true), (pinned.Event!.Seq, pinned.Event.Revision, pinned.Event.Headline, pinned.Event.Pinned));
        Assert.Equal((4L, "Wrong", false), (retracted.Event!.Seq, retracted.Event.Reason, retracted.Event.Pinned));
        Assert.Equal(CommitStatus.Retracted, afterRetraction.Status);
        Assert.Equal(CommitStatus.UnknownDevelopment, unknown.Status);
        Assert.Equal(4, await store.GetLatestSeqAsync(topic, CancellationToken.None));
    }

    [Fact]
    public async Task The_topic_state_has_corrections_applied_retractions_gone_pins_listed_newest_first_with_its_seq()
    {
        var store = CreateStore();
        var topic = NewTopic();
        Assert.Null(await store.GetTopicAsync(topic, 50, CancellationToken.None));

        await store.CommitAsync(Publish(topic, "a"), CancellationToken.None);
        await store.CommitAsync(Publish(topic, "b", pinned: true), CancellationToken.None);
        await store.CommitAsync(Publish(topic, "c"), CancellationToken.None);
        await store.CommitAsync(
            Change(topic, EventKinds.Corrected, "a", new DevelopmentFields { Id = "a", Headline = "A, corrected", Priority = "breaking" }),
            CancellationToken.None);
        await store.CommitAsync(Change(topic, EventKinds.Retracted, "c", new DevelopmentFields { Id = "c", Reason = "Wrong" }, pinned: false), CancellationToken.None);
        await store.CommitAsync(Change(topic, EventKinds.Pinned, "a", pinned: true), CancellationToken.None);

        var snapshot = await store.GetTopicAsync(topic, 50, CancellationToken.None);

        Assert.NotNull(snapshot);
        Assert.Equal((6L, TopicInfo.Live), (snapshot.LatestSeq, snapshot.Status));
        Assert.Equal(["b", "a"], snapshot.Developments.Select(d => d.Id));
        Assert.Equal(["a", "b"], snapshot.Pinned.Select(d => d.Id));
        var a = snapshot.Developments.Single(d => d.Id == "a");
        Assert.Equal((1L, 2, "A, corrected", "breaking", true), (a.Seq, a.Revision, a.Headline, a.Priority, a.Pinned));
        Assert.True(a.UpdatedAt >= a.PublishedAt);
        var b = snapshot.Developments.Single(d => d.Id == "b");
        Assert.Equal((2L, 1, "Headline of b", true), (b.Seq, b.Revision, b.Headline, b.Pinned));
        Assert.Equal(["talks", "diplomacy"], b.Tags!);
        Assert.Single((await store.GetTopicAsync(topic, 1, CancellationToken.None))!.Developments);
    }

    [Fact]
    public async Task Topics_list_newest_activity_first_with_their_info_and_latest_seq()
    {
        var store = CreateStore();
        var (quiet, described, busy) = (NewTopic(), NewTopic(), NewTopic());
        await store.CommitAsync(Publish(quiet, "a"), CancellationToken.None);
        await WaitForNextMillisecondAsync();
        await store.SetTopicInfoAsync(described, new TopicInfo("Summit talks", "Leaders meet.", TopicInfo.Ended), CancellationToken.None);
        await WaitForNextMillisecondAsync();
        await store.CommitAsync(Publish(busy, "a"), CancellationToken.None);
        await store.CommitAsync(Publish(busy, "b"), CancellationToken.None);

        var topics = await store.ListTopicsAsync(100, CancellationToken.None);
        var snapshot = await store.GetTopicAsync(described, 50, CancellationToken.None);

        Assert.Equal([busy, described, quiet], topics.Select(t => t.Topic));
        Assert.Equal((2L, TopicInfo.Live), (topics[0].LatestSeq, topics[0].Status));
        Assert.Equal(("Summit talks", TopicInfo.Ended, 0L), (topics[1].Title, topics[1].Status, topics[1].LatestSeq));
        Assert.Equal(("Summit talks", "Leaders meet.", TopicInfo.Ended), (snapshot!.Title, snapshot.Summary, snapshot.Status));
        Assert.Empty(snapshot.Developments);
    }

    [Fact]
    public async Task The_breaking_lane_keeps_developments_of_different_topics_with_one_id_apart()
    {
        var store = CreateStore();
        var lane = NewTopic();
        TimelineChange FromTopic(string source) => Publish(lane, "same-id") with
        {
            Fields = new DevelopmentFields { Id = "same-id", Headline = $"From {source}", SourceTopic = source },
            DedupeKey = $"b:{source}:same-id",
        };

        var first = await store.CommitAsync(FromTopic("one"), CancellationToken.None);
        var second = await store.CommitAsync(FromTopic("two"), CancellationToken.None);

        Assert.Equal((CommitStatus.Committed, CommitStatus.Committed), (first.Status, second.Status));
        Assert.Equal(("one", "two"), (first.Event!.SourceTopic, second.Event!.SourceTopic));
        var snapshot = await store.GetTopicAsync(lane, 50, CancellationToken.None);
        Assert.Equal(["two", "one"], snapshot!.Developments.Select(d => d.SourceTopic));
    }

    // Topic activity is kept to the millisecond; two changes in one millisecond have no order.
    private static async Task WaitForNextMillisecondAsync()
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Eventually.HoldsAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > start + 1, TimeSpan.FromSeconds(5), "the clock to move on");
    }

    [Fact]
    public async Task A_change_accepted_before_the_last_one_applied_is_superseded_and_the_development_ends_as_last_said()
    {
        var store = CreateStore();
        var topic = NewTopic();
        await store.CommitAsync(Publish(topic, "a") with { AcceptOrder = 1 }, CancellationToken.None);
        TimelineChange Correct(string headline, long order) => Change(
            topic, EventKinds.Corrected, "a", new DevelopmentFields { Id = "a", Headline = headline }) with { AcceptOrder = order };

        // Accepted as 2, 3, 4, 5 but committed 3, 2, 5, 4: the older of each pair comes too late.
        var newer = await store.CommitAsync(Correct("Second fix", 3), CancellationToken.None);
        var older = await store.CommitAsync(Correct("First fix", 2), CancellationToken.None);
        var unpin = await store.CommitAsync(Change(topic, EventKinds.Unpinned, "a", pinned: false) with { AcceptOrder = 5 }, CancellationToken.None);
        var pin = await store.CommitAsync(Change(topic, EventKinds.Pinned, "a", pinned: true) with { AcceptOrder = 4 }, CancellationToken.None);
        var unordered = await store.CommitAsync(Correct("From the bus", 0) with { AcceptOrder = null }, CancellationToken.None);

        Assert.Equal(
            [CommitStatus.Committed, CommitStatus.Superseded, CommitStatus.Committed, CommitStatus.Superseded, CommitStatus.Committed],
            [newer.Status, older.Status, unpin.Status, pin.Status, unordered.Status]);
        var state = (await store.GetTopicAsync(topic, 50, CancellationToken.None))!.Developments.Single();
        Assert.Equal(("From the bus", false, 3), (state.Headline, state.Pinned, state.Revision));

        // A correction accepted before a retraction but arriving after it is superseded, not refused.
        await store.CommitAsync(Change(topic, EventKinds.Retracted, "a", new DevelopmentFields { Id = "a" }, pinned: false) with { AcceptOrder = 7 }, CancellationToken.None);
        Assert.Equal(CommitStatus.Superseded, (await store.CommitAsync(Correct("Too late", 6), CancellationToken.None)).Status);
        Assert.Equal(CommitStatus.Retracted, (await store.CommitAsync(Correct("After", 8), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_pin_overtaken_by_a_later_correction_still_applies_but_one_overtaken_by_a_retraction_does_not()
    {
        var store = CreateStore();
        var topic = NewTopic();
        await store.CommitAsync(Publish(topic, "a") with { AcceptOrder = 1 }, CancellationToken.None);
        await store.CommitAsync(Publish(topic, "b") with { AcceptOrder = 2 }, CancellationToken.None);

        // Pinned as 3, corrected as 4, committed the other way round: the pin and the correction say different
        // things, so neither supersedes the other.
        var correction = await store.CommitAsync(
            Change(topic, EventKinds.Corrected, "a", new DevelopmentFields { Id = "a", Headline = "Fixed" }) with { AcceptOrder = 4 },
            CancellationToken.None);
        var pin = await store.CommitAsync(Change(topic, EventKinds.Pinned, "a", pinned: true) with { AcceptOrder = 3 }, CancellationToken.None);
        Assert.Equal((CommitStatus.Committed, CommitStatus.Committed), (correction.Status, pin.Status));
        var state = (await store.GetTopicAsync(topic, 50, CancellationToken.None))!;
        Assert.Equal(("Fixed", true, 2), state.Developments.Where(d => d.Id == "a").Select(d => (d.Headline, d.Pinned, d.Revision)).Single());
        Assert.Equal(["a"], state.Pinned.Select(d => d.Id));

        // Pinned as 5, retracted as 6, committed the other way round: the retraction has the last word.
        await store.CommitAsync(Change(topic, EventKinds.Retracted, "b", new DevelopmentFields { Id = "b" }, pinned: false) with { AcceptOrder = 6 }, CancellationToken.None);
        var late = await store.CommitAsync(Change(topic, EventKinds.Pinned, "b", pinned: true) with { AcceptOrder = 5 }, CancellationToken.None);
        Assert.Equal(CommitStatus.Superseded, late.Status);
        state = (await store.GetTopicAsync(topic, 50, CancellationToken.None))!;
        Assert.Equal(["a"], state.Developments.Select(d => d.Id));
        Assert.Equal(["a"], state.Pinned.Select(d => d.Id));
    }

    [Fact]
    public async Task A_change_accepted_after_one_still_on_its_way_waits_for_it_and_then_commits_after_it()
    {
        var store = CreateStore();
        var topic = NewTopic();

        var first = await store.CommitAsync(InTurn(Publish(topic, "a"), 1), CancellationToken.None);
        var third = await store.CommitAsync(InTurn(Publish(topic, "c"), 3), CancellationToken.None);
        var latestWhileEarly = await store.GetLatestSeqAsync(topic, CancellationToken.None);
        var second = await store.CommitAsync(InTurn(Publish(topic, "b"), 2), CancellationToken.None);
        var thirdAgain = await store.CommitAsync(InTurn(Publish(topic, "c"), 3), CancellationToken.None);

        Assert.Equal(
            [CommitStatus.Committed, CommitStatus.Early, CommitStatus.Committed, CommitStatus.Committed],
            [first.Status, third.Status, second.Status, thirdAgain.Status]);
        Assert.Equal(1, latestWhileEarly);
        Assert.Equal(["published:a", "published:b", "published:c"], await IdsAsync(store, topic));
    }

    [Fact]
    public async Task An_overdue_change_takes_its_place_and_the_one_it_waited_for_commits_after_it_if_it_comes()
    {
        var store = CreateStore();
        var topic = NewTopic();
        await store.CommitAsync(InTurn(Publish(topic, "a"), 1), CancellationToken.None);

        // 2 has not come (its sender may have got 503): 3 waited long enough and goes; 4 then needs no wait.
        var overdue = await store.CommitAsync(Publish(topic, "c") with { AcceptOrder = 3, Ordering = TopicOrdering.Overdue }, CancellationToken.None);
        var next = await store.CommitAsync(InTurn(Publish(topic, "d"), 4), CancellationToken.None);
        var late = await store.CommitAsync(InTurn(Publish(topic, "b"), 2), CancellationToken.None);

        Assert.Equal([CommitStatus.Committed, CommitStatus.Committed, CommitStatus.Committed], [overdue.Status, next.Status, late.Status]);
        Assert.Equal(["published:a", "published:c", "published:d", "published:b"], await IdsAsync(store, topic));
    }

    [Fact]
    public async Task An_overdue_change_passes_over_only_the_missing_change_so_one_that_came_before_it_goes_first()
    {
        var store = CreateStore();
        var topic = NewTopic();
        await store.CommitAsync(InTurn(Publish(topic, "a"), 1), CancellationToken.None);

        // 2 never comes; 3 is on its way (in another worker, say) while 4 has waited long enough.
        var overdue = await store.CommitAsync(Publish(topic, "d") with { AcceptOrder = 4, Ordering = TopicOrdering.Overdue }, CancellationToken.None);
        var third = await store.CommitAsync(InTurn(Publish(topic, "c"), 3), CancellationToken.None);
        var fourth = await store.CommitAsync(InTurn(Publish(topic, "d"), 4), CancellationToken.None);

        Assert.Equal([CommitStatus.Early, CommitStatus.Committed, CommitStatus.Committed], [overdue.Status, third.Status, fourth.Status]);
        Assert.Equal(["published:a", "published:c", "published:d"], await IdsAsync(store, topic));
    }

    [Fact]
    public async Task A_change_that_commits_nothing_still_takes_its_turn_so_none_after_it_waits()
    {
        var store = CreateStore();
        var topic = NewTopic();
        TimelineChange Correct(string id, string headline) =>
            Change(topic, EventKinds.Corrected, id, new DevelopmentFields { Id = id, Headline = headline });

        var outcomes = new List<CommitStatus>();
        foreach (var (change, order) in new (TimelineChange, long)[]
        {
            (Publish(topic, "a"), 1),
            (Publish(topic, "a"), 2), // the same post again: a duplicate
            (Correct("nope", "No such development"), 3),
            (Change(topic, EventKinds.Retracted, "a", new DevelopmentFields { Id = "a" }, pinned: false), 4),
            (Correct("a", "After the retraction"), 5),
            (Publish(topic, "b"), 6),
        })
        {
            outcomes.Add((await store.CommitAsync(InTurn(change, order), CancellationToken.None)).Status);
        }

        Assert.Equal(
            [CommitStatus.Committed, CommitStatus.Duplicate, CommitStatus.UnknownDevelopment, CommitStatus.Committed, CommitStatus.Retracted, CommitStatus.Committed],
            outcomes);
        Assert.Equal(["published:a", "retracted:a", "published:b"], await IdsAsync(store, topic));
    }

    [Fact]
    public async Task A_change_outside_the_topic_order_never_waits()
    {
        var store = CreateStore();
        var topic = NewTopic();
        await store.CommitAsync(InTurn(Publish(topic, "a"), 1), CancellationToken.None);

        // The breaking lane's copies and a CMS's changes carry no topic-wide number to wait for.
        var unordered = await store.CommitAsync(Publish(topic, "b") with { AcceptOrder = 9 }, CancellationToken.None);
        var fromTheBus = await store.CommitAsync(Publish(topic, "c"), CancellationToken.None);

        Assert.Equal((CommitStatus.Committed, CommitStatus.Committed), (unordered.Status, fromTheBus.Status));
        Assert.Equal(CommitStatus.Committed, (await store.CommitAsync(InTurn(Publish(topic, "d"), 2), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_topic_untouched_for_its_lifetime_is_gone_whole_and_a_new_post_starts_it_again_at_seq_1()
    {
        var store = CreateStore(new TimelineOptions { Retention = TimeSpan.FromSeconds(2), DedupeWindow = TimeSpan.FromSeconds(1) });
        var topic = NewTopic();
        await store.CommitAsync(Publish(topic, "a", pinned: true), CancellationToken.None);
        await store.CommitAsync(Publish(topic, "b"), CancellationToken.None);
        await store.SetTopicInfoAsync(topic, new TopicInfo("Over", null, TopicInfo.Ended), CancellationToken.None);
        Assert.NotNull(await store.GetTopicAsync(topic, 50, CancellationToken.None));

        await Eventually.HoldsAsync(
            async () => await store.GetTopicAsync(topic, 50, CancellationToken.None) is null,
            TestTimeouts.Delivery,
            "the ended topic to expire");

        Assert.Equal(0, await store.GetLatestSeqAsync(topic, CancellationToken.None));
        Assert.DoesNotContain(await store.ListTopicsAsync(1_000, CancellationToken.None), t => t.Topic == topic);
        Assert.Equal(DevelopmentStatus.Unknown, await store.GetStatusAsync(topic, "a", CancellationToken.None));
        var again = await store.CommitAsync(Publish(topic, "a"), CancellationToken.None);
        Assert.Equal((CommitStatus.Committed, 1L), (again.Status, again.Event!.Seq));
        var snapshot = await store.GetTopicAsync(topic, 50, CancellationToken.None);
        Assert.Equal((TopicInfo.Live, 0), (snapshot!.Status, snapshot.Pinned.Count));
    }

    [Fact]
    public async Task A_correction_is_deduplicated_within_the_dedupe_window_and_a_publish_for_as_long_as_the_topic_lives()
    {
        // The window is the retention here (the longer of the two), and the topic must not go idle for that long
        // between two of the test's commits, even on a loaded machine.
        var store = CreateStore(new TimelineOptions { Retention = TimeSpan.FromSeconds(3), DedupeWindow = TimeSpan.FromSeconds(1) });
        var topic = NewTopic();
        var publish = Publish(topic, "a");
        var correction = new TimelineChange(
            topic, EventKinds.Corrected, new DevelopmentFields { Id = "a", Headline = "Fixed" }, "c:a:2", Guid.NewGuid().ToString("N"), AcceptedAt, Pinned: null);
        await store.CommitAsync(publish, CancellationToken.None);
        Assert.Equal(CommitStatus.Committed, (await store.CommitAsync(correction, CancellationToken.None)).Status);
        Assert.Equal(CommitStatus.Duplicate, (await store.CommitAsync(correction, CancellationToken.None)).Status);

        // Other posts keep the topic alive (and each commit trims); once the window has passed, the correction's key
        // is gone and the same correction would be committed again: the window is what the bus must redeliver within.
        var filler = 0;
        await Eventually.HoldsAsync(
            async () =>
            {
                await store.CommitAsync(Publish(topic, $"filler-{++filler}"), CancellationToken.None);
                return (await store.CommitAsync(correction, CancellationToken.None)).Status == CommitStatus.Committed;
            },
            TestTimeouts.Delivery,
            "the correction's dedupe key to be trimmed");

        var republished = await store.CommitAsync(publish, CancellationToken.None);
        Assert.Equal(CommitStatus.Duplicate, republished.Status);
        var snapshot = await store.GetTopicAsync(topic, 500, CancellationToken.None);
        Assert.Equal(3, snapshot!.Developments.Single(d => d.Id == "a").Revision);
    }
}
