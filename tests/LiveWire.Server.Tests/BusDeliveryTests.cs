using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Telemetry;
using LiveWire.Realtime;
using LiveWire.Testing;
using MassTransit;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Tests;

/// <summary>What the bus may do to a message (redeliver it, fail it) and what a CMS may put on it directly.</summary>
public sealed class BusDeliveryTests(BusDeliveryTests.Fixture fixture) : IClassFixture<BusDeliveryTests.Fixture>
{
    public sealed class Fixture : ClusterFixture
    {
        // Short retries, so a message that keeps failing reaches the error queue within the test's patience.
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [$"{IngestionOptions.SectionName}:RetryIntervals:0"] = "00:00:00.050",
            [$"{IngestionOptions.SectionName}:RetryIntervals:1"] = "00:00:00.100",
        };
    }

    private LiveWireCluster Cluster => fixture.Cluster;

    private IBus Bus => Cluster.Servers[0].Services.GetRequiredService<IBus>();

    [Fact]
    public void Neither_a_server_nor_a_worker_reports_its_bus_to_the_bus_vendor()
    {
        foreach (var node in Cluster.Servers.Concat(Cluster.Workers))
        {
            Assert.False(node.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
        }
    }

    [Fact]
    public async Task The_same_message_delivered_twice_by_the_bus_becomes_one_event()
    {
        using var worker = new NodeMetrics(Cluster.Workers[0]);
        var topic = Newsroom.NewTopic();
        var messageId = NewId.NextGuid();
        var endpoint = await Bus.GetSendEndpoint(new Uri("exchange:livewire-timeline"));
        var message = new PublishDevelopment { Topic = topic, Headline = "Sent twice", AcceptedAt = DateTimeOffset.UtcNow };

        // No id in the message: the ingestion derives it from the message id, so both deliveries name one development.
        await endpoint.Send(message, context => context.MessageId = messageId);
        await endpoint.Send(message, context => context.MessageId = messageId);

        await Eventually.HoldsAsync(
            () => worker.Total(LiveWireTelemetry.Instruments.EventsDuplicate) >= 1,
            TestTimeouts.Delivery,
            "the second delivery to be recognised as a duplicate");
        using var reader = Cluster.CreateClient(Cluster.Servers[0]);
        var page = await reader.GetEventsAsync(topic);
        var only = Assert.Single(page.Events);
        Assert.Equal((1L, 1L, "Sent twice"), (page.LatestSeq, only.Seq, only.Headline));
        Assert.Equal(1, worker.Total(LiveWireTelemetry.Instruments.EventsCommitted));
    }

    [Fact]
    public async Task A_cms_that_publishes_PublishDevelopment_on_the_bus_reaches_readers_like_a_post()
    {
        var topic = Newsroom.NewTopic();
        await using var connection = LiveWireCluster.CreateHubConnection(Cluster.Servers[0]);
        var received = new EventRecorder(connection);
        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
        await connection.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");

        await Bus.Publish(new PublishDevelopment
        {
            Topic = topic,
            Id = "from-cms",
            Headline = "Published by the CMS",
            Body = "<p>Straight onto the bus<img src=x onerror=alert(1)></p>",
            Priority = "normal",
            SubmittedAt = DateTimeOffset.UtcNow,
        });

        await received.WaitForAsync(topic, e => e.Id == "from-cms", TestTimeouts.Delivery, "the CMS's development");
        var delivered = Assert.Single(received.For(topic));
        Assert.Equal((1L, "<p>Straight onto the bus</p>"), (delivered.Seq, delivered.Body));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_ends_in_the_error_queue_after_its_retries()
    {
        var topic = Newsroom.NewTopic();
        using var worker = new NodeMetrics(Cluster.Workers[0]);

        // A correction of a development that never existed fails on every try.
        await Bus.Publish(new CorrectDevelopment { Topic = topic, Id = "never-published", Headline = "Fix" });

        await Eventually.HoldsAsync(
            async () => await Cluster.VirtualHost!.GetQueueDepthAsync("livewire-timeline_error") >= 1,
            TimeSpan.FromSeconds(60),
            "the failed correction to reach livewire-timeline_error");
        Assert.Equal(0, worker.Total(LiveWireTelemetry.Instruments.EventsCommitted));
    }

    [Fact]
    public async Task The_replay_command_moves_the_error_queue_back_and_a_change_that_failed_then_commits_once()
    {
        var topic = Newsroom.NewTopic();

        // A correction ahead of its publish: it fails past its retries and waits in the error queue.
        var messageId = NewId.NextGuid();
        var endpoint = await Bus.GetSendEndpoint(new Uri("exchange:livewire-timeline"));
        await endpoint.Send(new CorrectDevelopment { Topic = topic, Id = "late", Headline = "Corrected after all", Revision = 2 }, context => context.MessageId = messageId);
        await Eventually.HoldsAsync(
            async () => await Cluster.VirtualHost!.GetQueueDepthAsync("livewire-timeline_error") >= 1,
            TimeSpan.FromSeconds(60),
            "the correction to reach livewire-timeline_error");

        // A worker reports it; deploy/prometheus alerts on anything above 0. (A worker process of its own: in-process
        // nodes of parallel test classes share the process's meters of one name.)
        await using var reporter = await NodeProcess.StartAsync("LiveWire.Ingestion", NodeProcess.FreePort(), new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = TestServers.Redis,
            ["ConnectionStrings:RabbitMq"] = Cluster.VirtualHost!.AmqpUri.ToString(),
            ["LiveWire:Redis:Prefix"] = Cluster.VirtualHost!.Name,
        });
        using var http = new HttpClient { BaseAddress = reporter.Url };
        var gauge = "";
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    gauge = string.Join('\n', (await http.GetStringAsync("/metrics")).Split('\n').Where(line => line.Contains("error_queue", StringComparison.Ordinal)));
                    return System.Text.RegularExpressions.Regex.IsMatch(gauge, @"^livewire_bus_error_queue_messages(\{[^}]*\})? [1-9]", System.Text.RegularExpressions.RegexOptions.Multiline);
                },
                TestTimeouts.Startup,
                "the error queue's gauge to show the change");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}; /metrics said: '{gauge}'", timeout);
        }

        // The cause is mended (the publish arrives), and the operator replays: the documented command, run for real.
        using var newsroom = Cluster.CreateNewsroomClient(Cluster.Servers[0]);
        await newsroom.PostAsync(topic, "late", "First version");
        var replay = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "LiveWire.Ingestion.dll"), "replay-errors"])
        {
            RedirectStandardOutput = true,
            Environment = { ["ConnectionStrings__RabbitMq"] = Cluster.VirtualHost!.AmqpUri.ToString() },
        })!;
        var output = await replay.StandardOutput.ReadToEndAsync();
        await replay.WaitForExitAsync().WaitAsync(TestTimeouts.Startup);
        Assert.Equal(0, replay.ExitCode);
        // (Another test of this class may have left a change there too: it fails again and goes back.)
        Assert.Matches(@"^replayed [1-9]\d* change\(s\)", output);

        using var reader = Cluster.CreateClient(Cluster.Servers[0]);
        await reader.WaitForSeqAsync(topic, 2);
        var page = await reader.GetEventsAsync(topic);
        Assert.Equal(["published", "corrected"], page.Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task The_timeline_queue_is_a_quorum_queue_whose_dead_letters_go_to_the_error_queue()
    {
        var queue = await Cluster.VirtualHost!.GetAsync("queues", "livewire-timeline");
        Assert.NotNull(queue);
        Assert.Equal("quorum", queue.Value.GetProperty("type").GetString());
        var arguments = queue.Value.GetProperty("arguments");
        Assert.Equal(20, arguments.GetProperty("x-delivery-limit").GetInt32());
        Assert.Equal("livewire-timeline_error", arguments.GetProperty("x-dead-letter-exchange").GetString());

        // The exchange its dead letters go to exists from the start (a dead letter to a missing exchange is dropped),
        // and leads to the error queue.
        await Eventually.HoldsAsync(
            async () => await Cluster.VirtualHost!.GetAsync("exchanges", "livewire-timeline_error") is not null
                && await Cluster.VirtualHost!.GetAsync("queues", "livewire-timeline_error") is not null,
            TestTimeouts.Delivery,
            "the error exchange and queue to exist");
    }
}
