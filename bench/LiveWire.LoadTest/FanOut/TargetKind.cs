namespace LiveWire.LoadTest.FanOut;

/// <summary>What a target is: LiveWire itself, or one of the references it is measured against.</summary>
internal enum TargetKind
{
    /// <summary>LiveWire: the HTTP API in, the hub at <c>/hubs/live</c> out.</summary>
    LiveWire,

    /// <summary>A bare ASP.NET Core SignalR hub broadcasting to a group (no bus, store or backplane).</summary>
    BareSignalR,

    /// <summary>Kestrel WebSockets sending the same bytes to every socket, one write per event and socket.</summary>
    RawWebSocket,

    /// <summary>Kestrel WebSockets writing everything queued for a socket in one write: the limit of a batching server.</summary>
    RawWebSocketBatched,
}
