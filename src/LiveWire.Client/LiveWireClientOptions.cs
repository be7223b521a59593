using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Client;

/// <summary>How a <see cref="LiveWireClient"/> reaches LiveWire.</summary>
public sealed class LiveWireClientOptions
{
    /// <summary>
    /// The LiveWire server (or the load balancer in front of it), e.g. <c>https://news.example/</c>. The hub is at
    /// <c>hubs/live</c> and the reader API at <c>api/topics</c> below it. Required.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Gives the token for private topics (a JWT whose <c>topics</c> claim names them), or null for none. It is asked
    /// for on every connect and every HTTP call: SignalR sends it as <c>access_token</c> or an <c>Authorization</c>
    /// header, the history and state reads as <c>Authorization: Bearer</c>. Null (the default): anonymous.
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? AccessTokenProvider { get; set; }

    /// <summary>
    /// Whether the deployment keeps a client on one Server node (session affinity: sticky sessions at the balancer, or
    /// a single node). False (the default): the client opens one WebSocket to the hub and skips SignalR's negotiation,
    /// whose requests a round-robin balancer may send to different nodes; a WebSocket is one request and stays on the
    /// node that took it. True: the client negotiates and may fall back to Server-Sent Events and long polling, each
    /// request of which must reach the node that holds the connection. Either way, while no connection gets through
    /// the client polls the reader API (<see cref="PollInterval"/>), whose every request any node can answer.
    /// </summary>
    public bool Affinity { get; set; }

    /// <summary>
    /// While the hub is out of reach (no transport gets through, or the connection was lost and is not back yet), how
    /// often the client reads each subscribed topic's history (<c>GET /api/topics/{topic}/events?after=</c>), as the
    /// widget does; the state is then <see cref="LiveWireConnectionState.Polling"/>. It keeps trying to connect, and
    /// once connected the hub takes over from the seq polling reached. From 100 ms to 5 minutes; default 3 seconds.
    /// Null: never poll, only reconnect.
    /// </summary>
    public TimeSpan? PollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The hub protocol. Default <see cref="LiveWireProtocol.Json"/>.</summary>
    public LiveWireProtocol Protocol { get; set; } = LiveWireProtocol.Json;

    /// <summary>
    /// How long an event that arrived ahead of a missing one is held before the client reads the missing ones from
    /// history (<c>GET /api/topics/{topic}/events</c>). The hub usually fills such a gap itself within this time (its
    /// replay during a subscribe, or an event still on its way), so the read is rarely needed. Default 500 ms.
    /// </summary>
    public TimeSpan GapFillDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether the client sends delivery receipts: for each topic, at most once per <see cref="AckInterval"/>, the hub
    /// call <c>Ack(topic, seq, heldMs)</c> with the highest seq whose handler has returned, so the newsroom's delivery
    /// reports count this reader. Default true.
    /// </summary>
    public bool SendAcks { get; set; } = true;

    /// <summary>
    /// How often acks are batched and sent, from 1 second (the contract's limit: at most one ack per topic per second
    /// per connection) to 1 minute. Default 1 second.
    /// </summary>
    public TimeSpan AckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When to try connecting again after a failed attempt or a lost connection. Null (the default): exponential
    /// backoff from about half a second up to 30 seconds, with jitter, forever. A custom policy that returns null gives
    /// up: the client then stays <see cref="LiveWireConnectionState.Disconnected"/>.
    /// </summary>
    public IRetryPolicy? ReconnectPolicy { get; set; }

    /// <summary>
    /// Wraps the handler of the client's HTTP calls: the reader API and, with <see cref="Affinity"/>, SignalR's
    /// negotiation, SSE and long polling
    /// (as <see cref="Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions.HttpMessageHandlerFactory"/>
    /// does). For proxies, custom certificates or tests. Null (the default): the platform's handler.
    /// </summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? HttpMessageHandlerFactory { get; set; }
}
