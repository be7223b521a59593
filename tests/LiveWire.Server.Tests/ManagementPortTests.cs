using System.Net;
using LiveWire.Hosting;
using LiveWire.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LiveWire.Server.Tests;

/// <summary>
/// With <c>LiveWire:Management:Port</c> set, <c>/metrics</c> answers on that port only, so nothing that exposes the
/// public port to readers (a route, a balancer) exposes the metrics; both hosts' ways of naming their public port
/// (<c>--urls</c> in development, <c>ASPNETCORE_HTTP_PORTS</c> in the image) keep working beside it.
/// </summary>
public sealed class ManagementPortTests
{
    [Theory]
    [InlineData("urls")]
    [InlineData("http_ports")]
    public async Task The_public_port_does_not_serve_metrics_and_the_management_port_does(string publicPortSetting)
    {
        var publicPort = NodeProcess.FreePort();
        var managementPort = NodeProcess.FreePort();
        var settings = new Dictionary<string, string?>(LiveWireCluster.AuthSettings.Concat(LiveWireCluster.LoopbackLimits))
        {
            [publicPortSetting] = publicPortSetting == "urls" ? $"http://127.0.0.1:{publicPort}" : $"{publicPort}",
            [$"{ManagementOptions.SectionName}:Port"] = $"{managementPort}",
        };
        await using var app = await StartServerAsync(settings);
        using var http = new HttpClient { Timeout = TestTimeouts.Delivery };
        var publicUrl = new Uri($"http://127.0.0.1:{publicPort}/");
        var managementUrl = new Uri($"http://127.0.0.1:{managementPort}/");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(publicUrl, "/health/live"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(publicUrl, "/metrics"))).StatusCode);
        // The Host header is the client's to write: naming the management port in it changes nothing.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri(publicUrl, "/metrics"));
        spoofed.Headers.Host = $"127.0.0.1:{managementPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);

        using var metrics = await http.GetAsync(new Uri(managementUrl, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE ", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(managementUrl, "/health/live"))).StatusCode);
    }

    [Fact]
    public async Task Without_a_management_port_the_node_serves_metrics_on_its_own_port()
    {
        var port = NodeProcess.FreePort();
        var settings = new Dictionary<string, string?>(LiveWireCluster.AuthSettings.Concat(LiveWireCluster.LoopbackLimits))
        {
            ["urls"] = $"http://127.0.0.1:{port}",
        };
        await using var app = await StartServerAsync(settings);
        using var http = new HttpClient { Timeout = TestTimeouts.Delivery };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/metrics")).StatusCode);
    }

    // A Server composed as Program.cs does, its addresses from configuration alone (as a process gets them from
    // --urls or ASPNETCORE_HTTP_PORTS), not from UseUrls as LiveWireCluster's nodes.
    private static async Task<WebApplication> StartServerAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddLiveWireServer();
        var app = builder.Build();
        app.MapLiveWireServer();
        using var cts = new CancellationTokenSource(TestTimeouts.Startup);
        await app.StartAsync(cts.Token);
        return app;
    }
}
