using LiveWire.Contracts;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

/// <summary>
/// The hub waits <see cref="HubLimitsOptions.ClientTimeout"/> (60 s) to hear from a connection, twice SignalR's
/// default, since the official clients ping every 30 s; and it does close one it stops hearing from.
/// </summary>
public sealed class ClientTimeoutTests
{
    [Fact]
    public async Task A_reader_silent_for_longer_than_SignalRs_default_timeout_stays_connected_and_served()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync();
        var node = cluster.Servers[0];
        var topic = Newsroom.NewTopic("quiet");
        await using var reader = SilentReader(node);
        var events = new EventRecorder(reader);
        var closed = Closed(reader);
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
        await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L).Within(TestTimeouts.Delivery, "subscribe");

        // SignalR's default would have closed it after 30 s of silence.
        var silence = TimeSpan.FromSeconds(40);
        Assert.NotSame(closed, await Task.WhenAny(closed, Task.Delay(silence)));

        using var newsroom = cluster.CreateNewsroomClient(node);
        await newsroom.PostAsync(topic, "after-the-silence");
        await events.WaitForAsync(topic, e => e.Id == "after-the-silence", TestTimeouts.Delivery, "the post at the reader that kept silent");
    }

    [Fact]
    public async Task A_connection_the_node_hears_nothing_from_for_the_client_timeout_is_closed()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync(new Dictionary<string, string?>
        {
            [$"{HubLimitsOptions.SectionName}:{nameof(HubLimitsOptions.ClientTimeout)}"] = "00:00:05",
        });
        await using var reader = SilentReader(cluster.Servers[0]);
        var closed = Closed(reader);
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect");

        // Closed by the node, with an error: the reader itself never stopped.
        Assert.NotNull(await closed.Within(TestTimeouts.Delivery, "the node to close the silent connection"));
    }

    /// <summary>A hub connection that sends nothing after its handshake: no call, no ping.</summary>
    private static HubConnection SilentReader(LiveWireNode node)
    {
        var connection = LiveWireCluster.CreateHubConnection(node);
        connection.KeepAliveInterval = TimeSpan.FromHours(1);
        connection.ServerTimeout = TimeSpan.FromHours(2);
        return connection;
    }

    private static Task<Exception?> Closed(HubConnection connection)
    {
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
