using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Contracts;
using LiveWire.LoadTest.Measuring;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.LoadTest;

/// <summary>
/// Post on one node, receive on another: the time from the start of each POST to the reader's receipt of the event,
/// measured on this process's clock. Posts go one at a time, so each figure is one development's trip through the
/// HTTP API, the bus, the ingestion, Redis and the backplane.
/// </summary>
internal static class LatencyScenario
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public sealed record Settings(Uri PostUrl, Uri SubscribeUrl, string SigningKey, int Posts, int Warmup, TimeSpan Interval, TimeSpan Timeout, string? Out)
    {
        public static Settings From(Dictionary<string, string> options) => new(
            new Uri(options.Require("post-url")),
            new Uri(options.Require("subscribe-url")),
            options.Require("signing-key"),
            options.Int("posts", 200, 100_000),
            options.Int("warmup", 20, 10_000),
            TimeSpan.FromMilliseconds(options.Int("interval-ms", 20, 60_000)),
            TimeSpan.FromSeconds(options.Int("timeout-s", 300, 3_600)),
            options.GetValueOrDefault("out"))
        {
            Issuer = options.GetValueOrDefault("issuer"),
            Audience = options.GetValueOrDefault("audience"),
        };

        public string? Issuer { get; init; }

        public string? Audience { get; init; }
    }

    public static async Task RunAsync(Settings settings)
    {
        foreach (var url in new[] { settings.PostUrl, settings.SubscribeUrl })
        {
            if (!url.IsLoopback)
            {
                throw new ArgumentException($"{url} is not a loopback address: the tool only sends to this machine.");
            }
        }

        using var deadline = new CancellationTokenSource(settings.Timeout);
        var topic = $"latency-{Guid.NewGuid():N}"[..20];
        var arrivals = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        TaskCompletionSource<long> Arrival(string id) =>
            arrivals.GetOrAdd(id, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

        await using var reader = new HubConnectionBuilder()
            .WithUrl(new Uri(settings.SubscribeUrl, "/hubs/live"), o => o.Transports = HttpTransportType.WebSockets)
            .Build();
        reader.On<TimelineEvent>("event", e => Arrival(e.Id).TrySetResult(Stopwatch.GetTimestamp()));
        await reader.StartAsync(deadline.Token);
        await reader.InvokeAsync<JsonElement>("Subscribe", topic, (long?)null, deadline.Token);

        using var http = new HttpClient { BaseAddress = settings.PostUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Newsroom(settings.SigningKey, settings.Issuer, settings.Audience));

        var samples = new List<double>(settings.Posts);
        var total = settings.Warmup + settings.Posts;
        for (var i = 0; i < total; i++)
        {
            var id = $"d{i}";
            var arrival = Arrival(id);
            var started = Stopwatch.GetTimestamp();
            var response = await http.PostAsJsonAsync(
                $"/api/topics/{topic}/developments",
                new { id, headline = $"Latency probe {i}", body = "<p>A short update of typical size for a live story.</p>" },
                deadline.Token);
            response.EnsureSuccessStatusCode();
            var received = await arrival.Task.WaitAsync(deadline.Token);
            if (i >= settings.Warmup)
            {
                samples.Add(Stopwatch.GetElapsedTime(started, received).TotalMilliseconds);
            }

            if (i % 50 == 0)
            {
                Console.Error.WriteLine($"  {i}/{total} posted");
            }

            await Task.Delay(settings.Interval, deadline.Token);
        }

        var result = Percentiles.Of(samples);
        Console.WriteLine($"POST on {settings.PostUrl} -> event on {settings.SubscribeUrl}: {result}");
        if (settings.Out is not null)
        {
            await File.WriteAllTextAsync(settings.Out, JsonSerializer.Serialize(new { scenario = "latency", settings.Posts, settings.Warmup, intervalMs = settings.Interval.TotalMilliseconds, latencyMs = result }, Indented));
        }
    }
}
