using LiveWire.Core.Idempotency;
using LiveWire.Testing;
using StackExchange.Redis;

namespace LiveWire.Redis.Tests;

/// <summary>
/// A key taken by a call that never ends (its node crashed mid-request) is free again once its lease runs out, not
/// after the answer's 24 hours; a completed call's answer stays for the retention.
/// </summary>
public sealed class RedisIdempotencyStoreTests : IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);

    public async Task DisposeAsync() => await _redis!.DisposeAsync();

    [Fact]
    public async Task A_key_whose_call_never_ended_is_free_once_its_lease_runs_out()
    {
        var store = new RedisIdempotencyStore(_redis!, new RedisKeys("t" + Guid.NewGuid().ToString("N")[..12]));
        var lease = TimeSpan.FromSeconds(1);

        Assert.True((await store.BeginAsync("PUT /pin k1", lease, CancellationToken.None)).Started);
        Assert.False((await store.BeginAsync("PUT /pin k1", lease, CancellationToken.None)).Started);
        await Eventually.HoldsAsync(
            async () => (await store.BeginAsync("PUT /pin k1", lease, CancellationToken.None)).Started,
            TimeSpan.FromSeconds(10),
            "the lease of the crashed call to run out");

        await store.CompleteAsync("PUT /pin k1", new StoredResponse(202, "application/json", "{}"), TimeSpan.FromHours(24), CancellationToken.None);
        var replay = await store.BeginAsync("PUT /pin k1", lease, CancellationToken.None);
        Assert.Equal(202, replay.Completed?.StatusCode);
    }
}
