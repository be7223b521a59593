using LiveWire.Core.Delivery;
using LiveWire.Core.Options;
using LiveWire.Testing;
using StackExchange.Redis;

namespace LiveWire.Redis.Tests;

public sealed class RedisDeliveryStoreTests : DeliveryStoreConformanceTests, IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);

    public async Task DisposeAsync() => await _redis!.DisposeAsync();

    // A key prefix per store keeps tests apart on the one shared Redis.
    protected override IDeliveryStore CreateStore() =>
        new RedisDeliveryStore(
            _redis!,
            new RedisKeys("t" + Guid.NewGuid().ToString("N")[..12]),
            Microsoft.Extensions.Options.Options.Create(new DeliveryOptions()));
}
