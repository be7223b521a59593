namespace LiveWire.Core.Ingestion;

/// <summary>A change to a development that was retracted; retrying it cannot help.</summary>
public sealed class RetractedDevelopmentException(string topic, string id)
    : Exception($"Development '{id}' of topic '{topic}' was retracted and can no longer be changed.");
