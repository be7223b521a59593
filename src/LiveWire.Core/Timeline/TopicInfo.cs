namespace LiveWire.Core.Timeline;

/// <summary>What the newsroom says about a topic: <c>PUT /api/topics/{topic}</c>.</summary>
/// <param name="Title">The story's title.</param>
/// <param name="Summary">A short summary.</param>
/// <param name="Status"><c>live</c> or <c>ended</c>.</param>
public sealed record TopicInfo(string? Title, string? Summary, string Status)
{
    /// <summary>A story still being updated.</summary>
    public const string Live = "live";

    /// <summary>A story that has ended.</summary>
    public const string Ended = "ended";
}
