using LiveWire.Testing;

namespace LiveWire.Redis.Tests;

/// <summary>The fan-out on the Redis backplane: events fanned out on one Server reach the readers of another.</summary>
public sealed class BackplaneFanOutTests : FanOutConformanceTests
{
    protected override Task<LiveWireCluster> StartClusterAsync() => LiveWireCluster.StartAsync(servers: 2, workers: 0);
}
