using System.Text;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Timeline;
using LiveWire.Core.Topics;
using Microsoft.Extensions.Options;

namespace LiveWire.Core.Validation;

/// <summary>
/// Checks what a newsroom submits against the contract's limits and turns it into the fields the timeline stores.
/// The HTTP API and the bus consumers use the same checks on the same type: the API builds the bus message first and
/// validates that, so a development's content has one input shape (<see cref="DevelopmentContent"/>).
/// </summary>
public sealed class DevelopmentValidator(IOptions<LimitsOptions> limits, BodySanitizer sanitizer)
{
    private readonly LimitsOptions _limits = limits.Value;

    /// <summary>Checks a topic name.</summary>
    public static void ValidateTopic(string? topic, ValidationErrors errors)
    {
        if (!TopicName.IsValid(topic))
        {
            errors.Add("topic", "must be 1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-'");
        }
    }

    /// <summary>Checks a development id; null is allowed where the server may make one.</summary>
    public static void ValidateId(string? id, bool required, ValidationErrors errors)
    {
        if (id is null ? required : !DevelopmentIds.IsValid(id))
        {
            errors.Add("id", "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
    }

    /// <summary>Checks a publish's or correction's content, before its body is sanitised.</summary>
    public void ValidateContent(DevelopmentContent content, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(content.Headline))
        {
            errors.Add("headline", "is required");
        }
        else if (content.Headline.Length > _limits.MaxHeadlineLength)
        {
            errors.Add("headline", $"must be at most {_limits.MaxHeadlineLength} characters");
        }

        if (content.Body is not null && Encoding.UTF8.GetByteCount(content.Body) > _limits.MaxBodyBytes)
        {
            errors.AddTooLarge("body", $"must be at most {_limits.MaxBodyBytes} bytes of UTF-8");
        }

        if (content.Priority is not null && !Priorities.IsValid(content.Priority))
        {
            errors.Add("priority", $"must be '{Priorities.Normal}' or '{Priorities.Breaking}'");
        }

        if (content.Author is { Length: var authorLength } && authorLength > _limits.MaxAuthorLength)
        {
            errors.Add("author", $"must be at most {_limits.MaxAuthorLength} characters");
        }

        if (content.Tags is { } tags)
        {
            if (tags.Count > _limits.MaxTags)
            {
                errors.Add("tags", $"must hold at most {_limits.MaxTags} tags");
            }

            if (tags.Any(tag => string.IsNullOrWhiteSpace(tag) || tag.Length > _limits.MaxTagLength))
            {
                errors.Add("tags", $"each tag must be 1 to {_limits.MaxTagLength} characters");
            }
        }
    }

    /// <summary>Checks a retraction's reason.</summary>
    public void ValidateReason(string? reason, ValidationErrors errors)
    {
        if (reason is { Length: var length } && length > _limits.MaxReasonLength)
        {
            errors.Add("reason", $"must be at most {_limits.MaxReasonLength} characters");
        }
    }

    /// <summary>The fields to store for valid content: trimmed, with the body sanitised.</summary>
    public DevelopmentFields ToFields(string id, DevelopmentContent content) => new()
    {
        Id = id,
        Headline = content.Headline.Trim(),
        Body = string.IsNullOrEmpty(content.Body) ? null : sanitizer.Sanitize(content.Body),
        Priority = content.Priority ?? Priorities.Normal,
        Author = string.IsNullOrWhiteSpace(content.Author) ? null : content.Author.Trim(),
        Tags = content.Tags is { Count: > 0 } tags ? [.. tags.Select(tag => tag.Trim())] : null,
    };
}
