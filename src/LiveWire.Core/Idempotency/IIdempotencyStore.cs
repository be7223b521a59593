namespace LiveWire.Core.Idempotency;

/// <summary>
/// Remembers the first answer to each <c>Idempotency-Key</c> for a while, so a newsroom tool may retry any call
/// safely: the repeat gets the first answer and commits nothing new.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Takes <paramref name="key"/> for this request for up to <paramref name="lease"/> (it is free again after that,
    /// should the request never end), or says who has it.
    /// </summary>
    Task<IdempotencyLookup> BeginAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Stores the answer of the request that took <paramref name="key"/>.</summary>
    Task CompleteAsync(string key, StoredResponse response, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Lets <paramref name="key"/> go without an answer (the request failed and may be retried).</summary>
    Task AbandonAsync(string key, CancellationToken cancellationToken);
}
