using LiveWire.Realtime;
using LiveWire.Redis;
using LiveWire.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveWire.Server.Tests;

/// <summary>
/// Each host runs what it needs: readers connect to Servers only, so the reader side (the flush of their acks, their
/// counts shared through Redis, the count of them an event reached) runs on Servers and never on an Ingestion worker.
/// </summary>
public sealed class HostedServicesTests
{
    private static readonly Type[] ReaderSide = [typeof(DeliveryFlushService), typeof(ReaderTallyPublisher), typeof(FanOutNotices)];

    [Fact]
    public async Task An_ingestion_worker_runs_the_consumers_heartbeat_and_error_queue_monitor_and_nothing_of_the_reader_side()
    {
        await using var cluster = await LiveWireCluster.StartAsync(servers: 0, workers: 1);

        var running = HostedServicesOf(cluster.Workers[0]);

        Assert.Empty(running.Intersect(ReaderSide));
        Assert.Contains(running, type => type.Name == "ErrorQueueMonitor");
        Assert.Contains(running, type => type.Name == "NodeHeartbeat");
        Assert.Contains(running, type => type.Namespace?.StartsWith("MassTransit", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_server_on_Redis_runs_the_whole_reader_side_and_no_error_queue_monitor()
    {
        await using var cluster = await LiveWireCluster.StartAsync(servers: 1, workers: 0);

        var running = HostedServicesOf(cluster.Servers[0]);

        Assert.All(ReaderSide, type => Assert.Contains(type, running));
        Assert.DoesNotContain(running, type => type.Name == "ErrorQueueMonitor");
        Assert.Contains(running, type => type.Name == "NodeHeartbeat");
    }

    [Fact]
    public async Task An_embedded_server_flushes_its_readers_acks_and_has_no_Redis_side_to_run()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync();

        var running = HostedServicesOf(cluster.Servers[0]);

        Assert.Contains(typeof(DeliveryFlushService), running);
        Assert.DoesNotContain(typeof(ReaderTallyPublisher), running);
        Assert.DoesNotContain(typeof(FanOutNotices), running);
    }

    private static IReadOnlyList<Type> HostedServicesOf(LiveWireNode node) =>
        [.. node.Services.GetServices<IHostedService>().Select(service => service.GetType())];
}
