namespace LiveWire.LoadTest.References;

/// <summary>What the tool posts, as the references read it (the fields LiveWire's events carry from a publish).</summary>
internal sealed record BenchDevelopment(string? Id, string Headline, string? Body, string? Priority);
