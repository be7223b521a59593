using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Contracts;
using LiveWire.Core.Telemetry;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>
/// A change keeps one bus message from acceptance to commit. The broker takes a pin, and its confirm never comes back
/// (the return path through a <see cref="LoopbackProxy"/> drops every byte): the caller gets a <c>503</c> that says the
/// change may still commit; its retry with the same <c>Idempotency-Key</c> is the same message, and the timeline holds
/// one pin, not two.
/// </summary>
public sealed class OneChangeOneMessageTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;
    private LoopbackProxy _broker = null!;
    private LiveWireNode _server = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LiveWireCluster.StartAsync(servers: 0, workers: 1);
        var amqp = _cluster.VirtualHost!.AmqpUri;
        _broker = LoopbackProxy.Start(new Uri($"http://{amqp.Host}:{amqp.Port}"));
        _server = await _cluster.AddServerAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = new UriBuilder(amqp) { Port = _broker.Url.Port }.Uri.ToString(),
            ["LiveWire:Ingestion:SendTimeout"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Theory]
    [InlineData("pin")]
    [InlineData("correction")]
    public async Task A_change_whose_publisher_confirm_was_lost_commits_once_when_retried_with_its_key(string change)
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = _cluster.CreateNewsroomClient(_server);
        using var worker = new NodeMetrics(_cluster.Workers[0]);
        await newsroom.PostAsync(topic, "d1");
        await newsroom.WaitForSeqAsync(topic, 1);

        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Request() => change == "pin"
            ? new HttpRequestMessage(HttpMethod.Put, $"/api/topics/{topic}/developments/d1/pin") { Headers = { { "Idempotency-Key", key } } }
            : new HttpRequestMessage(HttpMethod.Put, $"/api/topics/{topic}/developments/d1")
            {
                Headers = { { "Idempotency-Key", key } },
                Content = JsonContent.Create(new { headline = "Corrected once", body = "<p>Only once.</p>" }),
            };

        _broker.MuteReplies();
        using (var first = await newsroom.SendAsync(Request()))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Assert.NotNull(first.Headers.RetryAfter);
            var problem = await first.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("commit-uncertain", problem.GetProperty("code").GetString());
        }

        // The broker did take it: the worker commits it although the caller heard 503.
        await newsroom.WaitForSeqAsync(topic, 2);

        _broker.Cut();
        _broker.Restore();
        HttpStatusCode retried = 0;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var retry = await newsroom.SendAsync(Request());
                retried = retry.StatusCode;
                return retried != HttpStatusCode.ServiceUnavailable;
            },
            TestTimeouts.Delivery,
            "the retry to get an answer once the broker's replies come through again");
        Assert.Equal(HttpStatusCode.Accepted, retried);

        await Eventually.HoldsAsync(
            () => worker.Total(LiveWireTelemetry.Instruments.EventsDuplicate) + worker.Total(LiveWireTelemetry.Instruments.EventsSuperseded) >= 1,
            TestTimeouts.Delivery,
            "the retry to reach the worker and be recognised as the change it already committed");
        var page = await newsroom.GetEventsAsync(topic);
        var kinds = page.Events.Select(e => e.Kind).ToArray();
        Assert.Equal([EventKinds.Published, change == "pin" ? EventKinds.Pinned : EventKinds.Corrected], kinds);
    }

    [Fact]
    public async Task Calls_with_one_key_at_once_run_once_and_the_others_are_told_it_is_in_progress()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = _cluster.CreateNewsroomClient(_server);
        await newsroom.PostAsync(topic, "d1");
        await newsroom.WaitForSeqAsync(topic, 1);
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Pin() => new(HttpMethod.Put, $"/api/topics/{topic}/developments/d1/pin") { Headers = { { "Idempotency-Key", key } } };

        // The broker does not answer: the call that holds the key waits its SendTimeout (1 s), the others meanwhile
        // are refused at once.
        _broker.MuteReplies();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await newsroom.SendAsync(Pin());
            return response.StatusCode;
        }));
        Assert.Equal(1, answers.Count(status => status == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(3, answers.Count(status => status == HttpStatusCode.Conflict));

        // The 503 let the key go: the retry runs, and the pin commits once.
        _broker.Cut();
        _broker.Restore();
        await Eventually.HoldsAsync(
            async () =>
            {
                using var retry = await newsroom.SendAsync(Pin());
                return retry.StatusCode == HttpStatusCode.Accepted;
            },
            TestTimeouts.Delivery,
            "the retry after the 503 to run and be accepted");
        await newsroom.WaitForSeqAsync(topic, 2);
        Assert.Equal([EventKinds.Published, EventKinds.Pinned], (await newsroom.GetEventsAsync(topic)).Events.Select(e => e.Kind));
    }
}
