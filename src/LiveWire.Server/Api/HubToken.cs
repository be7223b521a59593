namespace LiveWire.Server.Api;

/// <summary>A short-lived token for the hub URL, and when it expires.</summary>
internal sealed record HubToken(string Token, DateTimeOffset ExpiresAt);
