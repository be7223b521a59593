using System.Collections.Concurrent;
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
/// <c>seq</c> it saw.
/// </summary>
public sealed partial class ConnectionDrain(
    IOptions<DrainOptions> options,
    TimeProvider timeProvider,
    LiveWireMetrics metrics,
    ILogger<ConnectionDrain> logger)
{
    /// <summary>The <see cref="LiveWireTelemetry.Tags.Reason"/> of a connection closed by the drain.</summary>
    public const string DrainReason = "drain";

    private readonly ConcurrentDictionary<string, ConnectionContext> _connections = new(StringComparer.Ordinal);
    private volatile bool _draining;

    /// <summary>Whether the node is draining: it takes no new readers.</summary>
    public bool IsDraining => _draining;

    /// <summary>Holds <paramref name="connection"/> until it ends (dispose the result then).</summary>
    public IDisposable Track(ConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return new Tracked(this, connection.ConnectionId);
    }

    /// <summary>Closes every connection over the drain window; returns once the last one was closed.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var connections = _connections.Values.ToArray();
        Random.Shared.Shuffle(connections);
        var window = options.Value.DrainWindow;
        Log.Draining(logger, connections.Length, window);
        var started = timeProvider.GetTimestamp();
        for (var i = 0; i < connections.Length; i++)
        {
            var due = window * ((i + Random.Shared.NextDouble()) / connections.Length);
            var wait = due - timeProvider.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, cancellationToken);
            }

            metrics.ConnectionClosed(DrainReason);
            connections[i].Abort(new ConnectionAbortedException("The node is shutting down: connect again and resume."));
        }

        Log.Drained(logger, connections.Length, timeProvider.GetElapsedTime(started));
    }

    private sealed class Tracked(ConnectionDrain drain, string connectionId) : IDisposable
    {
        public void Dispose() => drain._connections.TryRemove(connectionId, out _);
    }

    private static partial class Log
    {
        [LoggerMessage(3201, LogLevel.Information, "Draining: closing {Connections} connections over {Window}")]
        public static partial void Draining(ILogger logger, int connections, TimeSpan window);

        [LoggerMessage(3202, LogLevel.Information, "Drained {Connections} connections in {Elapsed}")]
        public static partial void Drained(ILogger logger, int connections, TimeSpan elapsed);
    }
}
