namespace LiveWire.Client.Internal;

/// <summary>What <see cref="TopicSequencer.Offer"/> did with an event.</summary>
internal enum SequencerOutcome
{
    /// <summary>It was next: released, with any held events it made contiguous.</summary>
    Released,

    /// <summary>It is ahead of a missing event (or the position is not known yet): held back.</summary>
    Held,

    /// <summary>At or below the position, or already held: dropped.</summary>
    Repeat,
}
