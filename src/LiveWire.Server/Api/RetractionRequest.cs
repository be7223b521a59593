namespace LiveWire.Server.Api;

/// <summary>The optional body of <c>DELETE /api/topics/{topic}/developments/{id}</c>.</summary>
/// <param name="Reason">Why the development is retracted, shown to readers (up to 500 characters).</param>
public sealed record RetractionRequest(string? Reason);
