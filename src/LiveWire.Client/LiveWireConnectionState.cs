namespace LiveWire.Client;

/// <summary>Where a <see cref="LiveWireClient"/>'s connection to the hub stands.</summary>
public enum LiveWireConnectionState
{
    /// <summary>Not started, disposed, or stopped because a custom reconnect policy gave up.</summary>
    Disconnected,

    /// <summary>Started, and trying to connect for the first time.</summary>
    Connecting,

    /// <summary>Connected: events flow.</summary>
    Connected,

    /// <summary>The connection was lost; the client is connecting again and will resume every subscription.</summary>
    Reconnecting,

    /// <summary>
    /// No connection to the hub gets through (a proxy that passes no WebSocket, say), but the reader API answers: the
    /// client reads each topic's history every <see cref="LiveWireClientOptions.PollInterval"/>, so events still come,
    /// later, and keeps trying to connect. Acks wait for the connection.
    /// </summary>
    Polling,
}
