namespace LiveWire.Contracts;

/// <summary>Marks a development as a key event.</summary>
public sealed record PinDevelopment : DevelopmentChange;
