using LiveWire.Contracts;
using LiveWire.Core.Timeline;
using LiveWire.Server.Api;

namespace LiveWire.Server.Pages;

/// <summary>What the reader's live page shows: the topic's state as the reader API gives it, the other live stories and the breaking banner.</summary>
/// <param name="Topic">The story (an empty state when nothing has been published to it yet).</param>
/// <param name="OtherStories">Other live stories, newest activity first.</param>
/// <param name="Breaking">The latest breaking development, while it is fresh.</param>
public sealed record LivePageModel(TopicSnapshot Topic, IReadOnlyList<TopicListItem> OtherStories, TopicDevelopment? Breaking)
{
    /// <summary>The title, or one made from the topic's name ("ukraine-crisis" becomes "Ukraine crisis").</summary>
    public string Title => Topic.Title is { Length: > 0 } title ? title : Humanize(Topic.Topic);

    /// <summary>Whether the story is still live.</summary>
    public bool IsLive => Topic.Status == TopicInfo.Live;

    /// <summary>A title for a topic without one.</summary>
    public static string Humanize(string topic) =>
        topic.Length == 0 ? topic : char.ToUpperInvariant(topic[0]) + topic[1..].Replace('-', ' ');

    /// <summary>"14:05" in UTC, as the first paint shows times (the widget then shows the reader's own time zone).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The machine-readable time of a <c>&lt;time&gt;</c> element.</summary>
    public static string IsoTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}
