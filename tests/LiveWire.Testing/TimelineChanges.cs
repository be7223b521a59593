using LiveWire.Contracts;
using LiveWire.Core.Ordering;
using LiveWire.Core.Timeline;

namespace LiveWire.Testing;

/// <summary>The changes and reads the timeline store's and the accept ledger's conformance suites share.</summary>
public static class TimelineChanges
{
    /// <summary>When the API accepted every change these helpers make.</summary>
    public static readonly DateTimeOffset AcceptedAt = new(2026, 11, 29, 10, 30, 15, 123, TimeSpan.Zero);

    /// <summary>A topic of the test's own.</summary>
    public static string NewTopic() => "topic-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A publish of <paramref name="id"/>, with every field set.</summary>
    public static TimelineChange Publish(string topic, string id, string? messageId = null, bool pinned = false, string? headline = null) => new(
        topic,
        EventKinds.Published,
        new DevelopmentFields
        {
            Id = id,
            Headline = headline ?? $"Headline of {id}",
            Body = "<p>Body</p>",
            Priority = "normal",
            Author = "Desk",
            Tags = ["talks", "diplomacy"],
        },
        $"p:{id}",
        messageId ?? Guid.NewGuid().ToString("N"),
        AcceptedAt,
        pinned);

    /// <summary>A change of another <paramref name="kind"/> to <paramref name="id"/>, a message of its own.</summary>
    public static TimelineChange Change(string topic, string kind, string id, DevelopmentFields? fields = null, bool? pinned = null) => new(
        topic, kind, fields ?? new DevelopmentFields { Id = id }, $"m:{Guid.NewGuid():N}", Guid.NewGuid().ToString("N"), AcceptedAt, pinned);

    /// <summary><paramref name="change"/> as the API accepted it at <paramref name="order"/>, waiting its turn.</summary>
    public static TimelineChange InTurn(TimelineChange change, long order) =>
        change with { AcceptOrder = order, Ordering = TopicOrdering.InTurn };

    /// <summary>The topic's history as <c>kind:id</c>, oldest first.</summary>
    public static async Task<string[]> IdsAsync(ITimelineStore store, string topic) =>
        [.. (await store.ReadAsync(topic, 0, 100, CancellationToken.None)).Events.Select(e => $"{e.Kind}:{e.Id}")];
}
