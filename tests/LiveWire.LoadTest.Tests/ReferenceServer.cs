using LiveWire.LoadTest.References;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.LoadTest.Tests;

/// <summary>A web app of the tests on a free loopback port: a reference server, or a faulty one.</summary>
internal sealed class ReferenceServer(WebApplication app) : IAsyncDisposable
{
    public Uri Url { get; } = new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    public static Task<ReferenceServer> StartAsync(string kind) => StartAsync(ReferenceServers.Build(kind, Urls));

    public static async Task<ReferenceServer> StartAsync(WebApplication app)
    {
        await app.StartAsync().WaitAsync(LiveWire.Testing.TestTimeouts.Startup);
        return new ReferenceServer(app);
    }

    public static readonly string[] Urls = ["--urls", "http://127.0.0.1:0"];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().WaitAsync(LiveWire.Testing.TestTimeouts.Startup);
        await app.DisposeAsync();
    }
}
