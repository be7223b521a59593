using LiveWire.Core.Options;
using LiveWire.Core.Timeline;
using LiveWire.Testing;
using StackExchange.Redis;

namespace LiveWire.Redis.Tests;

public sealed class RedisTimelineStoreTests : TimelineStoreConformanceTests, IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);

    public async Task DisposeAsync() => await _redis!.DisposeAsync();

    // A key prefix per store keeps tests apart on the one shared Redis.
    protected override ITimelineStore CreateStore(TimelineOptions options) =>
        new RedisTimelineStore(
            _redis!,
            new RedisKeys("t" + Guid.NewGuid().ToString("N")[..12]),
            Microsoft.Extensions.Options.Options.Create(options),
            Microsoft.Extensions.Options.Options.Create(new LiveWireRedisOptions()));
}
