namespace LiveWire.Client;

/// <summary>The SignalR hub protocol a <see cref="LiveWireClient"/> speaks.</summary>
public enum LiveWireProtocol
{
    /// <summary>JSON (the default): readable on the wire, the same shape as the HTTP API.</summary>
    Json,

    /// <summary>MessagePack: smaller and faster to parse.</summary>
    MessagePack,
}
