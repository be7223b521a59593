namespace LiveWire.LoadTest.Readers;

/// <summary>What a reader takes from one hub message.</summary>
internal struct IncomingMessage
{
    /// <summary>SignalR's message type (1 invocation, 3 completion, 6 ping, 7 close).</summary>
    public int Type;

    /// <summary>An event's seq; 0 when the message is not an event.</summary>
    public long Seq;

    /// <summary>An event's acceptedAt.</summary>
    public DateTimeOffset AcceptedAt;

    /// <summary>When the tool sent the event's post (<see cref="PostStamp"/>); default when its id carries none.</summary>
    public DateTime SentAt;

    /// <summary>A completion's or a close's error.</summary>
    public string? Error;

    /// <summary>A <c>Subscribe</c> completion's <c>reset</c>: the server no longer held what <c>afterSeq</c> asked for.</summary>
    public bool Reset;
}
