using System.Net.Http.Json;
using LiveWire.Contracts;
using LiveWire.Core.Delivery;

namespace LiveWire.Testing;

/// <summary>What tests do through the HTTP API, as a newsroom tool and a reader would.</summary>
public static class Newsroom
{
    /// <summary>A topic name no other test uses.</summary>
    public static string NewTopic(string name = "story") => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Posts a development and fails unless it is accepted.</summary>
    public static async Task PostAsync(this HttpClient newsroom, string topic, string id, string? headline = null, string? priority = null)
    {
        var response = await newsroom.PostAsJsonAsync(
            $"/api/topics/{topic}/developments",
            new { id, headline = headline ?? $"Development {id}", body = $"<p>Body of {id}</p>", priority });
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new HttpRequestException($"POST {topic}/{id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Corrects a development and fails unless it is accepted.</summary>
    public static Task CorrectAsync(this HttpClient newsroom, string topic, string id, string headline, string? body = null) =>
        SendAcceptedAsync(newsroom, HttpMethod.Put, $"/api/topics/{topic}/developments/{id}", new { headline, body = body ?? $"<p>Corrected body of {id}</p>" });

    /// <summary>Retracts a development and fails unless it is accepted.</summary>
    public static Task RetractAsync(this HttpClient newsroom, string topic, string id, string? reason = null) =>
        SendAcceptedAsync(newsroom, HttpMethod.Delete, $"/api/topics/{topic}/developments/{id}", new { reason });

    /// <summary>Pins (or unpins) a development and fails unless it is accepted.</summary>
    public static Task PinAsync(this HttpClient newsroom, string topic, string id, bool pinned = true) =>
        SendAcceptedAsync(newsroom, pinned ? HttpMethod.Put : HttpMethod.Delete, $"/api/topics/{topic}/developments/{id}/pin", null);

    /// <summary>Sets a topic's title, summary and status.</summary>
    public static async Task DescribeAsync(this HttpClient newsroom, string topic, string title, string? summary = null, string status = "live")
    {
        var response = await newsroom.PutAsJsonAsync($"/api/topics/{topic}", new { title, summary, status });
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PUT {topic} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Posts raw JSON and returns the status code.</summary>
    public static async Task<System.Net.HttpStatusCode> PostAsJsonAsyncRaw(this HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return (await client.PostAsync(path, content)).StatusCode;
    }

    private static async Task SendAcceptedAsync(HttpClient newsroom, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await newsroom.SendAsync(request);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Reads a topic's current state (fails on anything but 200).</summary>
    public static async Task<TopicState> GetTopicAsync(this HttpClient reader, string topic) =>
        (await reader.GetFromJsonAsync<TopicState>($"/api/topics/{topic}"))!;

    /// <summary>Waits until <paramref name="topic"/>'s latest seq has reached <paramref name="seq"/>.</summary>
    public static Task WaitForSeqAsync(this HttpClient reader, string topic, long seq, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(
            async () => (await reader.GetEventsAsync(topic, after: Math.Max(0, seq - 1), limit: 1)).LatestSeq >= seq,
            timeout ?? TestTimeouts.Delivery,
            $"{topic} to reach seq {seq}");

    /// <summary>Reads a topic's history after <paramref name="after"/>.</summary>
    public static async Task<EventsPage> GetEventsAsync(this HttpClient reader, string topic, long after = 0, int limit = 500) =>
        (await reader.GetFromJsonAsync<EventsPage>($"/api/topics/{topic}/events?after={after}&limit={limit}"))!;

    /// <summary>
    /// Waits until the delivery report of <paramref name="topic"/>'s event <paramref name="seq"/> exists and satisfies
    /// <paramref name="until"/> (reports are flushed periodically), and returns it. Needs an admin client.
    /// </summary>
    public static async Task<DeliveryReport> WaitForDeliveryReportAsync(this HttpClient admin, string topic, long seq, Func<DeliveryReport, bool> until)
    {
        DeliveryReport? report = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                var response = await admin.GetAsync($"/api/topics/{topic}/events/{seq}/delivery");
                report = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<DeliveryReport>() : null;
                return report is not null && until(report);
            },
            TestTimeouts.Delivery,
            $"the delivery report of {topic}#{seq}");
        return report!;
    }

    /// <summary>The answer of <c>GET /api/topics/{topic}</c>.</summary>
    public sealed record TopicState(
        string Topic, string? Title, string? Summary, string Status, long LatestSeq, long Readers,
        IReadOnlyList<TopicDevelopment> Pinned, IReadOnlyList<TopicDevelopment> Developments);

    /// <summary>The answer of <c>GET /api/topics/{topic}/events</c>.</summary>
    public sealed record EventsPage(string Topic, long LatestSeq, bool Reset, IReadOnlyList<TimelineEvent> Events);
}
