namespace LiveWire.Contracts;

/// <summary>
/// Corrects a published development: its fields are replaced and its revision rises by one.
/// </summary>
public sealed record CorrectDevelopment : DevelopmentContent
{
    /// <summary>
    /// The revision this correction creates, when the sender knows it: the same correction sent twice with the same
    /// revision is committed once. Left out, a redelivered bus message is still committed once.
    /// </summary>
    public int? Revision { get; init; }
}
