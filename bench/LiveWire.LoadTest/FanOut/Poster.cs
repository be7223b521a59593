using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LiveWire.LoadTest.Readers;

namespace LiveWire.LoadTest.FanOut;

/// <summary>
/// Posts developments through a target's HTTP entry (<c>POST /api/topics/{topic}/developments</c>, the same path on
/// LiveWire and on both references) at a steady rate, without waiting for one answer before the next post, and
/// counts the accepted posts per topic.
/// </summary>
internal sealed class Poster : IDisposable
{
    private const int MaxInFlight = 256;
    private readonly HttpClient _http;
    private readonly IReadOnlyList<string> _topics;
    private readonly string _body;
    private readonly long[] _accepted;
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight);
    private int _sent;
    private int _failures;

    public Poster(Uri node, string? token, IReadOnlyList<string> topics, int bodyBytes)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 }) { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _topics = topics;
        _accepted = new long[topics.Count];
        _body = Body(bodyBytes);
    }

    public int Sent => Volatile.Read(ref _sent);

    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Accepted posts to the topic so far: on a fresh topic, its events are seq 1 to this.</summary>
    public long Accepted(int topic) => Volatile.Read(ref _accepted[topic]);

    /// <summary>Posts <paramref name="count"/> developments, round-robin over the topics, <paramref name="rate"/> a second.</summary>
    public async Task PostAsync(int count, double rate, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var posts = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await _inFlight.WaitAsync(cancellationToken);
            posts.Add(PostOneAsync(i % _topics.Count, cancellationToken));
        }

        await Task.WhenAll(posts);
    }

    private async Task PostOneAsync(int topic, CancellationToken cancellationToken)
    {
        try
        {
            var n = Interlocked.Increment(ref _sent);
            var json = $"{{\"id\":\"{PostStamp.Id(n, DateTime.UtcNow)}\",\"headline\":\"Update {n} on the story\",\"body\":{_body},\"priority\":\"normal\"}}";
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync($"/api/topics/{_topics[topic]}/developments", content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _accepted[topic]);
            }
            else
            {
                Interlocked.Increment(ref _failures);
            }
        }
        // Refused, or no answer within HttpClient.Timeout (a machine that is full): counted as failed, not accepted, so a
        // post that did commit shows as an unexpected seq rather than ending the run.
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Interlocked.Increment(ref _failures);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>A body of about <paramref name="bytes"/> characters of safe HTML, as a JSON string.</summary>
    private static string Body(int bytes)
    {
        const string sentence = "Officials confirmed the figures at a briefing this afternoon, and more details are expected later. ";
        var text = new StringBuilder("<p>");
        while (text.Length < bytes - 4)
        {
            text.Append(sentence);
        }

        text.Length = Math.Max(3, bytes - 4);
        text.Append("</p>");
        return JsonSerializer.Serialize(text.ToString());
    }

    public void Dispose()
    {
        _http.Dispose();
        _inFlight.Dispose();
    }
}
