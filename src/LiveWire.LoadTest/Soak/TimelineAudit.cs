using System.Net.Http.Json;
using System.Text.Json;

namespace LiveWire.LoadTest.Soak;

/// <summary>
/// What the store committed for one topic, read through the reader API (<c>GET /api/topics/{topic}/events</c>, page by
/// page from seq 0) of the first node that answers: its latest seq, whether the seqs run 1 to that without a gap, and
/// how many developments were committed more than once (the same <c>id</c> published under two seqs).
/// </summary>
internal sealed record TimelineAudit(string Topic, long LatestSeq, long Events, long Gaps, long Reset, long TwicePublished)
{
    private const int PageSize = 500;

    /// <summary>Pages through at most this many events: a bound on the loop, far above any soak's posts.</summary>
    private const int MaxEvents = 10_000_000;

    public static async Task<TimelineAudit> ReadAsync(HttpClient http, IReadOnlyList<Uri> nodes, string topic, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var node in nodes)
        {
            try
            {
                return await ReadFromAsync(http, node, topic, cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                last = exception;
            }
        }

        throw new InvalidOperationException($"No node answered for the timeline of {topic}.", last);
    }

    private static async Task<TimelineAudit> ReadFromAsync(HttpClient http, Uri node, string topic, CancellationToken cancellationToken)
    {
        var published = new HashSet<string>(StringComparer.Ordinal);
        long after = 0, latest = 0, events = 0, gaps = 0, resets = 0, twice = 0;
        while (events < MaxEvents)
        {
            using var page = await http.GetFromJsonAsync<JsonDocument>(new Uri(node, $"/api/topics/{topic}/events?after={after}&limit={PageSize}"), cancellationToken)
                ?? throw new InvalidOperationException("An empty page.");
            var root = page.RootElement;
            latest = root.GetProperty("latestSeq").GetInt64();
            if (root.GetProperty("reset").GetBoolean())
            {
                resets++;
                break;
            }

            var items = root.GetProperty("events");
            foreach (var item in items.EnumerateArray())
            {
                var seq = item.GetProperty("seq").GetInt64();
                if (seq != after + 1)
                {
                    gaps++;
                }

                after = seq;
                events++;
                if (item.GetProperty("kind").GetString() == "published" && !published.Add(item.GetProperty("id").GetString()!))
                {
                    twice++;
                }
            }

            if (items.GetArrayLength() == 0 || after >= latest)
            {
                break;
            }
        }

        return new TimelineAudit(topic, latest, events, gaps, resets, twice);
    }
}
