using Xunit;

namespace LiveWire.Testing;

/// <summary>A cluster of one Server and one Ingestion worker (or more, see <see cref="Workers"/>), shared by the tests of one class (each uses topics of its own).</summary>
public class ClusterFixture : IAsyncLifetime
{
    private LiveWireCluster? _cluster;

    /// <summary>The running cluster.</summary>
    public LiveWireCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>Settings on top of the cluster's own, for fixtures that need other limits.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The Ingestion workers to start: one unless a fixture needs competing consumers.</summary>
    protected virtual int Workers => 1;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => _cluster = await StartClusterAsync();

    /// <summary>Starts the cluster: by default on the shared Redis and RabbitMQ; a fixture may start another kind.</summary>
    protected virtual Task<LiveWireCluster> StartClusterAsync() => LiveWireCluster.StartAsync(servers: 1, workers: Workers, Settings);

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
