using LiveWire.Contracts;
using LiveWire.Core.Ordering;
using LiveWire.Core.Timeline;
using LiveWire.Core.Validation;

namespace LiveWire.Core.Ingestion;

/// <summary>
/// Turns bus messages into timeline changes: validates them (a CMS may publish straight onto the bus, past the HTTP
/// API's checks), sanitises the body and chooses the dedupe key that makes a retry or resubmission one event.
/// </summary>
public sealed class TimelineChangeFactory(DevelopmentValidator validator)
{
    /// <summary>The change for a publish.</summary>
    public TimelineChange Publish(PublishDevelopment message, Guid messageId, DateTimeOffset sentAt)
    {
        var id = message.Id ?? DevelopmentIds.FromMessageId(messageId);
        var errors = Validate(message, id);
        validator.ValidateContent(message, errors);
        ThrowIfInvalid(errors);
        return new TimelineChange(
            message.Topic, EventKinds.Published, validator.ToFields(id, message), $"p:{id}", messageId.ToString("N"),
            message.AcceptedAt ?? sentAt, message.Pinned, message.AcceptOrder, TopicOrdering.InTurn);
    }

    /// <summary>The change for a correction.</summary>
    public TimelineChange Correct(CorrectDevelopment message, Guid messageId, DateTimeOffset sentAt)
    {
        var errors = Validate(message, message.Id);
        validator.ValidateContent(message, errors);
        if (message.Revision is < 2)
        {
            errors.Add("revision", "a correction creates revision 2 or later");
        }

        ThrowIfInvalid(errors);
        var id = message.Id!;
        var dedupeKey = message.Revision is { } revision ? $"c:{id}:{revision}" : $"m:{messageId:N}";
        return new TimelineChange(
            message.Topic, EventKinds.Corrected, validator.ToFields(id, message), dedupeKey, messageId.ToString("N"),
            message.AcceptedAt ?? sentAt, Pinned: null, message.AcceptOrder, TopicOrdering.InTurn);
    }

    /// <summary>The change for a retraction.</summary>
    public TimelineChange Retract(RetractDevelopment message, Guid messageId, DateTimeOffset sentAt)
    {
        var errors = Validate(message, message.Id);
        validator.ValidateReason(message.Reason, errors);
        ThrowIfInvalid(errors);
        var id = message.Id!;
        var fields = new DevelopmentFields { Id = id, Reason = string.IsNullOrWhiteSpace(message.Reason) ? null : message.Reason.Trim() };
        return new TimelineChange(
            message.Topic, EventKinds.Retracted, fields, $"r:{id}", messageId.ToString("N"),
            message.AcceptedAt ?? sentAt, Pinned: false, message.AcceptOrder, TopicOrdering.InTurn);
    }

    /// <summary>The change for a pin (<paramref name="pinned"/> true) or an unpin.</summary>
    public TimelineChange Pin(DevelopmentChange message, bool pinned, Guid messageId, DateTimeOffset sentAt)
    {
        ThrowIfInvalid(Validate(message, message.Id));
        return new TimelineChange(
            message.Topic, pinned ? EventKinds.Pinned : EventKinds.Unpinned, new DevelopmentFields { Id = message.Id! },
            $"m:{messageId:N}", messageId.ToString("N"), message.AcceptedAt ?? sentAt, pinned, message.AcceptOrder, TopicOrdering.InTurn);
    }

    /// <summary>The change that carries a breaking <c>published</c> event into the <c>breaking</c> topic.</summary>
    public static TimelineChange BreakingLane(TimelineEvent published, string messageId) => new(
        Topics.TopicName.Breaking,
        EventKinds.Published,
        BreakingLaneFields(published),
        $"b:{published.Topic}:{published.Id}",
        messageId,
        published.AcceptedAt,
        Pinned: false);

    /// <summary>
    /// The breaking lane's copy of a correction or retraction of a development the lane may hold, so the banner never
    /// keeps a retracted or outdated alert. Its accept order is the source event's seq: copies of one development's
    /// changes apply in the order the source topic committed them, whatever order they are committed in here.
    /// </summary>
    public static TimelineChange BreakingLaneFollowUp(TimelineEvent change, string messageId) => new(
        Topics.TopicName.Breaking,
        change.Kind,
        BreakingLaneFields(change),
        $"b:{change.Topic}:{change.Id}:{change.Seq}",
        messageId,
        change.AcceptedAt,
        Pinned: change.Kind == EventKinds.Retracted ? false : null,
        AcceptOrder: change.Seq);

    // On the breaking topic a development's SourceTopic is the topic it was published on.
    private static DevelopmentFields BreakingLaneFields(TimelineEvent source) =>
        TimelineEvents.FieldsOf(source) with { SourceTopic = source.Topic };

    private static ValidationErrors Validate(DevelopmentChange message, string? id)
    {
        var errors = new ValidationErrors();
        DevelopmentValidator.ValidateTopic(message.Topic, errors);
        DevelopmentValidator.ValidateId(id, required: true, errors);
        return errors;
    }

    private static void ThrowIfInvalid(ValidationErrors errors)
    {
        if (!errors.IsValid)
        {
            throw new InvalidDevelopmentException(errors);
        }
    }
}
