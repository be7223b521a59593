using System.Text;
using LiveWire.Core.Options;
using LiveWire.Core.Timeline;
using LiveWire.Core.Topics;
using Microsoft.Extensions.Options;

namespace LiveWire.Core.Validation;

/// <summary>
/// Checks what a newsroom submits against the contract's limits and turns it into the fields the timeline stores.
/// The HTTP API and the bus consumers use the same checks.
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

    /// <summary>Checks a publish's or correction's content.</summary>
    public void ValidateDraft(DevelopmentDraft draft, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(draft.Headline))
        {
            errors.Add("headline", "is required");
        }
        else if (draft.Headline.Length > _limits.MaxHeadlineLength)
        {
            errors.Add("headline", $"must be at most {_limits.MaxHeadlineLength} characters");
        }

        if (draft.Body is not null && Encoding.UTF8.GetByteCount(draft.Body) > _limits.MaxBodyBytes)
        {
            errors.AddTooLarge("body", $"must be at most {_limits.MaxBodyBytes} bytes of UTF-8");
        }

        if (draft.Priority is not null && !Priorities.IsValid(draft.Priority))
        {
            errors.Add("priority", $"must be '{Priorities.Normal}' or '{Priorities.Breaking}'");
        }

        if (draft.Author is { Length: var authorLength } && authorLength > _limits.MaxAuthorLength)
        {
            errors.Add("author", $"must be at most {_limits.MaxAuthorLength} characters");
        }

        if (draft.Tags is { } tags)
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

    /// <summary>The fields to store for a valid draft: trimmed, with the body sanitised.</summary>
    public DevelopmentFields ToFields(string id, DevelopmentDraft draft) => new()
    {
        Id = id,
        Headline = draft.Headline!.Trim(),
        Body = string.IsNullOrEmpty(draft.Body) ? null : sanitizer.Sanitize(draft.Body),
        Priority = draft.Priority ?? Priorities.Normal,
        Author = string.IsNullOrWhiteSpace(draft.Author) ? null : draft.Author.Trim(),
        Tags = draft.Tags is { Count: > 0 } tags ? [.. tags.Select(tag => tag.Trim())] : null,
    };
}
