using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using LiveWire.Contracts;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Telemetry;
using LiveWire.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LiveWire.Client.Tests;

/// <summary>
/// The timeline's guarantees under load, on real Redis and RabbitMQ: three Server nodes, two Ingestion workers whose
/// fan-out fails now and then (so the bus redelivers), 2,000 mixed changes over 20 topics submitted concurrently (some
/// twice, some by a CMS on the bus), and .NET clients that read throughout, some of them moving to another node
/// mid-stream. Every reader must end with each topic's events 1..n, each once, in order, showing what the reader API
/// shows, and each topic as the newsroom last left it.
/// </summary>
public sealed class TimelineGuaranteeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Topics = 20;
    private const int ChangesPerTopic = 100;
    private const int SendersPerTopic = 2;
    private const int FaultOneIn = 29;

    private readonly ILoggerFactory _logging = TestOutputLogger.Factory(output, LogLevel.Warning);
    private readonly List<FlakyFanOut> _faults = [];
    private readonly List<NodeMetrics> _workerMetrics = [];
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LiveWireCluster.StartAsync(servers: 3, workers: 0);
        for (var i = 0; i < 2; i++)
        {
            var worker = await _cluster.AddWorkerAsync(builder =>
            {
                var original = builder.Services.Single(d => d.ServiceType == typeof(IFanOut));
                builder.Services.Replace(ServiceDescriptor.Singleton<IFanOut>(services =>
                {
                    var fault = new FlakyFanOut((IFanOut)ActivatorUtilities.CreateInstance(services, original.ImplementationType!), FaultOneIn);
                    lock (_faults)
                    {
                        _faults.Add(fault);
                    }

                    return fault;
                }));
            });
            _workerMetrics.Add(new NodeMetrics(worker));
        }
    }

    public async Task DisposeAsync()
    {
        _workerMetrics.ForEach(m => m.Dispose());
        await _cluster.DisposeAsync();
        _logging.Dispose();
    }

    [Fact]
    public async Task Every_reader_ends_with_each_topic_once_in_order_and_as_the_newsroom_last_left_it()
    {
        var topics = Enumerable.Range(0, Topics).Select(i => Newsroom.NewTopic($"load{i}")).ToArray();
        var scripts = topics.Select((topic, i) => NewsroomScript.For(topic, seed: i + 1, ChangesPerTopic, SendersPerTopic)).ToArray();
        var servers = _cluster.Servers;
        var newsrooms = servers.Select(_cluster.CreateNewsroomClient).ToArray();
        var watched = topics.Append("breaking").ToArray();
        var submitted = 0;
        var total = scripts.Sum(s => s.Changes.Count);

        // The readers: one on each node from the start; two behind load balancers that move them to another node
        // twice mid-stream; one that joins halfway and reads the first half from history; one that an application
        // restarts halfway, resuming each topic on another node from the position it kept.
        var readers = new List<Reader>();
        try
        {
            for (var i = 0; i < servers.Count; i++)
            {
                readers.Add(await Reader.StartAsync($"node-{i}", servers[i].Url, watched, _logging));
            }

            await using var balancer0 = LoopbackProxy.Start(servers[0].Url);
            await using var balancer1 = LoopbackProxy.Start(servers[1].Url);
            var balancers = new[] { balancer0, balancer1 };
            readers.Add(await Reader.StartAsync("roaming-0", balancers[0].Url, watched, _logging));
            readers.Add(await Reader.StartAsync("roaming-1", balancers[1].Url, watched, _logging));
            var restarted = await Reader.StartAsync("restarted", servers[0].Url, watched, _logging);
            readers.Add(restarted);

            var submitting = Task.WhenAll(scripts.SelectMany(script => Enumerable.Range(0, SendersPerTopic).Select(sender => SubmitAsync(script, sender))));
            for (var step = 1; step <= 3; step++)
            {
                var progress = step * total / 4;
                await Eventually.HoldsAsync(() => Volatile.Read(ref submitted) >= progress || submitting.IsCompleted, TestTimeouts.Batch, $"{progress} changes submitted");
                if (step == 2)
                {
                    readers.Add(await Reader.StartAsync("late", servers[2].Url, watched, _logging));
                    await restarted.RestartOnAsync(servers[1].Url, _logging);
                }
                else
                {
                    for (var b = 0; b < balancers.Length; b++)
                    {
                        balancers[b].Restore(servers[(b + step) % servers.Count].Url);
                    }
                }
            }

            await submitting.Within(TimeSpan.FromMinutes(5), "submit every change");

            // Each change ends as one commit or one superseded change, and each breaking publish as one more commit.
            var breaking = scripts.SelectMany(s => s.Changes).Count(c => c.Breaking);
            await Eventually.HoldsAsync(
                () => _workerMetrics.Sum(m => m.Total(LiveWireTelemetry.Instruments.EventsCommitted) + m.Total(LiveWireTelemetry.Instruments.EventsSuperseded)) == total + breaking,
                TestTimeouts.Batch,
                "the workers to commit (or supersede) every change");
            using var reader = _cluster.CreateClient(servers[0]);
            var latest = new Dictionary<string, long>();
            foreach (var topic in watched)
            {
                latest[topic] = (await reader.GetEventsAsync(topic, limit: 1)).LatestSeq;
            }

            foreach (var r in readers)
            {
                await r.WaitForAsync(latest);
            }

            var errors = await _cluster.VirtualHost!.GetQueueDepthAsync("livewire-timeline_error");
            Assert.Equal(0, errors);

            foreach (var topic in watched)
            {
                var history = await ReadAllAsync(reader, topic);
                Assert.Equal(Enumerable.Range(1, (int)latest[topic]).Select(s => (long)s), history.Select(e => e.Seq));
                var state = await reader.GetTopicAsync(topic);
                var served = ReaderView.From(state);
                foreach (var r in readers)
                {
                    var seen = r.Events(topic);
                    Assert.True(
                        history.Select(e => (e.Seq, e.Kind, e.Id, e.Revision)).SequenceEqual(seen.Select(e => (e.Seq, e.Kind, e.Id, e.Revision))),
                        $"{r.Name} saw {topic} as {Describe(seen)}; the history is {Describe(history)}");
                    // The reader API serves the newest developments (up to its limit); the reader has them all.
                    Assert.Equal(served, ReaderView.From(seen).Take(served.Count));
                    Assert.Equal(1, r.MaxConcurrentCalls(topic));
                }

                if (topic != "breaking")
                {
                    var script = scripts[Array.IndexOf(topics, topic)];
                    Assert.Equal(
                        script.Expected.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Headline, p.Value.Pinned)),
                        ReaderView.From(history).OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => (d.Id, d.Headline!, d.Pinned)));
                    Assert.Equal(
                        script.Expected.Where(p => p.Value.Pinned).Select(p => p.Key).Order(StringComparer.Ordinal),
                        state.Pinned.Select(d => d.Id).Order(StringComparer.Ordinal));
                    var published = history.Where(e => e.Kind == EventKinds.Published).Select(e => e.Id).ToList();
                    Assert.Equal(published.Count, published.Distinct().Count()); // each development published once
                }
            }

            Assert.Equal(breaking, (await ReadAllAsync(reader, "breaking")).Count);

            var events = latest.Values.Sum();
            var superseded = _workerMetrics.Sum(m => m.Total(LiveWireTelemetry.Instruments.EventsSuperseded));
            Assert.Equal(total + breaking - superseded, events);
            var duplicates = _workerMetrics.Sum(m => m.Total(LiveWireTelemetry.Instruments.EventsDuplicate));
            output.WriteLine(
                $"{total} changes ({scripts.SelectMany(s => s.Changes).Count(c => c.Twice)} submitted twice, {scripts.SelectMany(s => s.Changes).Count(c => c.ViaBus)} by the CMS on the bus) " +
                $"gave {events} events over {watched.Length} topics; {superseded} superseded, {duplicates} duplicates recognised; " +
                $"fan-out faults: {_faults.Sum(f => f.FailuresBefore)} before sending, {_faults.Sum(f => f.FailuresAfter)} after; " +
                $"repeats dropped by readers: {string.Join(", ", readers.Select(r => $"{r.Name} {r.RepeatsDropped}"))}");
            Assert.True(events >= 1_900, $"{events} events: the load is about 2,000 mixed events");
            Assert.True(_faults.Sum(f => f.FailuresBefore) > 0 && _faults.Sum(f => f.FailuresAfter) > 0, "the bus redelivered after fan-out faults of both kinds");
            Assert.True(duplicates > 0, "repeated submissions and redeliveries reached the workers");
        }
        finally
        {
            foreach (var r in readers)
            {
                await r.DisposeAsync();
            }

            foreach (var newsroom in newsrooms)
            {
                newsroom.Dispose();
            }
        }

        async Task SubmitAsync(NewsroomScript script, int sender)
        {
            var bus = servers[0].Services.GetRequiredService<IBus>();
            var endpoint = await bus.GetSendEndpoint(new Uri("exchange:livewire-timeline"));
            foreach (var change in script.Changes.Where(c => c.Sender == sender))
            {
                if (change.ViaBus)
                {
                    var messageId = NewId.NextGuid();
                    var message = new PublishDevelopment { Topic = change.Topic, Id = change.Id, Headline = change.Headline!, Body = $"<p>{change.Headline}</p>", SubmittedAt = DateTimeOffset.UtcNow };
                    await endpoint.Send(message, context => context.MessageId = messageId);
                    if (change.Twice)
                    {
                        await endpoint.Send(message, context => context.MessageId = messageId);
                    }
                }
                else
                {
                    await PostAsync(newsrooms[change.Order % newsrooms.Length], change);
                }

                Interlocked.Increment(ref submitted);
            }
        }
    }

    // Submits one change over HTTP; a change submitted twice carries one Idempotency-Key, and its second answer must be
    // the first one replayed (a racing twin may be told 409 while the first is in progress, and then retries).
    private static async Task PostAsync(HttpClient newsroom, ScriptedChange change)
    {
        var key = change.Twice ? Guid.NewGuid().ToString("N") : null;
        if (!change.Twice)
        {
            await SendUntilAnsweredAsync(newsroom, change, key);
            return;
        }

        var answers = change.Concurrently
            ? await Task.WhenAll(SendUntilAnsweredAsync(newsroom, change, key), SendUntilAnsweredAsync(newsroom, change, key))
            : [await SendUntilAnsweredAsync(newsroom, change, key), await SendUntilAnsweredAsync(newsroom, change, key)];
        Assert.Single(answers, replayed => replayed);
    }

    // Returns whether the answer was a replay.
    private static async Task<bool> SendUntilAnsweredAsync(HttpClient newsroom, ScriptedChange change, string? key)
    {
        var path = $"/api/topics/{change.Topic}/developments";
        for (var attempt = 0; ; attempt++)
        {
            using var request = change.Kind switch
            {
                "publish" => new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = JsonContent.Create(new { id = change.Id, headline = change.Headline, body = $"<p>{change.Headline}</p>", priority = change.Breaking ? "breaking" : "normal" }),
                },
                "correct" => new HttpRequestMessage(HttpMethod.Put, $"{path}/{change.Id}")
                {
                    Content = JsonContent.Create(new { headline = change.Headline, body = $"<p>{change.Headline}</p>" }),
                },
                "retract" => new HttpRequestMessage(HttpMethod.Delete, $"{path}/{change.Id}") { Content = JsonContent.Create(new { reason = "Not confirmed" }) },
                "pin" => new HttpRequestMessage(HttpMethod.Put, $"{path}/{change.Id}/pin"),
                _ => new HttpRequestMessage(HttpMethod.Delete, $"{path}/{change.Id}/pin"),
            };
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }

            using var response = await newsroom.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true");
            }

            if (response.StatusCode != HttpStatusCode.Conflict || key is null || attempt >= 100)
            {
                throw new HttpRequestException($"{change.Kind} {change.Topic}/{change.Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20)); // the twin is in progress: retry as the contract says
        }
    }

    private static async Task<IReadOnlyList<TimelineEvent>> ReadAllAsync(HttpClient reader, string topic)
    {
        var events = new List<TimelineEvent>();
        while (true)
        {
            var page = await reader.GetFromJsonAsync<EventsPageOf>($"/api/topics/{topic}/events?after={events.LastOrDefault()?.Seq ?? 0}&limit=500");
            events.AddRange(page!.Events);
            if (page.Events.Count == 0 || events[^1].Seq >= page.LatestSeq)
            {
                return events;
            }
        }
    }

    private static string Describe(IEnumerable<TimelineEvent> events) =>
        string.Join(" ", events.Select(e => $"{e.Seq}:{e.Kind[0]}:{e.Id}").Take(400));

    private sealed record EventsPageOf(string Topic, long LatestSeq, bool Reset, IReadOnlyList<TimelineEvent> Events);

    /// <summary>A reader: one client subscribed to every watched topic from its start, recording what it applied.</summary>
    private sealed class Reader : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, HandledEvents> _handled = new();
        private readonly string[] _topics;
        private LiveWireClient _client;
        private List<LiveWireSubscription> _subscriptions = [];
        private long _repeatsBeforeRestart;

        private Reader(string name, LiveWireClient client, string[] topics)
        {
            Name = name;
            _client = client;
            _topics = topics;
        }

        public string Name { get; }

        public long RepeatsDropped => _repeatsBeforeRestart + _subscriptions.Sum(s => s.Inner.RepeatsDropped);

        public static async Task<Reader> StartAsync(string name, Uri url, string[] topics, ILoggerFactory logging)
        {
            var reader = new Reader(name, NewClient(url, logging), topics);
            await reader.SubscribeAllAsync(topic => 0);
            return reader;
        }

        public IReadOnlyList<TimelineEvent> Events(string topic) => _handled[topic].Events;

        public int MaxConcurrentCalls(string topic) => _handled[topic].MaxConcurrentCalls;

        /// <summary>What an application does across a restart: keep each topic's position, then resume from it elsewhere.</summary>
        public async Task RestartOnAsync(Uri url, ILoggerFactory logging)
        {
            // The position is what the handler last applied (an application would persist it there), taken once the
            // client has stopped calling the handler.
            _repeatsBeforeRestart += _subscriptions.Sum(s => s.Inner.RepeatsDropped);
            await _client.DisposeAsync().AsTask().Within(TestTimeouts.Startup, $"stop {Name}");
            var positions = _topics.ToDictionary(topic => topic, topic => _handled[topic].Seqs is [.., var last] ? last : 0);
            _client = NewClient(url, logging);
            await SubscribeAllAsync(topic => positions[topic]);
        }

        public async Task WaitForAsync(IReadOnlyDictionary<string, long> latest)
        {
            foreach (var (topic, seq) in latest)
            {
                await _handled[topic].WaitForSeqAsync(seq, $"{Name} to apply {topic}#{seq}");
            }
        }

        public async ValueTask DisposeAsync() => await _client.DisposeAsync().AsTask().Within(TestTimeouts.Startup, $"dispose {Name}");

        private static LiveWireClient NewClient(Uri url, ILoggerFactory logging) =>
            new(new LiveWireClientOptions { BaseAddress = url, ReconnectPolicy = FastReconnect.Instance }, logging);

        private async Task SubscribeAllAsync(Func<string, long> after)
        {
            await _client.StartAsync().Within(TestTimeouts.Startup, $"connect {Name}");
            var subscriptions = new List<LiveWireSubscription>();
            foreach (var topic in _topics)
            {
                var handled = _handled.GetOrAdd(topic, _ => new HandledEvents());
                subscriptions.Add(await _client.SubscribeAsync(topic, handled.HandleAsync, new SubscribeOptions { AfterSeq = after(topic) })
                    .Within(TestTimeouts.Delivery, $"{Name} subscribes to {topic}"));
            }

            _subscriptions = subscriptions;
        }
    }
}
