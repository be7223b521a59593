using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

public sealed class RetentionTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 1, workers: 1, new Dictionary<string, string?>
    {
        [$"{TimelineOptions.SectionName}:MaxEvents"] = "10",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_resume_from_a_seq_no_longer_retained_is_told_reset_on_the_hub_and_over_http()
    {
        var server = _cluster.Servers[0];
        using var newsroom = _cluster.CreateNewsroomClient(server);
        var topic = Newsroom.NewTopic();
        for (var i = 1; i <= 15; i++)
        {
            await newsroom.PostAsync(topic, $"d{i}");
        }

        await newsroom.WaitForSeqAsync(topic, 15);
        await using var reader = LiveWireCluster.CreateHubConnection(server);
        var received = new EventRecorder(reader);
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect");

        var tooOld = await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)2).Within(TestTimeouts.Delivery, "Subscribe from 2");
        var overHttp = await newsroom.GetEventsAsync(topic, after: 2);
        var stillRetained = await newsroom.GetEventsAsync(topic, after: 5);

        Assert.Equal((true, 0, 15L), (tooOld.Reset, tooOld.Replayed, tooOld.LatestSeq));
        // Nothing replayed; seq 15's own fan-out may still be on its way after its commit, and reach the new member.
        Assert.All(received.For(topic), e => Assert.Equal(15L, e.Seq));
        Assert.True(overHttp.Reset);
        Assert.Empty(overHttp.Events);
        Assert.False(stillRetained.Reset);
        Assert.Equal(Enumerable.Range(6, 10).Select(i => (long)i), stillRetained.Events.Select(e => e.Seq));

        // The state a reset reader reloads still has every development, and the seq to go on from.
        var state = await newsroom.GetTopicAsync(topic);
        Assert.Equal((15L, 15), (state.LatestSeq, state.Developments.Count));
    }
}
