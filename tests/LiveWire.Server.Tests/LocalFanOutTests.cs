using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>The fan-out without a backplane (the embedded default): one Server, SignalR's own lifetime manager.</summary>
public sealed class LocalFanOutTests : FanOutConformanceTests
{
    protected override Task<LiveWireCluster> StartClusterAsync() => LiveWireCluster.StartEmbeddedAsync();
}
