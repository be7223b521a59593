using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace LiveWire.Testing;

/// <summary>
/// A RabbitMQ virtual host of its own for one test, made and removed through the management API, so tests that
/// run side by side never see each other's queues.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _management;

    private RabbitMqVirtualHost(HttpClient management, string name)
    {
        _management = management;
        Name = name;
    }

    /// <summary>The virtual host's name.</summary>
    public string Name { get; }

    /// <summary>The AMQP address of the virtual host.</summary>
    public Uri AmqpUri => new UriBuilder(TestServers.RabbitMq) { Path = "/" + Uri.EscapeDataString(Name) }.Uri;

    /// <summary>Makes the virtual host and gives <c>guest</c> every permission on it.</summary>
    public static async Task<RabbitMqVirtualHost> CreateAsync(string name)
    {
        var management = new HttpClient { BaseAddress = TestServers.RabbitMqManagement, Timeout = TestTimeouts.Startup };
        management.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        var escaped = Uri.EscapeDataString(name);
        (await management.PutAsJsonAsync($"api/vhosts/{escaped}", new { })).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync(
            $"api/permissions/{escaped}/guest",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new RabbitMqVirtualHost(management, name);
    }

    /// <summary>What the management API says of <paramref name="kind"/> (<c>queues</c>, <c>exchanges</c>) <paramref name="name"/>; null when it does not exist.</summary>
    public async Task<System.Text.Json.JsonElement?> GetAsync(string kind, string name)
    {
        using var response = await _management.GetAsync($"api/{kind}/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(name)}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>() : null;
    }

    /// <summary>How many messages wait in <paramref name="queue"/> (as of the broker's last statistics).</summary>
    public async Task<int> GetQueueDepthAsync(string queue)
    {
        var response = await _management.GetAsync($"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        var info = await response.Content.ReadFromJsonAsync<QueueInfo>();
        return info?.Messages ?? 0;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
        }
        finally
        {
            _management.Dispose();
        }
    }

    private sealed record QueueInfo(int Messages);
}
