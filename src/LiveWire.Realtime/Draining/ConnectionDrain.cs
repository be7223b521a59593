using System.Collections.Concurrent;
using LiveWire.Core.Presence;
using LiveWire.Core.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveWire.Realtime.Draining;

/// <summary>
/// The hub connections this node holds, and how it lets them go before it stops. Draining, the node answers
/// <c>/health/ready</c> with 503 and new hub requests with 503 (the balancer sends readers elsewhere), and closes its
/// connections one by one over <see cref="DrainOptions.DrainWindow"/>: connection <c>i</c> of <c>n</c> at a random
/// moment of the <c>i</c>-th of <c>n</c> equal slots, so every second of the window closes about
/// <c>n / window</c> of them. Each closed reader reconnects with its client's back-off and resumes from the last
/// <c>seq</c> it saw. A node that holds more than its share of the deployment's readers lets the excess go the same way
/// (<see cref="ShedAsync"/>, from <see cref="ConnectionRebalancer"/>), without stopping.
/// </summary>
public sealed partial class ConnectionDrain(
    IOptions<DrainOptions> options,
    ReaderTally tally,
    TimeProvider timeProvider,
    LiveWireMetrics metrics,
    ILogger<ConnectionDrain> logger)
{
    /// <summary>The <see cref="LiveWireTelemetry.Tags.Reason"/> of a connection closed by the drain.</summary>
    public const string DrainReason = "drain";

    /// <summary>The <see cref="LiveWireTelemetry.Tags.Reason"/> of a connection let go to even out the nodes' shares.</summary>
    public const string RebalanceReason = "rebalance";

    private readonly ConcurrentDictionary<string, Held> _connections = new(StringComparer.Ordinal);
    private long _closed;

    /// <summary>How many tracked connections have ended since the node started, whoever ended them.</summary>
    public long Closed => Interlocked.Read(ref _closed);

    /// <summary>Whether the node is draining: it takes no new readers (<see cref="ReaderTally.Draining"/>).</summary>
    public bool IsDraining => tally.Draining;

    /// <summary>
    /// Holds <paramref name="connection"/> until it ends (dispose the result then), and counts it in the node's
    /// <see cref="ReaderTally.Connections"/>.
    /// </summary>
    public IDisposable Track(ConnectionContext connection)
    {
        _connections[connection.ConnectionId] = new Held(connection, timeProvider.GetTimestamp());
        tally.Connected();
        return new Tracked(this, connection.ConnectionId);
    }

    /// <summary>Closes every connection over the drain window; returns once the last one was closed.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        tally.Drain();
        var connections = _connections.Values.Select(held => held.Connection).ToArray();
        Random.Shared.Shuffle(connections);
        var window = options.Value.DrainWindow;
        Log.Draining(logger, connections.Length, window);
        var elapsed = await CloseOverAsync(connections, window, DrainReason, "The node is shutting down: connect again and resume.", cancellationToken);
        Log.Drained(logger, connections.Length, elapsed);
    }

    /// <summary>
    /// Closes up to <paramref name="count"/> connections picked at random over <paramref name="window"/>, as the drain
    /// does, and returns how many it closed; the node stays ready, and the balancer spreads the readers that come back
    /// over every node. Connections younger than <paramref name="spareYoungerThan"/> stay: most are readers a node (this
    /// one included) let go a moment ago, or readers still pouring in whose counts the nodes have not yet published, and
    /// letting them go would only move them twice.
    /// </summary>
    public async Task<int> ShedAsync(int count, TimeSpan window, TimeSpan spareYoungerThan, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetTimestamp();
        var connections = _connections.Values
            .Where(held => timeProvider.GetElapsedTime(held.Since, now) >= spareYoungerThan)
            .Select(held => held.Connection)
            .ToArray();
        Random.Shared.Shuffle(connections);
        connections = connections[..Math.Min(count, connections.Length)];
        Log.Shedding(logger, connections.Length, window);
        await CloseOverAsync(connections, window, RebalanceReason, "The node holds more than its share of readers: connect again and resume.", cancellationToken);
        return connections.Length;
    }

    // Connection i of n at a random moment of the i-th of n equal slots of the window.
    private async Task<TimeSpan> CloseOverAsync(ConnectionContext[] connections, TimeSpan window, string reason, string message, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        for (var i = 0; i < connections.Length; i++)
        {
            if (reason != DrainReason && tally.Draining)
            {
                break; // the node began to stop: the drain takes every connection now
            }

            var due = window * ((i + Random.Shared.NextDouble()) / connections.Length);
            var wait = due - timeProvider.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, cancellationToken);
            }

            metrics.ConnectionClosed(reason);
            connections[i].Abort(new ConnectionAbortedException(message));
        }

        return timeProvider.GetElapsedTime(started);
    }

    private void Untrack(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out _))
        {
            tally.Disconnected();
            Interlocked.Increment(ref _closed);
        }
    }

    private readonly record struct Held(ConnectionContext Connection, long Since);

    private sealed class Tracked(ConnectionDrain drain, string connectionId) : IDisposable
    {
        public void Dispose() => drain.Untrack(connectionId);
    }

    private static partial class Log
    {
        [LoggerMessage(3201, LogLevel.Information, "Draining: closing {Connections} connections over {Window}")]
        public static partial void Draining(ILogger logger, int connections, TimeSpan window);

        [LoggerMessage(3202, LogLevel.Information, "Drained {Connections} connections in {Elapsed}")]
        public static partial void Drained(ILogger logger, int connections, TimeSpan elapsed);

        [LoggerMessage(3203, LogLevel.Information, "Holding more than its share of readers: letting {Connections} connections go over {Window}")]
        public static partial void Shedding(ILogger logger, int connections, TimeSpan window);
    }
}
