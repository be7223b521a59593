namespace LiveWire.Messaging;

/// <summary>The bus could not take a change in time; nothing was accepted and the caller may retry.</summary>
public sealed class BusUnavailableException(Exception innerException)
    : Exception("The message bus did not take the change in time.", innerException);
