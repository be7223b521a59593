namespace LiveWire.LoadTest.Readers;

/// <summary>The two SignalR hub protocols a reader can speak.</summary>
internal enum WireProtocol
{
    /// <summary>SignalR's JSON protocol: text records ending in 0x1E.</summary>
    Json,

    /// <summary>SignalR's MessagePack protocol: binary records behind a varint length.</summary>
    MessagePack,
}
