using LiveWire.Contracts;

namespace LiveWire.Client;

/// <summary>The hub refused a subscription, with one of the contract's error codes.</summary>
public sealed class LiveWireSubscribeException : Exception
{
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

    /// <summary>The hub's error code (one of <see cref="HubErrorCodes"/>), or empty when the hub gave none.</summary>
    public string Code { get; }
}
