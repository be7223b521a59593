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
}
