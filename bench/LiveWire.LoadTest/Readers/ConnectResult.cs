namespace LiveWire.LoadTest.Readers;

/// <summary>How a reader group's connects went.</summary>
internal sealed record ConnectResult(int Connected, int Failures, string? FirstFailure);
