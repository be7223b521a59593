using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Core.Timeline;
using LiveWire.Testing;
using StackExchange.Redis;

namespace LiveWire.Redis.Tests;

public sealed class RedisAcceptLedgerTests : AcceptLedgerConformanceTests, IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);

    public async Task DisposeAsync() => await _redis!.DisposeAsync();

    // A key prefix per test keeps tests apart on the one shared Redis; the ledger and the store share it.
    protected override (ITimelineStore Store, IAcceptLedger Ledger) Create(TimelineOptions options)
    {
        var keys = new RedisKeys("l" + Guid.NewGuid().ToString("N")[..12]);
        var timeline = Microsoft.Extensions.Options.Options.Create(options);
        return (
            new RedisTimelineStore(_redis!, keys, timeline, Microsoft.Extensions.Options.Options.Create(new LiveWireRedisOptions())),
            new RedisAcceptLedger(_redis!, keys, timeline));
    }
}
