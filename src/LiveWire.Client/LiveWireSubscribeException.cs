namespace LiveWire.Client;

/// <summary>The hub refused a subscription, with one of the contract's error codes.</summary>
public sealed class LiveWireSubscribeException : Exception
{
    /// <summary>The code <c>invalid-topic</c>: the name breaks the naming rules.</summary>
    public const string InvalidTopic = "invalid-topic";

    /// <summary>The code <c>invalid-argument</c>: an argument other than the topic is out of range.</summary>
    public const string InvalidArgument = "invalid-argument";

    /// <summary>The code <c>forbidden</c>: the access token does not grant the (private) topic.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The code <c>too-many-subscriptions</c>: the connection holds as many subscriptions as it may.</summary>
    public const string TooManySubscriptions = "too-many-subscriptions";

    /// <summary>The code <c>rate-limited</c>: the connection sent too fast (the client retries these itself).</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>Creates the exception.</summary>
    public LiveWireSubscribeException()
        : this(string.Empty, string.Empty, "The hub refused the subscription.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public LiveWireSubscribeException(string message)
        : this(string.Empty, string.Empty, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public LiveWireSubscribeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Topic = string.Empty;
        Code = string.Empty;
    }

    /// <summary>Creates the exception for <paramref name="topic"/> with <paramref name="code"/>.</summary>
    public LiveWireSubscribeException(string topic, string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Topic = topic;
        Code = code;
    }

    /// <summary>The topic.</summary>
    public string Topic { get; }

    /// <summary>The hub's error code (see the constants of this class), or empty when the hub gave none.</summary>
    public string Code { get; }
}
