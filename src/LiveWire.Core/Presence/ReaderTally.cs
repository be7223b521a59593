using System.Collections.Concurrent;

namespace LiveWire.Core.Presence;

/// <summary>How many of this node's connections are subscribed to each topic.</summary>
public sealed class ReaderTally
{
    private readonly ConcurrentDictionary<string, long> _readers = new(StringComparer.Ordinal);

    /// <summary>A node-unique id, so nodes can publish their tallies side by side.</summary>
    public string NodeId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Counts one more reader of <paramref name="topic"/>.</summary>
    public void Add(string topic) => _readers.AddOrUpdate(topic, 1, static (_, count) => count + 1);

    /// <summary>Counts one reader of <paramref name="topic"/> less.</summary>
    public void Remove(string topic)
    {
        var left = _readers.AddOrUpdate(topic, 0, static (_, count) => count - 1);
        if (left <= 0)
        {
            // Only drops the entry if no reader came back in between.
            _readers.TryRemove(new KeyValuePair<string, long>(topic, left));
        }
    }

    /// <summary>This node's readers of <paramref name="topic"/>.</summary>
    public long Of(string topic) => _readers.GetValueOrDefault(topic);

    /// <summary>Every topic with readers on this node.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_readers, StringComparer.Ordinal);
}
