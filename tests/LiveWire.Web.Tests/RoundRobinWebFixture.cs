namespace LiveWire.Web.Tests;

/// <summary>
/// Two Server nodes behind the project's nginx configuration with its affinity taken out: plain round robin, as a CDN
/// or a balancer without sticky sessions gives. Every request of a page may reach either node.
/// </summary>
public sealed class RoundRobinWebFixture : WebFixture
{
    private NginxBalancer? _balancer;

    /// <summary>nginx in front of both nodes.</summary>
    public NginxBalancer Balancer => _balancer ?? throw new InvalidOperationException("The balancer has not started.");

    /// <summary>The address of <paramref name="path"/> through the balancer.</summary>
    public string BalancedUrl(string path) => new Uri(Balancer.Url, path).ToString();

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Cluster.AddServerAsync();
        _balancer = await NginxBalancer.StartAsync(Cluster.Servers[0].Url, Cluster.Servers[1].Url, affinity: false);
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
