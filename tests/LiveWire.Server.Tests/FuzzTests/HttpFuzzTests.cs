using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using LiveWire.Core.Security;
using LiveWire.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LiveWire.Server.Tests.FuzzTests;

/// <summary>
/// Generated requests (bodies, headers, query strings, path segments) against every HTTP endpoint of a real Server
/// node on the real Redis and RabbitMQ: never a 5xx, every refusal a 4xx <c>application/problem+json</c>, nothing
/// stored in Redis for a refused input, and the node ready afterwards.
/// </summary>
[Collection(FuzzTestGroup.Name)]
public sealed partial class HttpFuzzTests(FuzzFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzFixture>, IDisposable
{
    // How many generated requests each test sends (10,000 in all), and how many at once.
    private const int PublishInputs = 4_000;
    private const int DescribeInputs = 1_000;
    private const int ChangeInputs = 2_000;
    private const int PathInputs = 3_000;
    private const int Concurrency = 4;

    // ServerLimitsOptions.MaxRequestBodyBytes, the default.
    private const int MaxRequestBodyBytes = 64 * 1024;

    // The ingestion also commits every breaking development to this topic.
    private const string BreakingTopic = "breaking";

    private readonly FuzzTally _tally = new();

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = fixture.Server.Url,
        Timeout = TestTimeouts.Delivery,
    };

    /// <summary>Who a generated request claims to be.</summary>
    public enum Credential
    {
        Newsroom, Admin, NewsroomAndAdmin, Reader, None, ForeignKey, Expired, Garbage, EmptyBearer, Basic, LowercaseScheme, Oversized, TwoHeaders,
    }

    /// <summary>One generated request.</summary>
    public sealed record Probe(string Category, HttpMethod Method, string Path, byte[]? Body, string? ContentType, Credential Credential, string? IdempotencyKey)
    {
        /// <summary>The Accept header, if any.</summary>
        public string? Accept { get; init; }

        public override string ToString() =>
            $"{Method} {FuzzFixture.Escape(Path)} as {Credential}, Accept: {Accept ?? "(none)"}, Content-Type: {ContentType ?? "(none)"}, " +
            $"Idempotency-Key: {(IdempotencyKey is null ? "(none)" : FuzzFixture.Escape(IdempotencyKey, 40))}, " +
            $"body: {(Body is null ? "(none)" : FuzzFixture.Escape(Encoding.UTF8.GetString(Body)))}";
    }

    private LiveWireCluster Cluster => fixture.Cluster;

    public void Dispose()
    {
        output.WriteLine($"{_tally.Total} generated requests");
        output.WriteLine(_tally.ToString());
        _http.Dispose();
    }

    [Fact]
    public async Task Generated_posts_of_developments_get_202_or_a_4xx_problem_never_a_5xx_and_a_refused_one_stores_nothing()
    {
        var body = FuzzGen.JsonObject(
            ("id", Gen.Frequency((3, Gen.String[Gen.Char.AlphaNumeric, 1, 20].Select(FuzzGen.JsonString)), (1, FuzzGen.Text.Select(FuzzGen.JsonString)))),
            ("headline", FuzzGen.PlausibleText(200)),
            ("body", Gen.Frequency((4, FuzzGen.PlausibleText(16 * 1024)), (1, Gen.Int[16 * 1024 - 2, 70 * 1024].Select(n => FuzzGen.JsonString(new string('b', n)))))),
            ("priority", Priority),
            ("author", FuzzGen.PlausibleText(100)),
            ("tags", FuzzGen.PlausibleText(32).Array[0, 12].Select(t => "[" + string.Join(",", t) + "]")),
            ("pinned", Gen.OneOf("true", "false", "null", "1", "\"true\"")),
            ("submittedAt", Timestamp));
        var probes = Gen.Select(FuzzGen.UniqueTopic("fzpost"), FuzzGen.Body(body), FuzzGen.ContentType, Credentials(Credential.Newsroom), FuzzGen.IdempotencyKey,
            (topic, json, contentType, credential, key) =>
                new Probe("POST developments (body)", HttpMethod.Post, $"/api/topics/{topic}/developments", json, contentType, credential, key));

        await RunAsync(probes, PublishInputs);

        Assert.True(_tally.Count("POST developments (body)", "202") > 0, "no generated post was accepted: the generator only tests refusals");
        await AssertAcceptedTopicsListedAsync();
        await fixture.AssertNothingStoredForRefusedInputsAsync(BreakingTopic);
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task Generated_topic_descriptions_get_200_or_a_4xx_problem_never_a_5xx_and_a_refused_one_stores_nothing()
    {
        var body = FuzzGen.JsonObject(
            ("title", FuzzGen.PlausibleText(200)),
            ("summary", FuzzGen.PlausibleText(1_000)),
            ("status", Gen.OneOf("\"live\"", "\"ended\"", "\"LIVE\"", "\"paused\"", "\"\"", "null", "0")));
        var probes = Gen.Select(FuzzGen.UniqueTopic("fzdesc"), FuzzGen.Body(body), FuzzGen.ContentType, Credentials(Credential.Newsroom), FuzzGen.IdempotencyKey,
            (topic, json, contentType, credential, key) =>
                new Probe("PUT topic (body)", HttpMethod.Put, $"/api/topics/{topic}", json, contentType, credential, key));

        await RunAsync(probes, DescribeInputs);

        Assert.True(_tally.Count("PUT topic (body)", "200") > 0, "no generated description was saved");
        await fixture.AssertNothingStoredForRefusedInputsAsync(BreakingTopic);
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task Generated_corrections_retractions_and_pins_get_202_or_a_4xx_problem_never_a_5xx_and_a_refused_one_takes_no_place()
    {
        // Corrections and pins go to developments that are never retracted, retractions to others.
        var topic = Newsroom.NewTopic("fzchange");
        string[] kept = ["keep-0", "keep-1", "keep-2"];
        string[] retractable = ["gone-0", "gone-1", "gone-2", "gone-3"];
        using var newsroom = Cluster.CreateNewsroomClient(fixture.Server);
        foreach (var id in kept.Concat(retractable))
        {
            await newsroom.PostAsync(topic, id);
        }

        await newsroom.WaitForSeqAsync(topic, kept.Length + retractable.Length);
        fixture.AcceptedTopics.TryAdd(topic, true);

        var correction = FuzzGen.JsonObject(
            ("headline", FuzzGen.PlausibleText(200)),
            ("body", FuzzGen.PlausibleText(16 * 1024)),
            ("priority", Priority),
            ("author", FuzzGen.PlausibleText(100)),
            ("tags", FuzzGen.PlausibleText(32).Array[0, 12].Select(t => "[" + string.Join(",", t) + "]")),
            ("revision", Gen.Frequency((3, Gen.Int[-1, 8].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))), (1, Gen.OneOf(FuzzGen.NumberLiterals)))),
            ("submittedAt", Timestamp));
        var retraction = Gen.Frequency(
            (3, FuzzGen.Body(FuzzGen.JsonObject(("reason", FuzzGen.PlausibleText(500))))),
            (1, Gen.Const((byte[])null!)));
        var topicSegment = Gen.Frequency((6, Gen.Const(topic)), (1, FuzzGen.Segment(Gen.Const(topic))));
        Gen<string> Id(string[] ids) => Gen.Frequency((5, Gen.OneOf(ids)), (1, FuzzGen.Segment(Gen.OneOf(ids))));

        var probes = Gen.OneOf(
            Gen.Select(topicSegment, Id(kept), FuzzGen.Body(correction), FuzzGen.ContentType, Credentials(Credential.Newsroom), FuzzGen.IdempotencyKey,
                (t, id, json, contentType, credential, key) =>
                    new Probe("PUT correction (body)", HttpMethod.Put, $"/api/topics/{t}/developments/{id}", json, contentType, credential, key)),
            Gen.Select(topicSegment, Id(retractable), retraction, FuzzGen.ContentType, Credentials(Credential.Newsroom), FuzzGen.IdempotencyKey,
                (t, id, json, contentType, credential, key) =>
                    new Probe("DELETE retraction (body)", HttpMethod.Delete, $"/api/topics/{t}/developments/{id}", json, json is null ? null : contentType, credential, key)),
            Gen.Select(topicSegment, Id(kept), Gen.Bool, Gen.Frequency((4, Gen.Const((byte[])null!)), (1, Gen.Byte.Array[0, 50])), Credentials(Credential.Newsroom), FuzzGen.IdempotencyKey,
                (t, id, pin, bytes, credential, key) =>
                    new Probe("PUT/DELETE pin", pin ? HttpMethod.Put : HttpMethod.Delete, $"/api/topics/{t}/developments/{id}/pin", bytes, bytes is null ? null : "application/octet-stream", credential, key)));

        var accepted = 0;
        await RunAsync(probes, ChangeInputs, (probe, status, replayed, answeredTopic) =>
        {
            if (status == 202 && !replayed && answeredTopic == topic)
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.True(accepted > 0, "no generated change was accepted");
        // Every change the API accepts takes the next place in its topic's order; a refused one takes none.
        Assert.Equal(kept.Length + retractable.Length + accepted, await fixture.AcceptOrdersAsync(topic));
        await fixture.AssertNothingStoredForRefusedInputsAsync(BreakingTopic);
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task Generated_paths_query_strings_and_methods_on_every_route_never_get_a_5xx_and_every_refusal_is_a_problem()
    {
        var readable = Newsroom.NewTopic("fzread");
        using (var newsroom = Cluster.CreateNewsroomClient(fixture.Server))
        {
            await newsroom.PostAsync(readable, "seed");
            await newsroom.WaitForSeqAsync(readable, 1);
        }

        fixture.AcceptedTopics.TryAdd(readable, true);
        var topic = FuzzGen.Segment(Gen.Frequency((1, Gen.Const(readable)), (2, FuzzGen.UniqueTopic("fzpath"))));
        var id = FuzzGen.Segment(Gen.Frequency((1, Gen.Const("seed")), (2, Gen.String[Gen.Char.AlphaNumeric, 1, 20])));
        var seq = Gen.Frequency((3, Gen.Long[-2, 3].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))), (2, FuzzGen.QueryNumber), (1, FuzzGen.Segment(Gen.Const("1"))));
        var query = Gen.Select(FuzzGen.QueryNumber, FuzzGen.QueryNumber, Gen.Int[0, 6], (after, limit, shape) => shape switch
        {
            0 => "",
            1 => $"?after={after}",
            2 => $"?limit={limit}",
            3 => $"?after={after}&limit={limit}",
            4 => $"?after={after}&after={limit}",
            5 => $"?limit={limit}&limit={after}&unknown={after}",
            _ => $"?after&limit=&{after}",
        });
        var headline = Encoding.UTF8.GetBytes("{\"headline\":\"From the path fuzz\",\"title\":\"Path fuzz\"}");
        var method = Gen.OneOf(HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, HttpMethod.Head);

        Gen<Probe> Route(string category, Gen<HttpMethod> methods, Gen<string> path, Credential usual, bool withBody = false) =>
            Gen.Select(methods, path, Credentials(usual), (m, p, credential) =>
                new Probe(category, m, p, withBody && m != HttpMethod.Get && m != HttpMethod.Head ? headline : null, withBody ? "application/json" : null, credential, null));

        var probes = Gen.OneOf(
            Route("GET topic (path)", Gen.Const(HttpMethod.Get), topic.Select(t => $"/api/topics/{t}"), Credential.None),
            Route("GET events (path, query)", Gen.Const(HttpMethod.Get), Gen.Select(topic, query, (t, q) => $"/api/topics/{t}/events{q}"), Credential.None),
            Route("GET topics (query)", Gen.Const(HttpMethod.Get), query.Select(q => $"/api/topics{q}"), Credential.None),
            Route("GET delivery (path)", Gen.Const(HttpMethod.Get), Gen.Select(topic, seq, (t, s) => $"/api/topics/{t}/events/{s}/delivery"), Credential.Admin),
            Route("POST developments (path)", Gen.Const(HttpMethod.Post), topic.Select(t => $"/api/topics/{t}/developments"), Credential.Newsroom, withBody: true),
            Route("PUT/DELETE development (path)", Gen.OneOf(HttpMethod.Put, HttpMethod.Delete), Gen.Select(topic, id, (t, i) => $"/api/topics/{t}/developments/{i}"), Credential.Newsroom, withBody: true),
            Route("PUT/DELETE pin (path)", Gen.OneOf(HttpMethod.Put, HttpMethod.Delete), Gen.Select(topic, id, (t, i) => $"/api/topics/{t}/developments/{i}/pin"), Credential.Newsroom),
            Route("PUT topic (path)", Gen.Const(HttpMethod.Put), topic.Select(t => $"/api/topics/{t}"), Credential.Newsroom, withBody: true),
            Route("GET admin overview", Gen.Const(HttpMethod.Get), Gen.OneOf("/api/admin/overview", "/api/admin/overview?x=%00", "/api/admin/overview/", "/api/ADMIN/overview"), Credential.Admin),
            Route("GET pages (path, query)", Gen.Const(HttpMethod.Get), Gen.OneOf(
                topic.Select(t => $"/live/{t}"),
                topic.Select(t => $"/?topic={t}"),
                Gen.OneOf("/", "/newsroom", "/dashboard", "/livewire.js", "/livewire.css", "/live/", "/live", "/favicon.ico")), Credential.None),
            Route("any method on any route", method, Gen.OneOf(
                topic.Select(t => $"/api/topics/{t}"),
                topic.Select(t => $"/api/topics/{t}/developments"),
                Gen.Select(topic, id, (t, i) => $"/api/topics/{t}/developments/{i}/pin"),
                Gen.Select(topic, query, (t, q) => $"/api/topics/{t}/events{q}"),
                Gen.OneOf("/api/topics", "/api/admin/overview", "/newsroom", "/dashboard", "/health/ready", "/health/live", "/metrics")), Credential.Newsroom, withBody: true),
            Route("unknown paths", method, FuzzGen.Segment(FuzzGen.Text).Array[1, 5].Select(s => "/" + string.Join("/", s)), Credential.None));

        await RunAsync(probes, PathInputs);

        await AssertAcceptedTopicsListedAsync();
        await fixture.AssertNothingStoredForRefusedInputsAsync(BreakingTopic);
        await fixture.AssertHealthyAsync();
    }

    // Found by the fuzz: the names' patterns ended in $, which also matches before a final newline.
    [Theory]
    [InlineData("POST", "/api/topics/{topic}%0A/developments", "{\"headline\":\"Newline topic\"}", "topic")]
    [InlineData("POST", "/api/topics/{topic}/developments", "{\"id\":\"newline\\n\",\"headline\":\"Newline id\"}", "id")]
    [InlineData("PUT", "/api/topics/{topic}%0A", "{\"title\":\"Newline topic\"}", "topic")]
    [InlineData("GET", "/api/topics/{topic}%0A/events", null, "topic")]
    public async Task A_topic_or_id_that_ends_in_a_newline_gets_400_naming_it_and_nothing_is_stored(string method, string path, string? body, string field)
    {
        var topic = Newsroom.NewTopic("fznewline");
        using var newsroom = Cluster.CreateNewsroomClient(fixture.Server);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{topic}", topic, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await newsroom.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}");
        Assert.DoesNotContain((await fixture.StoredTopicsAsync()), t => t.StartsWith(topic, StringComparison.Ordinal));
    }

    // Found by the fuzz: the JSON body binding threw (a 500) on a charset it cannot look up.
    [Theory]
    [InlineData("application/json; charset=bogus", "application/json")]
    [InlineData("application/json; charset=\"utf-8\"", "*/*")]
    [InlineData("application/json; charset=", "text/html")]
    public async Task A_body_in_a_charset_the_server_cannot_read_gets_415_problem_json_and_nothing_is_accepted(string contentType, string accept)
    {
        var topic = Newsroom.NewTopic("fzcharset");
        using var newsroom = Cluster.CreateNewsroomClient(fixture.Server);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/topics/{topic}/developments")
        {
            Content = new ByteArrayContent("{\"headline\":\"Charset\"}"u8.ToArray()),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Accept.ParseAdd(accept);

        using var response = await newsroom.SendAsync(request);

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(topic, await fixture.StoredTopicsAsync());
    }

    // Found by the fuzz: with an Accept header that rules JSON out, refusals without a body of their own were plain
    // text, and a refused charset a 500.
    [Theory]
    [InlineData("GET", "/api/no-such-route", null, null, 404)]
    [InlineData("POST", "/api/topics/{topic}/developments", null, "{\"headline\":\"No token\"}", 401)]
    [InlineData("PATCH", "/api/topics/{topic}", "newsroom", "{}", 405)]
    [InlineData("POST", "/api/topics/{topic}/developments", "newsroom", "<p>not json</p>", 415)]
    [InlineData("POST", "/api/topics/{topic}/developments", "reader", "{\"headline\":\"Wrong role\"}", 403)]
    public async Task A_refusal_is_problem_json_even_when_the_Accept_header_asks_for_html(string method, string path, string? role, string? body, int status)
    {
        using var client = role is null ? Cluster.CreateClient(fixture.Server) : Cluster.CreateClient(fixture.Server, role);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{topic}", Newsroom.NewTopic("fzaccept"), StringComparison.Ordinal));
        request.Headers.Accept.ParseAdd("text/html");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, body.StartsWith('{') ? "application/json" : "text/html");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static readonly Gen<string> Priority =
        Gen.OneOf("\"normal\"", "\"breaking\"", "\"normal\"", "\"urgent\"", "\"\"", "\"NORMAL\"", "\"Breaking\"", "null", "1");

    private static readonly Gen<string> Timestamp = Gen.Frequency(
        (3, Gen.Int[-10_000, 10_000].Select(minutes => FuzzGen.JsonString(DateTimeOffset.UtcNow.AddMinutes(minutes).ToString("O")))),
        (1, Gen.OneOf("\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.9999999+00:00\"", "\"2024-13-45T25:61:61Z\"", "\"yesterday\"", "\"\"",
            "0", "1700000000000", "\"2024-01-01T00:00:00+14:00\"", "\"2024-01-01T00:00:00-14:01\"", "\"2024-01-01\"")));

    /// <summary>Mostly <paramref name="usual"/>, sometimes any other credential.</summary>
    private static Gen<Credential> Credentials(Credential usual) => Gen.Frequency(
        (12, Gen.Const(usual)),
        (1, Gen.Enum<Credential>()));

    private string? AuthorizationOf(Credential credential) => credential switch
    {
        Credential.Newsroom => "Bearer " + fixture.Token("fuzz-newsroom", [TopicAccess.NewsroomRole]),
        Credential.Admin => "Bearer " + fixture.Token("fuzz-admin", [TopicAccess.AdminRole]),
        Credential.NewsroomAndAdmin => "Bearer " + fixture.Token("fuzz-both", [TopicAccess.NewsroomRole, TopicAccess.AdminRole]),
        Credential.Reader => "Bearer " + fixture.Token("fuzz-reader", ["reader"], ["*"]),
        Credential.None => null,
        Credential.ForeignKey => "Bearer " + FuzzFixture.ForeignToken(),
        Credential.Expired => "Bearer " + fixture.Token("fuzz-late", [TopicAccess.NewsroomRole], lifetime: TimeSpan.FromMinutes(-10)),
        Credential.Garbage => "Bearer not.a.token",
        Credential.EmptyBearer => "Bearer ",
        Credential.Basic => "Basic dXNlcjpwYXNz",
        Credential.LowercaseScheme => "bearer " + fixture.Token("fuzz-lower", [TopicAccess.NewsroomRole]),
        Credential.Oversized => "Bearer " + new string('A', 8_000),
        Credential.TwoHeaders => "Bearer " + fixture.Token("fuzz-a", [TopicAccess.NewsroomRole]) + ", Bearer x",
        _ => throw new ArgumentOutOfRangeException(nameof(credential)),
    };

    /// <summary>
    /// Sends <paramref name="count"/> generated requests, <see cref="Concurrency"/> at a time, and fails (with the
    /// request, shrunk by CsCheck) on a 5xx or a refusal that is not a problem. Records the topics of accepted changes.
    /// </summary>
    private async Task RunAsync(Gen<Probe> probes, int count, Action<Probe, int, bool, string?>? onAnswer = null)
    {
        await Check.SampleAsync(
            Gen.Select(probes, FuzzGen.Accept, (probe, accept) => probe with { Accept = accept }),
            async probe =>
            {
                var (status, replayed, answeredTopic) = await SendAsync(probe);
                onAnswer?.Invoke(probe, status, replayed, answeredTopic);
            },
            iter: count,
            threads: Concurrency,
            print: probe => probe.ToString()).Within(TestTimeouts.Batch, $"{count} generated requests");
    }

    private async Task<(int Status, bool Replayed, string? Topic)> SendAsync(Probe probe)
    {
        // Absolute, so that a path starting with // stays a path (relative, it would name a host).
        using var request = new HttpRequestMessage(probe.Method, new Uri(fixture.Server.Url.GetLeftPart(UriPartial.Authority) + probe.Path));
        if (probe.Body is not null)
        {
            request.Content = new ByteArrayContent(probe.Body);
            if (probe.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", probe.ContentType);
            }
        }

        if (AuthorizationOf(probe.Credential) is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (probe.Accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", probe.Accept);
        }

        if (probe.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", probe.IdempotencyKey);
        }

        // One connection per request: a request never lands on a connection an earlier refusal left unusable.
        request.Headers.ConnectionClose = true;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request);
        }
        catch (HttpRequestException) when (probe.Body is { Length: > MaxRequestBodyBytes })
        {
            // Kestrel may refuse an over-limit body and close the connection while it is still being sent.
            _tally.Add(probe.Category, "connection closed while sending an over-limit body");
            return (413, false, null);
        }

        using var _ = response;
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            throw new XunitException($"answered {status}: {FuzzFixture.Escape(body, 2_000)}");
        }

        if (status >= 400 && IsKestrelRefusal(response, body))
        {
            // Kestrel refuses a request it cannot parse (a NUL in the decoded path…) or past its limits (request line,
            // headers) before any middleware runs, with an empty 400, 414 or 431 and Connection: close; the app never
            // sees it, so it cannot make it a problem.
            _tally.Add(probe.Category, $"{status} from Kestrel (empty, connection closed)");
            return (status, false, null);
        }

        if (status >= 400)
        {
            AssertProblem(probe, response, status, body);
            _tally.Add(probe.Category, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (status, false, null);
        }

        _tally.Add(probe.Category, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");
        string? answeredTopic = null;
        if (status is >= 200 and < 300 && probe.Method != HttpMethod.Get && probe.Method != HttpMethod.Head &&
            response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("topic", out var named))
            {
                answeredTopic = named.GetString()!;
                fixture.AcceptedTopics.TryAdd(answeredTopic, true);
                if (!ContractTopic().IsMatch(answeredTopic))
                {
                    throw new XunitException($"accepted a change to topic '{FuzzFixture.Escape(answeredTopic)}', which the contract's naming rules refuse");
                }

                if (json.RootElement.TryGetProperty("id", out var id) && !ContractId().IsMatch(id.GetString()!))
                {
                    throw new XunitException($"accepted a development id '{FuzzFixture.Escape(id.GetString()!)}', which the contract's naming rules refuse");
                }
            }
        }

        return (status, replayed, answeredTopic);
    }

    // The contract's names, written independently of the server's own patterns: \z, not $, ends the text.
    [System.Text.RegularExpressions.GeneratedRegex(@"\A(?=.{1,64}\z)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ContractTopic();

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ContractId();

    private static bool IsKestrelRefusal(HttpResponseMessage response, string body) =>
        (int)response.StatusCode is 400 or 414 or 431 && body.Length == 0 &&
        response.Content.Headers.ContentType is null && response.Headers.ConnectionClose == true;

    private static void AssertProblem(Probe probe, HttpResponseMessage response, int status, string body)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType != "application/problem+json")
        {
            throw new XunitException(
                $"refused with {status} as {mediaType ?? "(no content type)"}, not application/problem+json: {FuzzFixture.Escape(body, 500)}" +
                $"{Environment.NewLine}{response.Headers}{response.Content.Headers}");
        }

        if (probe.Method == HttpMethod.Head)
        {
            return;
        }

        using var problem = JsonDocument.Parse(body);
        if (!problem.RootElement.TryGetProperty("status", out var stated) || stated.GetInt32() != status)
        {
            throw new XunitException($"a {status} problem states another status: {FuzzFixture.Escape(body, 500)}");
        }
    }

    // An accepted publish commits through the bus and the ingestion; once each is in the topic list, nothing a
    // refused request could have sent along the same way is still on its way.
    private Task AssertAcceptedTopicsListedAsync() => Eventually.HoldsAsync(
        async () => (await fixture.StoredTopicsAsync()).IsSupersetOf(fixture.AcceptedTopics.Keys),
        TestTimeouts.Batch,
        "every accepted change to be committed");
}
