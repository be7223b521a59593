using LiveWire.Client.Internal;
using LiveWire.Contracts;

namespace LiveWire.Client.Tests;

public sealed class TopicSequencerTests
{
    private readonly List<TimelineEvent> _released = [];

    private IEnumerable<long> Released => _released.Select(e => e.Seq);

    [Fact]
    public void Events_in_seq_order_are_released_as_they_arrive()
    {
        var sequencer = new TopicSequencer(0);

        var outcomes = Events.Range(1, 3).Select(e => sequencer.Offer(e, _released)).ToArray();

        Assert.All(outcomes, o => Assert.Equal(SequencerOutcome.Released, o));
        Assert.Equal([1L, 2L, 3L], Released);
        Assert.Equal(3, sequencer.Position);
        Assert.Null(sequencer.MissingSeq);
    }

    [Fact]
    public void An_event_at_or_below_the_last_released_seq_is_dropped_as_a_repeat()
    {
        var sequencer = new TopicSequencer(5);
        sequencer.Offer(Events.Seq(6), _released);

        Assert.Equal(SequencerOutcome.Repeat, sequencer.Offer(Events.Seq(6), _released));
        Assert.Equal(SequencerOutcome.Repeat, sequencer.Offer(Events.Seq(5), _released));
        Assert.Equal(SequencerOutcome.Repeat, sequencer.Offer(Events.Seq(1), _released));
        Assert.Equal([6L], Released);
    }

    [Fact]
    public void An_event_ahead_of_a_missing_one_is_held_and_released_in_order_once_the_gap_fills()
    {
        var sequencer = new TopicSequencer(0);
        sequencer.Offer(Events.Seq(1), _released);

        Assert.Equal(SequencerOutcome.Held, sequencer.Offer(Events.Seq(4), _released));
        Assert.Equal(SequencerOutcome.Held, sequencer.Offer(Events.Seq(3), _released));
        Assert.Equal([1L], Released);
        Assert.Equal(2, sequencer.HeldCount);

        Assert.Equal(SequencerOutcome.Released, sequencer.Offer(Events.Seq(2), _released));
        Assert.Equal([1L, 2L, 3L, 4L], Released);
        Assert.Equal(0, sequencer.HeldCount);
    }

    [Fact]
    public void A_gap_is_reported_with_its_first_missing_seq_until_it_is_filled()
    {
        var sequencer = new TopicSequencer(2);

        sequencer.Offer(Events.Seq(5), _released);
        Assert.Equal(3, sequencer.MissingSeq);

        sequencer.Offer(Events.Seq(3), _released);
        Assert.Equal(4, sequencer.MissingSeq);

        sequencer.Offer(Events.Seq(4), _released);
        Assert.Null(sequencer.MissingSeq);
    }

    [Fact]
    public void An_event_that_arrives_twice_while_held_is_held_once()
    {
        var sequencer = new TopicSequencer(0);

        Assert.Equal(SequencerOutcome.Held, sequencer.Offer(Events.Seq(2), _released));
        Assert.Equal(SequencerOutcome.Repeat, sequencer.Offer(Events.Seq(2), _released));
        sequencer.Offer(Events.Seq(1), _released);

        Assert.Equal([1L, 2L], Released);
    }

    [Fact]
    public void A_topic_known_to_be_further_along_counts_as_a_gap_with_nothing_held()
    {
        var sequencer = new TopicSequencer(3);

        sequencer.ObserveLatest(7);

        Assert.Equal(4, sequencer.MissingSeq);
        Assert.Equal(0, sequencer.HeldCount);
        foreach (var e in Events.Range(4, 7))
        {
            sequencer.Offer(e, _released);
        }

        Assert.Null(sequencer.MissingSeq);
    }

    [Fact]
    public void A_reset_moves_the_position_drops_held_events_at_or_below_it_and_releases_those_that_follow()
    {
        var sequencer = new TopicSequencer(2);
        foreach (var seq in new long[] { 9, 10, 11, 12, 14 })
        {
            sequencer.Offer(Events.Seq(seq), _released);
        }

        sequencer.Reset(10, _released);

        Assert.Equal([11L, 12L], Released);
        Assert.Equal(12, sequencer.Position);
        Assert.Equal(1, sequencer.HeldCount);
        Assert.Equal(13, sequencer.MissingSeq);
        Assert.Equal(SequencerOutcome.Repeat, sequencer.Offer(Events.Seq(10), _released));
    }

    [Fact]
    public void A_reset_past_every_held_event_clears_them_and_the_gap()
    {
        var sequencer = new TopicSequencer(0);
        sequencer.Offer(Events.Seq(3), _released);
        sequencer.Offer(Events.Seq(5), _released);
        sequencer.ObserveLatest(40);

        sequencer.Reset(20, _released);

        Assert.Empty(_released);
        Assert.Equal(0, sequencer.HeldCount);
        Assert.Null(sequencer.MissingSeq);
        Assert.Equal(SequencerOutcome.Released, sequencer.Offer(Events.Seq(21), _released));
    }

    [Fact]
    public void Without_a_position_every_event_is_held_and_no_gap_is_reported_until_one_is_set()
    {
        var sequencer = new TopicSequencer(null);

        Assert.Equal(SequencerOutcome.Held, sequencer.Offer(Events.Seq(7), _released));
        Assert.Equal(SequencerOutcome.Held, sequencer.Offer(Events.Seq(9), _released));
        Assert.Null(sequencer.MissingSeq);

        sequencer.Reset(7, _released);

        Assert.Empty(_released);
        Assert.Equal(8, sequencer.MissingSeq);
        sequencer.Offer(Events.Seq(8), _released);
        Assert.Equal([8L, 9L], Released);
    }

    [Fact]
    public void Clearing_the_position_holds_everything_that_arrives_until_the_next_reset()
    {
        var sequencer = new TopicSequencer(4);
        sequencer.ClearPosition();

        Assert.Equal(SequencerOutcome.Held, sequencer.Offer(Events.Seq(5), _released));
        Assert.Equal(SequencerOutcome.Held, sequencer.Offer(Events.Seq(2), _released));
        Assert.Empty(_released);

        sequencer.Reset(4, _released);

        Assert.Equal([5L], Released);
        Assert.Equal(0, sequencer.HeldCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Any_arrival_order_with_repeats_releases_every_seq_once_and_in_order(int seed)
    {
        var random = new Random(seed);
        var arrivals = Events.Range(1, 300).Concat(Events.Range(1, 300).Where(_ => random.Next(3) == 0)).ToArray();
        random.Shuffle(arrivals);
        var sequencer = new TopicSequencer(0);

        foreach (var e in arrivals)
        {
            sequencer.Offer(e, _released);
        }

        Assert.Equal(Enumerable.Range(1, 300).Select(s => (long)s), Released);
        Assert.Equal(0, sequencer.HeldCount);
    }
}
