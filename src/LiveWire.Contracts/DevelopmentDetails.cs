namespace LiveWire.Contracts;

/// <summary>
/// A development's content fields, named and meant the same wherever they appear: in what the newsroom's HTTP API
/// takes, what the timeline stores, the <see cref="TimelineEvent"/> readers get and a development's state in a
/// <see cref="TopicSnapshot"/> (<see cref="TopicDevelopment"/>). A field added here reaches all of them, and every
/// timeline store, through <see cref="CopyContentTo{T}"/>. The bus input (<see cref="DevelopmentContent"/>) keeps its
/// own declarations: it derives from <see cref="DevelopmentChange"/>, and a bus message's type hierarchy does not move.
/// </summary>
/// <remarks>
/// System.Text.Json writes these properties after the derived type's own. Readers look fields up by name (JSON and
/// MessagePack both carry names), so the order is not part of the contract.
/// </remarks>
public abstract record DevelopmentDetails
{
    /// <summary>1 to 200 characters (absent on <c>retracted</c>).</summary>
    public string? Headline { get; init; }

    /// <summary>
    /// Plain text or the safe HTML subset, up to 16 KiB of UTF-8; everything else is removed before it is stored, so
    /// readers get it sanitised.
    /// </summary>
    public string? Body { get; init; }

    /// <summary><c>normal</c> (the default) or <c>breaking</c>.</summary>
    public string? Priority { get; init; }

    /// <summary>Who wrote it: up to 100 characters.</summary>
    public string? Author { get; init; }

    /// <summary>Its tags: up to 10, of up to 32 characters each.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>
    /// A copy of <paramref name="target"/> with these content fields in place of its own: the one copy of them
    /// between the stored, event and state shapes.
    /// </summary>
    /// <typeparam name="T">The target's type, which the copy keeps.</typeparam>
    /// <param name="target">The record whose other fields the copy keeps.</param>
    public T CopyContentTo<T>(T target)
        where T : DevelopmentDetails =>
        // A with-expression on the base type clones the target's own type (records clone virtually), so the cast holds.
        (T)(((DevelopmentDetails)target) with
        {
            Headline = Headline,
            Body = Body,
            Priority = Priority,
            Author = Author,
            Tags = Tags,
        });
}
