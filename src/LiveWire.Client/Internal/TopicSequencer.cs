using LiveWire.Contracts;

namespace LiveWire.Client.Internal;

/// <summary>
/// Turns a topic's events, as they arrive (repeated, out of order, with gaps), into each event once and in seq order.
/// Pure and single-threaded: the caller serializes access.
/// </summary>
/// <remarks>
/// Invariants: every released event has seq <see cref="Position"/> + 1 at its release, so released seqs rise by exactly
/// one; every held event is above <see cref="Position"/> + 1 (when the position is known); nothing at or below
/// <see cref="Position"/> is ever released again.
/// </remarks>
internal sealed class TopicSequencer
{
    private readonly SortedDictionary<long, TimelineEvent> _held = [];
    private long _latest;

    /// <summary>Starts after <paramref name="position"/>, or with no position (everything held until one is set).</summary>
    public TopicSequencer(long? position)
    {
        Position = position;
        _latest = position ?? 0;
    }

    /// <summary>The seq of the last released event (or the start), or null while the position is not known.</summary>
    public long? Position { get; private set; }

    /// <summary>How many events are held back.</summary>
    public int HeldCount => _held.Count;

    /// <summary>
    /// The first seq that is missing, or null when none is known to be: an event is held ahead of it, or the topic is
    /// known (<see cref="ObserveLatest"/>) to have gone further than the position.
    /// </summary>
    public long? MissingSeq => Position is { } position && (_held.Count > 0 || _latest > position) ? position + 1 : null;

    /// <summary>
    /// Offers an arriving event: drops it when it is a repeat, holds it when it is ahead of a missing one, and otherwise
    /// adds it to <paramref name="released"/>, followed by the held events it makes contiguous.
    /// </summary>
    public SequencerOutcome Offer(TimelineEvent liveEvent, ICollection<TimelineEvent> released)
    {
        if (Position is not { } position)
        {
            return _held.TryAdd(liveEvent.Seq, liveEvent) ? SequencerOutcome.Held : SequencerOutcome.Repeat;
        }

        if (liveEvent.Seq <= position)
        {
            return SequencerOutcome.Repeat;
        }

        if (liveEvent.Seq > position + 1)
        {
            return _held.TryAdd(liveEvent.Seq, liveEvent) ? SequencerOutcome.Held : SequencerOutcome.Repeat;
        }

        Release(liveEvent, released);
        ReleaseContiguous(released);
        return SequencerOutcome.Released;
    }

    /// <summary>Notes the topic's latest seq as the server reported it, so a missing tail counts as a gap too.</summary>
    public void ObserveLatest(long latestSeq) => _latest = latestSeq;

    /// <summary>
    /// Moves the position to <paramref name="position"/> (a start, or the state a reset loaded): held events at or
    /// below it are dropped, and those that follow it contiguously are added to <paramref name="released"/>.
    /// </summary>
    public void Reset(long position, ICollection<TimelineEvent> released)
    {
        Position = position;
        _latest = position;
        foreach (var seq in _held.Keys.TakeWhile(seq => seq <= position).ToArray())
        {
            _held.Remove(seq);
        }

        ReleaseContiguous(released);
    }

    /// <summary>Forgets the position: every event is held until <see cref="Reset"/> sets a new one.</summary>
    public void ClearPosition() => Position = null;

    /// <summary>
    /// Forgets the position and every held event: the topic is on a new epoch, whose seqs have nothing to do with the
    /// old ones. Events are held from here on until <see cref="Reset"/> sets the position in the new epoch.
    /// </summary>
    public void Restart()
    {
        Position = null;
        _latest = 0;
        _held.Clear();
    }

    private void Release(TimelineEvent liveEvent, ICollection<TimelineEvent> released)
    {
        released.Add(liveEvent);
        Position = liveEvent.Seq;
        _latest = Math.Max(_latest, liveEvent.Seq);
    }

    private void ReleaseContiguous(ICollection<TimelineEvent> released)
    {
        while (Position is { } position && _held.Remove(position + 1, out var next))
        {
            Release(next, released);
        }
    }
}
