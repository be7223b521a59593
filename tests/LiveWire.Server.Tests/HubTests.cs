using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Security;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

public sealed class HubTests(HubTests.Fixture fixture) : IClassFixture<HubTests.Fixture>
{
    public sealed class Fixture : ClusterFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [$"{LimitsOptions.SectionName}:MaxSubscriptionsPerConnection"] = "2",
        };
    }

    private LiveWireCluster Cluster => fixture.Cluster;

    private async Task<HubConnection> ConnectAsync(string? token = null)
    {
        var connection = LiveWireCluster.CreateHubConnection(Cluster.Servers[0], token);
        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
        return connection;
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("")]
    [InlineData("demo-story\n")]
    [InlineData("demo-st\u043Ery")]
    [InlineData("demo/story")]
    [InlineData("..")]
    [InlineData("a0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task Subscribing_to_a_bad_topic_name_fails_with_invalid_topic(string topic)
    {
        await using var connection = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null));

        Assert.StartsWith("invalid-topic:", error.Message.Split("HubException: ").Last());
    }

    [Fact]
    public async Task A_private_topic_needs_a_token_that_names_it()
    {
        var topic = "private-" + Newsroom.NewTopic();
        await using var anonymous = await ConnectAsync();
        await using var otherTopic = await ConnectAsync(Cluster.IssueToken([], ["private-other"]));
        await using var granted = await ConnectAsync(Cluster.IssueToken([], [topic]));
        await using var everything = await ConnectAsync(Cluster.IssueToken([], ["*"]));

        foreach (var refused in new[] { anonymous, otherTopic })
        {
            var error = await Assert.ThrowsAsync<HubException>(() => refused.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null));
            Assert.Contains("forbidden:", error.Message);
        }

        Assert.Equal(topic, (await granted.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null)).Topic);
        Assert.Equal(topic, (await everything.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null)).Topic);
    }

    [Fact]
    public async Task A_connection_past_its_subscription_limit_is_refused_until_it_unsubscribes()
    {
        await using var connection = await ConnectAsync();
        var (one, two, three) = (Newsroom.NewTopic(), Newsroom.NewTopic(), Newsroom.NewTopic());
        await connection.InvokeAsync<SubscribeResult>("Subscribe", one, (long?)null);
        await connection.InvokeAsync<SubscribeResult>("Subscribe", two, (long?)null);

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<SubscribeResult>("Subscribe", three, (long?)null));
        await connection.InvokeAsync<SubscribeResult>("Subscribe", two, (long?)null); // again: no new subscription
        await connection.InvokeAsync("Unsubscribe", one);
        var afterUnsubscribe = await connection.InvokeAsync<SubscribeResult>("Subscribe", three, (long?)null);

        Assert.Contains("too-many-subscriptions:", error.Message);
        Assert.Equal(three, afterUnsubscribe.Topic);
    }

    [Fact]
    public async Task An_unsubscribed_reader_gets_no_more_events_of_that_topic()
    {
        var (left, kept) = (Newsroom.NewTopic(), Newsroom.NewTopic());
        await using var connection = await ConnectAsync();
        var received = new EventRecorder(connection);
        await connection.InvokeAsync<SubscribeResult>("Subscribe", left, (long?)null);
        await connection.InvokeAsync<SubscribeResult>("Subscribe", kept, (long?)null);
        await connection.InvokeAsync("Unsubscribe", left);

        using var newsroom = Cluster.CreateClient(Cluster.Servers[0], TopicAccess.NewsroomRole);
        await newsroom.PostAsync(left, "unheard");
        await newsroom.PostAsync(kept, "heard");

        // Both posts go through one queue in order; once the second has arrived, the first would have too.
        await Eventually.HoldsAsync(async () => (await newsroom.GetEventsAsync(left)).LatestSeq == 1, TestTimeouts.Delivery, "the unheard post to commit");
        await received.WaitForAsync(kept, e => e.Id == "heard", TestTimeouts.Delivery, "the kept topic's event");
        Assert.Empty(received.For(left));
    }
}
