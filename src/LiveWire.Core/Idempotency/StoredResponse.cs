namespace LiveWire.Core.Idempotency;

/// <summary>The first answer to a request with an <c>Idempotency-Key</c>, replayed to every repeat.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ContentType">The body's content type, if any.</param>
/// <param name="Body">The body, if any.</param>
public sealed record StoredResponse(int StatusCode, string? ContentType, string? Body);
