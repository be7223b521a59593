using Microsoft.AspNetCore.Builder;

namespace LiveWire.Testing;

/// <summary>One running LiveWire host (a Server or an Ingestion worker) on a real loopback port.</summary>
public sealed class LiveWireNode(WebApplication app, Uri url) : IAsyncDisposable
{
    /// <summary>The node's base address.</summary>
    public Uri Url { get; } = url;

    /// <summary>The node's services.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>Stops the node as a deployment would (graceful shutdown).</summary>
    public async Task StopAsync()
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Startup);
        await app.StopAsync(cts.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }
}
