using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using LiveWire.Contracts;
using LiveWire.Core.Security;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LiveWire.Server.Tests.FuzzTests;

/// <summary>
/// Generated hub calls against a real Server node on the real Redis: typed calls through the .NET client (sizes, nulls,
/// huge numbers, tokens) and raw JSON protocol frames (arguments of any type and number, unknown targets, malformed
/// frames). A call succeeds or fails with a coded <see cref="HubException"/> (or SignalR's own refusal of arguments
/// it cannot bind, counted apart); never a server error; nothing stored for a refused call; the node ready afterwards.
/// </summary>
[Collection(FuzzTestGroup.Name)]
public sealed partial class HubFuzzTests(FuzzFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzFixture>, IAsyncLifetime
{
    private const int TypedCalls = 3_000;
    private const int RawArgumentFrames = 2_500;
    private const int RawTargetFrames = 750;
    private const int RawShapeFrames = 750;
    private const int Concurrency = 4;

    private readonly FuzzTally _tally = new();
    private readonly ConcurrentDictionary<string, bool> _subscribed = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<RawHubConnection> _rawConnections = [];
    private int _invocationIds;
    private string _seededTopic = null!;

    private LiveWireCluster Cluster => fixture.Cluster;

    /// <summary>One typed hub call, on one of the test's connections.</summary>
    public sealed record HubCall(string Method, string? Topic, long? AfterSeq, long Seq, int HeldMs, int Connection)
    {
        public override string ToString() => Method switch
        {
            "Subscribe" => $"connection {Connection}: Subscribe({Show(Topic)}, {AfterSeq?.ToString(CultureInfo.InvariantCulture) ?? "null"})",
            "Unsubscribe" => $"connection {Connection}: Unsubscribe({Show(Topic)})",
            _ => $"connection {Connection}: Ack({Show(Topic)}, {Seq}, {HeldMs})",
        };

        private static string Show(string? text) => text is null ? "null" : $"\"{FuzzFixture.Escape(text)}\"";
    }

    /// <summary>One raw frame: an invocation of <c>Target</c> with <c>Arguments</c> (JSON), or <c>Text</c> as it is.</summary>
    public sealed record Frame(string Category, string? Target, string? Arguments, string? Text, byte[]? Bytes = null)
    {
        public override string ToString() => Text is not null ? $"raw: {FuzzFixture.Escape(Text)}"
            : Bytes is not null ? $"bytes: {Convert.ToHexString(Bytes.AsSpan(0, Math.Min(200, Bytes.Length)))}"
            : $"invoke {FuzzFixture.Escape(Target!)} with [{FuzzFixture.Escape(Arguments!)}]";
    }

    public async Task InitializeAsync()
    {
        _seededTopic = Newsroom.NewTopic("fzhubseed");
        using var newsroom = Cluster.CreateNewsroomClient(fixture.Server);
        for (var i = 1; i <= 3; i++)
        {
            await newsroom.PostAsync(_seededTopic, $"seed-{i}");
        }

        await newsroom.WaitForSeqAsync(_seededTopic, 3);
        fixture.AcceptedTopics.TryAdd(_seededTopic, true);
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _rawConnections)
        {
            await connection.DisposeAsync();
        }

        output.WriteLine($"{_tally.Total} generated hub inputs");
        output.WriteLine(_tally.ToString());
    }

    [Fact]
    public async Task Generated_typed_hub_calls_succeed_or_fail_with_a_coded_HubException_and_a_refused_subscribe_counts_no_reader()
    {
        // Anonymous, a reader granted every topic, a reader granted one private topic, an editor.
        var privateTopic = "private-" + Newsroom.NewTopic("fzhub");
        string?[] tokens =
        [
            null,
            Cluster.IssueToken([], ["*"]),
            Cluster.IssueToken([], [privateTopic]),
            Cluster.IssueToken([TopicAccess.NewsroomRole]),
        ];
        // A pool of connections per token: a call takes one, and puts it back unless the server closed it.
        var pools = tokens.Select(_ => new ConcurrentBag<HubConnection>()).ToArray();
        try
        {
            var topic = Gen.Frequency(
                (3, FuzzGen.UniqueTopic("fzhub").Select(t => (string?)t)),
                (1, Gen.Const((string?)_seededTopic)),
                (1, Gen.OneOf((string?)privateTopic, "private-" + Newsroom.NewTopic("fzhubother"), LiveWire.Core.Topics.TopicName.Breaking)),
                (3, FuzzGen.Text.Select(t => (string?)t)),
                (1, Gen.Const((string?)null)));
            var afterSeq = Gen.Frequency(
                (3, Gen.Const((long?)null)),
                (3, Gen.Long[-3, 5].Select(n => (long?)n)),
                (1, Gen.OneOf<long?>(long.MinValue, long.MaxValue, int.MaxValue + 1L, -1L)),
                (1, Gen.Long.Select(n => (long?)n)));
            var seq = Gen.Frequency((3, Gen.Long[-3, 5]), (1, Gen.OneOf(long.MinValue, long.MaxValue, 0L)), (1, Gen.Long));
            var heldMs = Gen.Frequency((3, Gen.Int[0, 2_000]), (1, Gen.OneOf(int.MinValue, int.MaxValue, -1)), (1, Gen.Int));
            var calls = Gen.Select(Gen.OneOf("Subscribe", "Subscribe", "Unsubscribe", "Ack"), topic, afterSeq, seq, heldMs, Gen.Int[0, tokens.Length - 1],
                (method, t, after, s, held, connection) => new HubCall(method, t, after, s, held, connection));

            await Check.SampleAsync(
                calls,
                async call =>
                {
                    if (!pools[call.Connection].TryTake(out var connection))
                    {
                        connection = LiveWireCluster.CreateHubConnection(fixture.Server, tokens[call.Connection]);
                        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
                    }

                    try
                    {
                        _tally.Add($"hub typed: {call.Method}", await InvokeAsync(connection, call));
                    }
                    finally
                    {
                        if (connection.State == HubConnectionState.Connected)
                        {
                            pools[call.Connection].Add(connection);
                        }
                        else
                        {
                            await connection.DisposeAsync();
                        }
                    }
                },
                iter: TypedCalls,
                threads: Concurrency,
                print: call => call.ToString()).Within(TestTimeouts.Batch, $"{TypedCalls} typed hub calls");

            Assert.False(_subscribed.IsEmpty, "no generated subscribe succeeded");
            // The readers the node counts (published every 100 ms) are on topics a subscribe succeeded on, and only those.
            await Eventually.HoldsAsync(async () => (await fixture.CountedReaderTopicsAsync()).Count > 0, TestTimeouts.Delivery, "the reader counts to be published");
            var counted = await fixture.CountedReaderTopicsAsync();
            Assert.Empty(counted.Where(t => !_subscribed.ContainsKey(t)).Select(t => FuzzFixture.Escape(t)));
        }
        finally
        {
            foreach (var connection in pools.SelectMany(pool => pool))
            {
                await connection.DisposeAsync();
            }
        }

        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Generated_raw_hub_invocations_with_arguments_of_any_type_and_number_get_a_result_or_a_refusal_never_a_server_error()
    {
        var argument = Gen.Frequency(
            (3, FuzzGen.JsonValue(1)),
            (2, FuzzGen.UniqueTopic("fzraw").Select(FuzzGen.JsonString)),
            (1, Gen.Const(FuzzGen.JsonString(_seededTopic))),
            (1, Gen.OneOf(FuzzGen.NumberLiterals)),
            (1, Gen.Int[20_000, 40_000].Select(n => FuzzGen.JsonString(new string('t', n)))));
        var frames = Gen.Select(Gen.OneOf("Subscribe", "Unsubscribe", "Ack"), argument.Array[0, 5], (target, arguments) =>
            new Frame("hub raw: argument types and counts", target, string.Join(",", arguments), null));

        await RunRawAsync(frames, RawArgumentFrames);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Generated_raw_hub_invocations_of_unknown_or_hidden_targets_are_refused_never_a_server_error()
    {
        var target = Gen.Frequency(
            (2, Gen.OneOf("subscribe", "SUBSCRIBE", "Subscribe ", " Subscribe", "Subscribe\0", "Ack2", "Unsubscribe.", "OnConnectedAsync", "OnDisconnectedAsync",
                "Dispose", "ToString", "GetHashCode", "Equals", "GetType", "TakeSubscribeCall", "get_Context", "set_Context", "Context", "Clients", "Groups",
                "event", "", "*", "../Subscribe", "LiveHub.Subscribe", "Finalize", "MemberwiseClone")),
            (2, FuzzGen.Text));
        var frames = Gen.Select(target, FuzzGen.JsonValue(1).Array[0, 3], (t, arguments) =>
            new Frame("hub raw: targets", t, string.Join(",", arguments), null));

        await RunRawAsync(frames, RawTargetFrames);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Generated_malformed_hub_frames_get_a_refusal_or_a_closed_connection_and_the_node_stays_ready()
    {
        var id = Gen.OneOf("\"1\"", "1", "null", "{}", "[]", "\"\"", "true", FuzzGen.JsonString(new string('i', 5_000)), "\"\\uD800\"");
        var type = Gen.OneOf("1", "2", "3", "4", "5", "6", "7", "8", "99", "0", "-1", "\"1\"", "null", "1.5", "1e400", "{}");
        var valid = $"\"target\":\"Subscribe\",\"arguments\":[{FuzzGen.JsonString(_seededTopic)},0]";
        var frames = Gen.Frequency(
            (3, Gen.Select(type, id, Gen.OneOf(valid, "\"target\":\"Subscribe\"", "\"arguments\":[]", "\"target\":1,\"arguments\":[]",
                    "\"target\":\"Ack\",\"arguments\":{}", "\"target\":\"Ack\",\"arguments\":null", "\"target\":\"Ack\",\"arguments\":\"x\"",
                    valid + ",\"streamIds\":[\"s1\"]", valid + ",\"headers\":{\"a\":\"b\"}", valid + ",\"headers\":[1]", valid + ",\"extra\":{\"deep\":[[[[1]]]]}",
                    "\"item\":1", "\"result\":1", "\"error\":\"x\"", "\"allowReconnect\":true"),
                (t, i, rest) => new Frame("hub raw: frame shapes", null, null, $"{{\"type\":{t},\"invocationId\":{i},{rest}}}"))),
            (2, Gen.OneOf(FuzzGen.MalformedJson).Select(json => new Frame("hub raw: malformed JSON", null, null, json))),
            (1, Gen.Int[33_000, 80_000].Select(n => new Frame("hub raw: oversized frames", null, null,
                $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[{FuzzGen.JsonString(new string('x', n))},null]}}"))),
            (1, Gen.Byte.Array[1, 200].Select(bytes => new Frame("hub raw: bytes", null, null, null, bytes))));

        await RunRawAsync(frames, RawShapeFrames);
        await AssertNothingStoredAsync();
    }

    // Found by the fuzz: SignalR answered these without a code, and hung the connection on a message of an unknown type.
    [Theory]
    [InlineData("Subscribe", "1,2,3", "invalid-argument")]
    [InlineData("Subscribe", "", "invalid-argument")]
    [InlineData("Ack", "\"story\",1e400,0", "invalid-argument")]
    [InlineData("Unsubscribe", "{}", "invalid-argument")]
    [InlineData("Subscribe2", "\"story\",null", "unknown-method")]
    [InlineData("OnConnectedAsync", "", "unknown-method")]
    public async Task An_invocation_SignalR_cannot_bind_is_refused_with_a_code(string target, string arguments, string code)
    {
        await using var connection = await RawHubConnection.OpenAsync(fixture.Server.Url);

        var error = await RefusalAsync(connection, "1", $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"{target}\",\"arguments\":[{arguments}]}}");

        Assert.Equal($"refused: {code} (before the hub: SignalR could not bind it)", Classify(error));
    }

    [Theory]
    [InlineData("{\"type\":99}")]
    [InlineData("{\"type\":0,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[\"story\",null]}")]
    [InlineData("{\"type\":-1}")]
    public async Task A_message_of_an_unknown_type_is_skipped_and_the_calls_after_it_are_answered(string unknown)
    {
        await using var connection = await RawHubConnection.OpenAsync(fixture.Server.Url);

        await connection.SendAsync(unknown);
        var error = await RefusalAsync(connection, "2", "{\"type\":1,\"invocationId\":\"2\",\"target\":\"Subscribe\",\"arguments\":[\"Not-A-Topic\",null]}");

        Assert.Equal("refused: invalid-topic", Classify(error));
    }

    private static async Task<string> RefusalAsync(RawHubConnection connection, string invocationId, string invocation)
    {
        await connection.SendAsync(invocation);
        var completion = await connection.CompletionAsync(invocationId);
        Assert.NotNull(completion);
        return completion.Value.GetProperty("error").GetString()!;
    }

    // A hub message larger than this (SignalR's MaximumReceiveMessageSize, 32 KiB) makes the server close the connection.
    private const int MaximumReceiveMessageSize = 32 * 1024;

    /// <summary>Makes <paramref name="call"/> on <paramref name="connection"/>; the outcome, for the tally.</summary>
    private async Task<string> InvokeAsync(HubConnection connection, HubCall call)
    {
        try
        {
            switch (call.Method)
            {
                case "Subscribe":
                    var result = await connection.InvokeAsync<SubscribeResult>("Subscribe", call.Topic, call.AfterSeq).Within(TestTimeouts.Delivery, "Subscribe");
                    _subscribed.TryAdd(result.Topic, true);
                    break;
                case "Unsubscribe":
                    await connection.InvokeAsync("Unsubscribe", call.Topic).Within(TestTimeouts.Delivery, "Unsubscribe");
                    break;
                default:
                    await connection.InvokeAsync("Ack", call.Topic, call.Seq, call.HeldMs).Within(TestTimeouts.Delivery, "Ack");
                    break;
            }

            return "ok";
        }
        catch (HubException exception) when (!exception.Message.StartsWith("The server closed the connection", StringComparison.Ordinal))
        {
            return Classify(exception.Message);
        }
        catch (Exception exception) when (exception is not (TimeoutException or XunitException))
        {
            // The server closed the connection: right for a message past its size limit (the client escapes every
            // non-ASCII character, up to 12 bytes for one), wrong for anything else.
            await Eventually.HoldsAsync(() => connection.State != HubConnectionState.Connected, TestTimeouts.Delivery, $"the connection to close after {exception.Message}");
            var size = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(call.Topic));
            if (size < MaximumReceiveMessageSize - 1_024)
            {
                throw new XunitException($"the server closed the connection on a {size}-byte argument: {exception}");
            }

            return "connection closed: message over 32 KiB";
        }
    }

    /// <summary>
    /// The outcome of a refused call, by its error: a coded HubException (<c>code: explanation</c>) or a failure of the
    /// test. SignalR puts a HubException's message after its own words: "An unexpected error occurred invoking 'X' on
    /// the server. HubException: code: …" for one the hub threw, "Failed to invoke 'X' due to an error on the server.
    /// HubException: code: …" for an invocation it could not bind; without "HubException:", the error is the server's.
    /// </summary>
    private static string Classify(string error)
    {
        if (CodedHubException().Match(error) is { Success: true } coded)
        {
            return $"refused: {coded.Groups["code"].Value}" + (coded.Groups["binding"].Success ? " (before the hub: SignalR could not bind it)" : "");
        }

        throw new XunitException($"the hub answered with an error that has no code: {FuzzFixture.Escape(error, 1_000)}");
    }

    [GeneratedRegex(@"\A(?:An unexpected error occurred invoking '.*' on the server|(?<binding>Failed to invoke '.*' due to an error on the server))\. HubException: (?<code>[a-z]+(?:-[a-z]+)*): \S", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex CodedHubException();

    private async Task RunRawAsync(Gen<Frame> frames, int count)
    {
        await Check.SampleAsync(
            frames,
            async frame =>
            {
                if (!_rawConnections.TryTake(out var connection))
                {
                    connection = await RawHubConnection.OpenAsync(fixture.Server.Url);
                }

                try
                {
                    _tally.Add(frame.Category, await SendRawAsync(connection, frame));
                }
                finally
                {
                    if (connection.Closed)
                    {
                        await connection.DisposeAsync();
                    }
                    else
                    {
                        _rawConnections.Add(connection);
                    }
                }
            },
            iter: count,
            threads: Concurrency,
            print: frame => frame.ToString()).Within(TestTimeouts.Batch, $"{count} raw hub frames");

        await fixture.AssertHealthyAsync();
        // The node still serves a well-behaved reader.
        await using var reader = LiveWireCluster.CreateHubConnection(fixture.Server);
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect after the fuzz run");
        var subscribed = await reader.InvokeAsync<SubscribeResult>("Subscribe", _seededTopic, 0L).Within(TestTimeouts.Delivery, "subscribe after the fuzz run");
        Assert.Equal((3L, 3), (subscribed.LatestSeq, subscribed.Replayed));
    }

    /// <summary>Sends <paramref name="frame"/>, then reads what the hub made of it; the outcome, for the tally.</summary>
    private async Task<string> SendRawAsync(RawHubConnection connection, Frame frame)
    {
        // An invocation the test builds waits for its own completion; any other frame is followed by a sentinel
        // invocation, whose completion shows that the frame was dealt with and the connection still works.
        var invocationId = Interlocked.Increment(ref _invocationIds).ToString(CultureInfo.InvariantCulture);
        var invocationBytes = 0;
        if (frame.Target is not null)
        {
            var invocation = $"{{\"type\":1,\"invocationId\":\"{invocationId}\",\"target\":{FuzzGen.JsonString(frame.Target)},\"arguments\":[{frame.Arguments}]}}";
            invocationBytes = Encoding.UTF8.GetByteCount(invocation);
            await connection.SendAsync(invocation);
        }
        else
        {
            if (frame.Bytes is not null)
            {
                await connection.SendAsync(frame.Bytes);
            }
            else
            {
                await connection.SendAsync(frame.Text!);
            }

            await connection.SendAsync($"{{\"type\":1,\"invocationId\":\"{invocationId}\",\"target\":\"Unsubscribe\",\"arguments\":[\"fuzz-sentinel\"]}}");
        }

        var completion = await connection.CompletionAsync(invocationId);
        if (completion is not { } answer)
        {
            // An invocation may close the connection only by its size (SignalR's 32 KiB limit) or by a target that is
            // no text (a lone surrogate escape): SignalR reads the target itself, and a message it cannot read ends the
            // connection. Arguments it cannot read are refused (invalid-argument), not closed on.
            if (frame.Target is not null)
            {
                // The JSON protocol's record separator (one byte) counts toward the limit.
                return invocationBytes + 1 > MaximumReceiveMessageSize ? "connection closed: message over 32 KiB"
                    : HasLoneSurrogate(frame.Target) ? "connection closed: target not valid UTF-16"
                    : throw new XunitException($"the server closed the connection on a well-formed {invocationBytes}-byte invocation: {connection.CloseError ?? "no error"}");
            }

            return "connection closed: " + ClosedBecause(connection.CloseError);
        }

        if (!answer.TryGetProperty("error", out var error))
        {
            if (frame.Target is "Subscribe" && answer.TryGetProperty("result", out var result) && result.TryGetProperty("topic", out var topic))
            {
                _subscribed.TryAdd(topic.GetString()!, true);
            }

            return frame.Target is null ? "ignored, connection open" : "ok";
        }

        return Classify(error.GetString()!);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string ClosedBecause(string? error) => error switch
    {
        null => "no error",
        _ when error.StartsWith("Connection closed with an error.", StringComparison.Ordinal) => "with an error (" +
            (error.Contains("InvalidDataException", StringComparison.Ordinal) ? "unreadable message" : error.Split(':')[0]) + ")",
        _ => FuzzFixture.Escape(error, 120),
    };

    // The hub reads topics but writes none of their keys: only the topics the tests seeded may have any.
    private async Task AssertNothingStoredAsync()
    {
        await fixture.AssertNothingStoredForRefusedInputsAsync();
        await fixture.AssertHealthyAsync();
    }
}
