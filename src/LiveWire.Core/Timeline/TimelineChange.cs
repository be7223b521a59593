using LiveWire.Core.Ordering;

namespace LiveWire.Core.Timeline;

/// <summary>
/// A validated change about to be committed to a topic's timeline.
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="Kind">One of <see cref="Contracts.EventKinds"/>.</param>
/// <param name="Fields">The development's fields (for a pin or unpin only the id matters: the stored fields are kept).</param>
/// <param name="DedupeKey">Two changes with one key in one topic become one event.</param>
/// <param name="MessageId">The bus message that carries the change, so a redelivery can be told from a resubmission.</param>
/// <param name="AcceptedAt">When the service first accepted the change.</param>
/// <param name="Pinned">The pinned state the change sets, or null to keep the current one.</param>
/// <param name="AcceptOrder">Where the API placed the change among the topic's accepted changes, if it did.</param>
/// <param name="Ordering">
/// Whether <paramref name="AcceptOrder"/> numbers the whole topic's accepted changes, so the change takes its place
/// after every change accepted before it (see <see cref="TopicOrdering"/>).
/// </param>
/// <param name="Waited">
/// How long the change has waited for its turn in workers that gave it back (see
/// <see cref="TurnNotYetException"/>): its waits go on from there.
/// </param>
public sealed record TimelineChange(
    string Topic,
    string Kind,
    DevelopmentFields Fields,
    string DedupeKey,
    string MessageId,
    DateTimeOffset AcceptedAt,
    bool? Pinned,
    long? AcceptOrder = null,
    TopicOrdering Ordering = TopicOrdering.None,
    TimeSpan Waited = default)
{
    /// <summary>
    /// The key of the development's state in its topic: its id, or on the <c>breaking</c> topic, where ids from
    /// different topics meet, <c>{sourceTopic}/{id}</c>.
    /// </summary>
    public string StateKey => Fields.SourceTopic is { } source ? $"{source}/{Fields.Id}" : Fields.Id;
}
