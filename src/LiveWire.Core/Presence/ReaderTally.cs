using System.Collections.Concurrent;

namespace LiveWire.Core.Presence;

/// <summary>How many connections this node holds, and how many of them are subscribed to each topic.</summary>
public sealed class ReaderTally
{
    private readonly ConcurrentDictionary<string, long> _readers = new(StringComparer.Ordinal);
    private long _connections;
    private volatile bool _draining;

    /// <summary>A node-unique id, so nodes can publish their tallies side by side.</summary>
    public string NodeId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The hub connections this node holds, subscribed or not.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>
    /// Whether the node is letting its connections go before it stops: it then leaves the counts that other nodes weigh
    /// their share against (<see cref="INodeConnections"/>), since the readers it holds are on their way elsewhere.
    /// </summary>
    public bool Draining => _draining;

    /// <summary>Marks the node as <see cref="Draining"/>.</summary>
    public void Drain() => _draining = true;

    /// <summary>Counts one more hub connection.</summary>
    public void Connected() => Interlocked.Increment(ref _connections);

    /// <summary>Counts one hub connection less.</summary>
    public void Disconnected() => Interlocked.Decrement(ref _connections);

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
