namespace LiveWire.Server.Api;

/// <summary>The body of <c>PUT /api/topics/{topic}</c>.</summary>
/// <param name="Title">The story's title (up to 200 characters).</param>
/// <param name="Summary">A short summary (up to 1,000 characters; plain text).</param>
/// <param name="Status"><c>live</c> (default) or <c>ended</c>.</param>
public sealed record TopicRequest(string? Title, string? Summary, string? Status);
