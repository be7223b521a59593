using LiveWire.Contracts;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

/// <summary>The embedded default: one Server with no Redis or RabbitMQ, the ingestion in-process.</summary>
public sealed class EmbeddedDefaultTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartEmbeddedAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task With_no_connection_strings_a_post_reaches_a_subscribed_reader_and_the_history()
    {
        var server = _cluster.Servers[0];
        var topic = Newsroom.NewTopic();
        await using var reader = LiveWireCluster.CreateHubConnection(server);
        var received = new EventRecorder(reader);
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
        await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)0).Within(TestTimeouts.Delivery, "Subscribe");

        using var newsroom = _cluster.CreateNewsroomClient(server);
        await newsroom.PostAsync(topic, "embedded", "Works with nothing installed");

        await received.WaitForAsync(topic, e => e.Id == "embedded", TestTimeouts.Delivery, "the event");
        var history = await newsroom.GetEventsAsync(topic);
        Assert.Equal("Works with nothing installed", Assert.Single(history.Events).Headline);
    }

    [Fact]
    public async Task The_live_page_and_the_widget_are_served_with_nothing_installed()
    {
        using var client = _cluster.CreateClient(_cluster.Servers[0]);

        var page = await client.GetStringAsync("/");
        var script = await client.GetStringAsync("/livewire.js");

        Assert.Contains("data-livewire-topic=\"demo-story\"", page);
        Assert.Contains("<script src=\"/livewire.js\" defer></script>", page);
        Assert.Contains("/hubs/live", script);
    }
}
