using System.Net;
using System.Text.Json;
using LiveWire.Client;
using LiveWire.Contracts;

namespace LiveWire.Client.Tests;

/// <summary>
/// The reader HTTP API of one topic, in memory, for tests without a server: <c>GET /api/topics/{topic}/events</c> from
/// the events it holds (or a reset), and <c>GET /api/topics/{topic}</c> from the state it is given. It records every
/// request with its Authorization header.
/// </summary>
internal sealed class FakeReaderApi : HttpMessageHandler
{
    public static readonly Uri BaseAddress = new("http://livewire.test/");

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly Lock _lock = new();
    private readonly List<TimelineEvent> _history = [];
    private readonly List<string> _requests = [];
    private readonly List<string?> _authorizations = [];
    private int _stateFailures;

    /// <summary>When true, every history read answers <c>reset</c>.</summary>
    public bool ResetHistory { get; set; }

    /// <summary>The epoch history reads answer with (null: none).</summary>
    public string? Epoch { get; set; }

    /// <summary>Runs once a state read has taken its answer, before it is sent (e.g. to change the topic meanwhile).</summary>
    public Action? AfterStateRead { get; set; }

    /// <summary>What <c>GET /api/topics/{topic}</c> answers (null: 404).</summary>
    public TopicSnapshot? State { get; set; }

    /// <summary>How many state reads fail with 503 before one succeeds.</summary>
    public int StateFailures
    {
        get => Volatile.Read(ref _stateFailures);
        set => Volatile.Write(ref _stateFailures, value);
    }

    /// <summary>Path and query of every request, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The Authorization header of every request, in order.</summary>
    public IReadOnlyList<string?> Authorizations
    {
        get
        {
            lock (_lock)
            {
                return [.. _authorizations];
            }
        }
    }

    /// <summary>Adds events to the history.</summary>
    public void Add(params TimelineEvent[] events)
    {
        lock (_lock)
        {
            _history.AddRange(events);
        }
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        lock (_lock)
        {
            _requests.Add(url.PathAndQuery);
            _authorizations.Add(request.Headers.Authorization?.ToString());
        }

        var topicPath = $"/api/topics/{Events.Topic}";
        if (url.AbsolutePath == topicPath + "/events")
        {
            var query = System.Web.HttpUtility.ParseQueryString(url.Query);
            var after = long.Parse(query["after"]!, System.Globalization.CultureInfo.InvariantCulture);
            var limit = int.Parse(query["limit"]!, System.Globalization.CultureInfo.InvariantCulture);
            lock (_lock)
            {
                var latest = _history.Count == 0 ? 0 : _history.Max(e => e.Seq);
                var page = ResetHistory
                    ? new { topic = Events.Topic, latestSeq = latest, reset = true, events = Array.Empty<TimelineEvent>(), epoch = Epoch }
                    : new { topic = Events.Topic, latestSeq = latest, reset = false, events = _history.Where(e => e.Seq > after).OrderBy(e => e.Seq).Take(limit).ToArray(), epoch = Epoch };
                return Task.FromResult(Json(page));
            }
        }

        if (url.AbsolutePath == topicPath)
        {
            if (Interlocked.Decrement(ref _stateFailures) >= 0)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
            }

            var answer = State is { } state ? Json(state) : new HttpResponseMessage(HttpStatusCode.NotFound);
            AfterStateRead?.Invoke();
            return Task.FromResult(answer);
        }

        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    private static HttpResponseMessage Json<T>(T body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(JsonSerializer.Serialize(body, s_json), System.Text.Encoding.UTF8, "application/json"),
    };
}
