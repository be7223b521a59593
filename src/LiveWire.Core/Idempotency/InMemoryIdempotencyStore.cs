using System.Collections.Concurrent;

namespace LiveWire.Core.Idempotency;

/// <summary>The embedded default: keys kept in this process.</summary>
public sealed class InMemoryIdempotencyStore(TimeProvider timeProvider) : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IdempotencyLookup> BeginAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        while (true)
        {
            if (_entries.TryAdd(key, new Entry(null, now + lease)))
            {
                return Task.FromResult(IdempotencyLookup.Begun);
            }

            if (!_entries.TryGetValue(key, out var entry))
            {
                continue;
            }

            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                continue;
            }

            return Task.FromResult(entry.Response is { } response ? new IdempotencyLookup(false, response) : IdempotencyLookup.InProgress);
        }
    }

    /// <inheritdoc />
    public Task CompleteAsync(string key, StoredResponse response, TimeSpan retention, CancellationToken cancellationToken)
    {
        _entries[key] = new Entry(response, timeProvider.GetUtcNow() + retention);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbandonAsync(string key, CancellationToken cancellationToken)
    {
        _entries.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private sealed record Entry(StoredResponse? Response, DateTimeOffset ExpiresAt);
}
