namespace LiveWire.Core.Validation;

/// <summary>A development as a newsroom submits it, before validation and sanitising.</summary>
/// <param name="Headline">The headline.</param>
/// <param name="Body">The body: plain text or HTML.</param>
/// <param name="Priority"><c>normal</c>, <c>breaking</c> or null.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Tags">Its tags.</param>
public sealed record DevelopmentDraft(
    string? Headline,
    string? Body,
    string? Priority,
    string? Author,
    IReadOnlyList<string>? Tags);
