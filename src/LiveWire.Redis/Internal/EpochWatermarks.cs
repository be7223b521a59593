using System.Collections.Concurrent;

namespace LiveWire.Redis.Internal;

/// <summary>
/// The highest seq this process has committed per topic, with the epoch it was committed under: what lets the commit
/// script see that Redis went back (a restart from an older append-only file, a lagging replica promoted), because the
/// topic's seq under that same epoch is now lower than this process saw it. Bounded: past
/// <paramref name="capacity"/> topics it starts again empty, and a topic is known again from its next commit.
/// </summary>
internal sealed class EpochWatermarks(int capacity)
{
    private readonly ConcurrentDictionary<string, Watermark> _topics = new(StringComparer.Ordinal);

    /// <summary>The epoch and seq last seen for <paramref name="topic"/>, or an empty epoch and 0 when none was.</summary>
    public Watermark Get(string topic) => _topics.TryGetValue(topic, out var mark) ? mark : new Watermark(string.Empty, 0);

    /// <summary>Records a commit: a new epoch replaces the mark, the same epoch only raises it.</summary>
    public void Observe(string topic, string? epoch, long seq)
    {
        if (epoch is null)
        {
            return;
        }

        if (_topics.Count >= capacity && !_topics.ContainsKey(topic))
        {
            _topics.Clear();
        }

        _topics.AddOrUpdate(
            topic,
            static (_, mark) => mark,
            static (_, old, mark) => old.Epoch == mark.Epoch && old.Seq >= mark.Seq ? old : mark,
            new Watermark(epoch, seq));
    }

    /// <summary>An epoch and the highest seq seen under it.</summary>
    public readonly record struct Watermark(string Epoch, long Seq);
}
