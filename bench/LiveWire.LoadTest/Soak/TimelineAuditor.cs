using System.Net.Http.Json;
using System.Text.Json;

namespace LiveWire.LoadTest.Soak;

/// <summary>
/// Reads one topic's history through the reader API (<c>GET /api/topics/{topic}/events?after=</c>) of the first node
/// that answers, page by page, each read going on from where the last one stopped. Read during the run, more often
/// than the store's retention trims, it sees every seq although the store keeps only the latest: a read whose place
/// was trimmed already counts as a reset.
/// </summary>
internal sealed class TimelineAuditor(string topic)
{
    private const int PageSize = 500;

    /// <summary>Pages through at most this many events in one read: a bound on the loop, far above any soak's posts.</summary>
    private const int MaxEventsPerRead = 10_000_000;

    private readonly HashSet<string> _published = new(StringComparer.Ordinal);
    private long _after, _latest, _events, _gaps, _resets, _twice;

    public TimelineAudit Audit => new(topic, _latest, _events, _gaps, _resets, _twice);

    public async Task ReadAsync(HttpClient http, IReadOnlyList<Uri> nodes, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var node in nodes)
        {
            try
            {
                await ReadFromAsync(http, node, cancellationToken);
                return;
            }
            catch (HttpRequestException exception)
            {
                last = exception;
            }
        }

        throw new InvalidOperationException($"No node answered for the timeline of {topic}.", last);
    }

    private async Task ReadFromAsync(HttpClient http, Uri node, CancellationToken cancellationToken)
    {
        for (var read = 0; read < MaxEventsPerRead;)
        {
            using var page = await http.GetFromJsonAsync<JsonDocument>(new Uri(node, $"/api/topics/{topic}/events?after={_after}&limit={PageSize}"), cancellationToken)
                ?? throw new InvalidOperationException("An empty page.");
            var root = page.RootElement;
            _latest = root.GetProperty("latestSeq").GetInt64();
            if (root.GetProperty("reset").GetBoolean())
            {
                _resets++;
                _after = _latest;
                return;
            }

            var items = root.GetProperty("events");
            foreach (var item in items.EnumerateArray())
            {
                var seq = item.GetProperty("seq").GetInt64();
                if (seq != _after + 1)
                {
                    _gaps++;
                }

                _after = seq;
                _events++;
                read++;
                if (item.GetProperty("kind").GetString() == "published" && !_published.Add(item.GetProperty("id").GetString()!))
                {
                    _twice++;
                }
            }

            if (items.GetArrayLength() == 0 || _after >= _latest)
            {
                return;
            }
        }
    }
}
