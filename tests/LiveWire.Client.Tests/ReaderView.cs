using LiveWire.Contracts;
using LiveWire.Testing;

namespace LiveWire.Client.Tests;

/// <summary>
/// What a reader's page shows after applying a topic's events in order, as the widget does: current developments
/// (corrections applied, retractions gone), newest first, with their pins. Comparable with <c>GET /api/topics/{topic}</c>.
/// </summary>
internal static class ReaderView
{
    /// <summary>One development as a reader sees it.</summary>
    public sealed record Shown(string? SourceTopic, string Id, long PublishSeq, int Revision, string? Headline, string? Body, string? Priority, bool Pinned);

    /// <summary>Applies <paramref name="events"/> in order.</summary>
    public static IReadOnlyList<Shown> From(IEnumerable<TimelineEvent> events)
    {
        var shown = new Dictionary<(string?, string), Shown>();
        foreach (var e in events)
        {
            var key = (e.SourceTopic, e.Id);
            switch (e.Kind)
            {
                case EventKinds.Published:
                    shown[key] = new Shown(e.SourceTopic, e.Id, e.Seq, e.Revision, e.Headline, e.Body, e.Priority, e.Pinned);
                    break;
                case EventKinds.Retracted:
                    shown.Remove(key);
                    break;
                default:
                    var before = shown[key];
                    shown[key] = before with { Revision = e.Revision, Headline = e.Headline, Body = e.Body, Priority = e.Priority, Pinned = e.Pinned };
                    break;
            }
        }

        return [.. shown.Values.OrderByDescending(d => d.PublishSeq)];
    }

    /// <summary>The same view from the topic's state as the reader API serves it.</summary>
    public static IReadOnlyList<Shown> From(Newsroom.TopicState state) =>
        [.. state.Developments.Select(d => new Shown(d.SourceTopic, d.Id, d.Seq, d.Revision, d.Headline, d.Body, d.Priority, d.Pinned))];
}
