namespace LiveWire.Core.Idempotency;

/// <summary>What <see cref="IIdempotencyStore.BeginAsync"/> found.</summary>
/// <param name="Started">True when this request holds the key now and must complete or abandon it.</param>
/// <param name="Completed">The first answer, when an earlier request with the key has finished.</param>
public sealed record IdempotencyLookup(bool Started, StoredResponse? Completed)
{
    /// <summary>This request holds the key.</summary>
    public static readonly IdempotencyLookup Begun = new(true, null);

    /// <summary>Another request holds the key and has not finished.</summary>
    public static readonly IdempotencyLookup InProgress = new(false, null);
}
