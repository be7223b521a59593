namespace LiveWire.Contracts;

/// <summary>Removes a development from the key events.</summary>
public sealed record UnpinDevelopment : DevelopmentChange;
