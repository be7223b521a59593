namespace LiveWire.Core.Ingestion;

/// <summary>
/// A change to a development the topic does not have (yet: on the bus a correction may overtake its publish, so the
/// consumer's retries give the publish time to land).
/// </summary>
public sealed class UnknownDevelopmentException(string topic, string id)
    : Exception($"Topic '{topic}' has no development '{id}'.");
