namespace LiveWire.Contracts;

/// <summary>
/// The codes that start the message of every error the hub throws (a SignalR <c>HubException</c>), so clients can branch on
/// them: <c>code: explanation</c>.
/// </summary>
public static class HubErrorCodes
{
    /// <summary>The topic name breaks the naming rules.</summary>
    public const string InvalidTopic = "invalid-topic";

    /// <summary>An argument other than the topic is out of range, or the arguments are not of the types or number the method takes.</summary>
    public const string InvalidArgument = "invalid-argument";

    /// <summary>The hub has no method of the invoked name.</summary>
    public const string UnknownMethod = "unknown-method";

    /// <summary>The connection's token does not grant the topic.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The connection's token has expired: connect again with a new one.</summary>
    public const string TokenExpired = "token-expired";

    /// <summary>The connection holds as many subscriptions as it may.</summary>
    public const string TooManySubscriptions = "too-many-subscriptions";

    /// <summary>The connection sends faster than it may.</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>The timeline store did not answer in time: the call changed nothing and may be made again shortly.</summary>
    public const string StoreUnavailable = "store-unavailable";
}
