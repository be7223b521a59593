using System.Collections.Concurrent;
using LiveWire.Realtime.Internal;
using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Realtime;

/// <summary>
/// What each <see cref="LiveHub"/> connection of this node holds (its subscriptions), by connection id. Hubs are
/// transient; one entry in one dictionary costs a connection less than <see cref="HubCallerContext.Items"/> (a concurrent dictionary of its own) or one more
/// connection feature (which grows every connection's feature table).
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConnectionSubscriptions> _connections = new(StringComparer.Ordinal);

    /// <summary>
    /// The state of the connection behind <paramref name="context"/>, made on first use at <paramref name="now"/>
    /// with a full budget of <paramref name="callBurst"/> calls.
    /// </summary>
    internal ConnectionSubscriptions Of(HubCallerContext context, int callBurst, long now) =>
        _connections.GetOrAdd(context.ConnectionId, static (_, start) => new ConnectionSubscriptions(start.callBurst, start.now), (callBurst, now));

    /// <summary>The state of the connection behind <paramref name="context"/>, or null when it holds nothing yet.</summary>
    internal ConnectionSubscriptions? Find(HubCallerContext context) =>
        _connections.TryGetValue(context.ConnectionId, out var state) ? state : null;

    /// <summary>Forgets a closed connection and returns what it held, if anything.</summary>
    internal ConnectionSubscriptions? Remove(HubCallerContext context) =>
        _connections.TryRemove(context.ConnectionId, out var state) ? state : null;
}
