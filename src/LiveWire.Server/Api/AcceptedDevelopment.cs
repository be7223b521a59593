namespace LiveWire.Server.Api;

/// <summary>The answer to an accepted change: the bus has it, and the ingestion will commit it.</summary>
/// <param name="Id">The development's id.</param>
/// <param name="Topic">The topic.</param>
public sealed record AcceptedDevelopment(string Id, string Topic);
