using LiveWire.Core.Ingestion;
using LiveWire.Core.Validation;
using MassTransit;

namespace LiveWire.Messaging.Consumers;

/// <summary>What the timeline consumers read from a message's envelope.</summary>
internal static class ConsumeContextExtensions
{
    /// <summary>The message id, which makes a redelivery recognisable. A message without one cannot be deduplicated.</summary>
    public static Guid RequireMessageId(this ConsumeContext context)
    {
        if (context.MessageId is { } messageId)
        {
            return messageId;
        }

        var errors = new ValidationErrors();
        errors.Add("messageId", "the bus message has no message id");
        throw new InvalidDevelopmentException(errors);
    }

    /// <summary>When the message was sent: the acceptance time of a change a CMS put straight on the bus.</summary>
    public static DateTimeOffset SentAt(this ConsumeContext context) =>
        context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : DateTimeOffset.UtcNow;
}
