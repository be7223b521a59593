using LiveWire.Client.Internal;

namespace LiveWire.Client;

/// <summary>
/// A topic subscribed with <see cref="LiveWireClient.SubscribeAsync"/>. It lasts across reconnects until it is
/// disposed; disposing it stops the handler (waiting for a running call to return) and unsubscribes on the hub.
/// </summary>
public sealed class LiveWireSubscription : IAsyncDisposable
{
    private readonly LiveWireClient _client;

    internal LiveWireSubscription(LiveWireClient client, TopicSubscription subscription)
    {
        _client = client;
        Inner = subscription;
    }

    /// <summary>The topic.</summary>
    public string Topic => Inner.Topic;

    /// <summary>
    /// The seq of the last event whose handler has returned (or of the last state handed to
    /// <see cref="SubscribeOptions.OnReset"/>): the value to keep, and to pass as <see cref="SubscribeOptions.AfterSeq"/>
    /// when the application subscribes again after a restart.
    /// </summary>
    public long LastAppliedSeq => Inner.LastAppliedSeq;

    /// <summary>
    /// The topic's epoch the subscription is on (null until the server names one): keep it with
    /// <see cref="LastAppliedSeq"/> and pass it as <see cref="SubscribeOptions.Epoch"/>.
    /// </summary>
    public string? Epoch => Inner.Epoch;

    internal TopicSubscription Inner { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _client.RemoveAsync(Inner);
}
