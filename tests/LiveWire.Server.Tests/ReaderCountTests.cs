using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

public sealed class ReaderCountTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 1, new Dictionary<string, string?>
    {
        [$"{PresenceOptions.SectionName}:PublishInterval"] = "00:00:00.100",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_topic_list_and_state_count_current_readers_across_all_nodes()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);
        await newsroom.PostAsync(topic, "a");
        await newsroom.WaitForSeqAsync(topic, 1);
        async Task<long> ListedReaders() =>
            (await newsroom.GetFromJsonAsync<List<JsonElement>>("/api/topics"))!
                .Single(t => t.GetProperty("topic").GetString() == topic).GetProperty("readers").GetInt64();

        var readers = new List<HubConnection>();
        foreach (var node in new[] { _cluster.Servers[0], _cluster.Servers[1], _cluster.Servers[1] })
        {
            var reader = LiveWireCluster.CreateHubConnection(node);
            await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
            await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");
            readers.Add(reader);
        }

        await Eventually.HoldsAsync(async () => await ListedReaders() == 3, TestTimeouts.Delivery, "3 readers in the topic list");
        Assert.Equal(3, (await newsroom.GetTopicAsync(topic)).Readers);

        await readers[1].DisposeAsync();
        await readers[0].InvokeAsync("Unsubscribe", topic);
        await Eventually.HoldsAsync(async () => await ListedReaders() == 1, TestTimeouts.Delivery, "1 reader left");

        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }
}
