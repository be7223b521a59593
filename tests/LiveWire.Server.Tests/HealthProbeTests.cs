using LiveWire.Hosting;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>The <c>--probe URL</c> mode the compose health checks run: 0 for a live node, 1 for anything else.</summary>
public sealed class HealthProbeTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartEmbeddedAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_probe_of_a_live_node_exits_0_and_of_a_missing_page_or_a_closed_port_exits_1()
    {
        var node = _cluster.Servers[0].Url;

        Assert.Equal(0, await HealthProbe.RunAsync(new Uri(node, "/health/live")).WaitAsync(TestTimeouts.Delivery));
        Assert.Equal(0, await HealthProbe.RunAsync(new Uri(node, "/health/ready")).WaitAsync(TestTimeouts.Delivery));
        Assert.Equal(1, await HealthProbe.RunAsync(new Uri(node, "/health/nothing-here")).WaitAsync(TestTimeouts.Delivery));
        Assert.Equal(1, await HealthProbe.RunAsync(new Uri("http://127.0.0.1:1/health/live")).WaitAsync(TestTimeouts.Delivery));
    }

    [Theory]
    [InlineData(new[] { "--probe", "http://localhost:8080/health/live" }, true)]
    [InlineData(new[] { "--probe" }, false)]
    [InlineData(new[] { "--probe", "not a url" }, false)]
    [InlineData(new[] { "--probe", "file:///etc/passwd" }, false)]
    [InlineData(new[] { "--urls", "http://localhost:8080" }, false)]
    public void Only_probe_followed_by_an_http_url_is_a_probe(string[] args, bool isProbe) =>
        Assert.Equal(isProbe, HealthProbe.Target(args) is not null);
}
