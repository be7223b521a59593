using System.Globalization;
using LiveWire.LoadTest.FanOut;
using LiveWire.LoadTest.Measuring;
using LiveWire.LoadTest.Readers;
using LiveWire.LoadTest.References;
using LiveWire.LoadTest.Soak;

namespace LiveWire.LoadTest;

/// <summary>Parses the command line and runs a scenario.</summary>
internal static class LoadTestCommand
{
    private const string Usage = """
        LiveWire.LoadTest: measures a running LiveWire deployment through its real entry points, beside two
        reference servers, on this machine only (loopback).

        Usage:
          LiveWire.LoadTest fanout [--livewire URL[,URL…] --signing-key KEY] [--bare URL] [--raw URL] [--raw-batched URL] [options]
          LiveWire.LoadTest reference bare-signalr|raw-websocket|raw-websocket-batched --urls URL
          LiveWire.LoadTest latency --post-url URL --subscribe-url URL --signing-key KEY [options]
          LiveWire.LoadTest soak --livewire URL[,URL…] --signing-key KEY [options]
          LiveWire.LoadTest heap-census DUMP

        fanout      N readers (raw WebSockets speaking SignalR's protocol, from several 127.0.0.x source
                    addresses) subscribe over T topics; events are posted at R a second to each target's
                    POST /api/topics/{topic}/developments. Runs every target in turn, repeated and interleaved
                    (LiveWire, bare, raw, LiveWire, …), then prints medians and LiveWire's ratios to each
                    reference, pair by pair. Per run: deliveries per second sustained (measured deliveries over
                    the time from the first measured post to the last measured delivery), latency from the
                    moment this tool sent the post (its id carries the time, so time queued at the server's
                    intake counts) to the frame's arrival (p50, p90, p99, max; one clock: the same machine), connects
                    per second, server memory per connection ((RSS with N connected - RSS before) / N), CPU of
                    the server processes, of this generator and of the whole machine, messages per socket read
                    at the readers (about 1 when each event reaches a socket in a write of its own), and events
                    lost, repeated or unexpected (all must be 0: the exit code is 2 otherwise). With --rates, each
                    target runs at rising rates until a run's p99 reaches --p99-limit-ms; the last rate that held
                    (every delivery once, p99 under the limit) is its capacity, the scenario's headline figure.
          --livewire URLS     LiveWire Server node(s); readers are spread over them, posts go to the first
          --bare URL          the bare SignalR reference (see `reference`)
          --raw URL           the raw WebSocket reference, one write per event and socket
          --raw-batched URL   the strong raw reference: one write of everything queued for a socket
          --livewire-pids P   process ids (comma-separated) whose CPU and memory count as that server's;
          --bare-pids P         without them those figures are NaN
          --raw-pids P, --raw-batched-pids P
          --observe N=PID,…   other processes (Redis, RabbitMQ) whose CPU over the measured posting and RSS
                              growth per connected reader are reported beside the servers'
          --signing-key KEY   the HS256 key LiveWire checks newsroom tokens with
          --issuer ISS, --audience AUD
                              the issuer and audience LiveWire requires (LiveWire:Auth:Issuer, :Audience)
          --readers N         readers (default 1000, at most 200000; one process holds at most ~19000)
          --topics T          topics (default 1); readers are shared out by --shares, events round-robin
          --shares W,W,…      one weight per topic (default: even)
          --rate R            events posted per second over all topics, 0.1 for one every 10 s (default 10;
                              0: connect, measure memory, disconnect)
          --rates R,R,…       rising rates to step through, fresh readers at each step, to find each target's
                              capacity (replaces --rate)
          --p99-limit-ms L    a step holds while its p99 stays under this (default 1000)
          --duration-s D      measured posting time (default 10)
          --warmup-s W        posting before measuring, not timed but checked (default 2)
          --repeats K         runs per target (default 3)
          --protocol P        json (default) or messagepack
          --acks on|off       readers ack the highest seq once a second per topic, as clients do (default off)
          --body-bytes B      size of each development's body (default 400)
          --connect-concurrency C   connects in flight at once (default 100)
          --source-addresses A      127.0.0.x addresses each reader process connects from (default: one per
                              20000 readers, at least 2)
          --workers K         spread the readers over K worker processes of this tool (default: none up to
                              15000 readers, else one per 15000); 0 keeps them in this process
          --drain-s S         longest wait for the last deliveries after posting (default 30)
          --settle-s S        pause before reading memory, and after disconnecting (default 2)
          --timeout-s S       give up after this long in all (default 1800)
          --label NAME        the scenario's name in the output
          --out FILE          also write every run, the medians and the ratios as JSON

        reference   Serves one of the references on --urls: `bare-signalr`, a bare ASP.NET Core SignalR hub
                    broadcasting to a group (no bus, store or backplane); `raw-websocket`, Kestrel WebSockets
                    writing the same event bytes to every socket, one event after another; or
                    `raw-websocket-batched`, the same with each socket writing all that is queued for it at once.
                    All take the same POST as LiveWire.

        latency     One reader subscribes on --subscribe-url; developments are posted one at a time to
                    --post-url (another node); reports the time from the start of each POST to the reader's
                    receipt of its event, on one clock (this process).
          --posts N          developments to post (default 200, at most 100000)
          --interval-ms N    pause between posts (default 20)
          --warmup N         posts before measuring, not counted (default 20)
          --timeout-s N      give up after this long in all (default 300)
          --out FILE         also write the results as JSON

        soak        N readers (raw WebSockets, in worker processes of this tool) spread over the given Server nodes
                    read T topics while events are posted at R a second for D seconds (to the first node, so kill
                    another). Every churn period a share of the readers leaves and comes back after a random time
                    away, resuming with Subscribe(topic, afterSeq) from the last seq it holds in order; a reader whose
                    node dies connects again (full-jitter back-off from 2 s, capped at 30 s, 12 attempts; first to
                    another node) and resumes. Every --rss-every-s, samples the resident memory of this tool, its
                    workers and the processes named in --processes. At the end reads each topic's history back (each
                    post committed once, gap-free) and prints: lost (seqs a reader never got, of those committed or
                    answered 202: an accepted post never committed is lost to every reader), raw
                    duplicates delivered (what de-dup by seq drops), repeated after de-dup (a post committed under two
                    seqs), resumes and resets, and per steady stretch of each process its RSS after warm-up, at the end, its
                    max and the change. Exit code 2 when anything was lost, repeated after de-dup, not committed, or a
                    reader did not come back; 3 when only the RSS moved beyond the tolerance.
          --livewire URLS     the Server nodes; readers are dealt out over them, posts go to the first
          --signing-key KEY, --issuer ISS, --audience AUD   as for fanout
          --readers N         readers (default 10000)
          --topics T          topics (default 1); reader i reads topic i mod T, posts go round-robin
          --rate R            events posted per second over all topics, 0.1 for one every 10 s (default 2)
          --duration-s D      posting time (default 600)
          --churn-every-s S   how often readers leave (default 60)
          --churn-percent P   the share of readers that leaves each time (default 5)
          --away-max-s A      a leaving reader comes back after a random time up to this (default 10)
          --processes FILE    lines "NAME PID" to sample, read again at every sample (a restarted process is
                              a new instance under the same name)
          --rss-every-s S     sampling period (default 10)
          --rss-warmup-s W    how long a steady stretch of a process warms up before it is judged (default 120);
                              a stretch ends where a process went away (a kill hands its readers over)
          --rss-window-s S    the warm and end windows, in seconds (default 60): their floors (lowest samples) are
                              judged, their medians shown
          --rss-tolerance-percent P   flag a change beyond this (default 10)
          --started-file FILE written (unix time) when posting begins, for a script that times a fault
          --workers K         worker processes for the readers (default 2, or one per 15000 readers)
          --protocol P, --acks on|off, --body-bytes B, --connect-concurrency C, --source-addresses A
                              as for fanout (source addresses per worker, default 2)
          --drain-s S         longest wait after posting for readers to come back and catch up (default 180)
          --audit-every-s S   how often the history is read on during the run (default 30): more often than the
                              store's retention trims, so a soak can run with a short history
          --timeout-s S       give up after this long in all (default 7200)
          --label NAME, --out FILE   the name in the output; also write the report as JSON

        heap-census Counts the objects a heap dump (dotnet-dump collect --type Heap, of a process on this
                    machine) still reaches from a root, by type: total bytes, objects, name, largest first (what
                    scripts/heapdiff.py compares). Garbage not yet collected does not count.

        --help      this text
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }

        try
        {
            switch (args[0])
            {
                case "latency":
                    await LatencyScenario.RunAsync(LatencyScenario.Settings.From(ParseOptions(args.Skip(1))));
                    return 0;
                case "fanout":
                    return await FanOutAsync(FanOutSettings.From(ParseOptions(args.Skip(1))));
                case "soak":
                    return await SoakAsync(SoakSettings.From(ParseOptions(args.Skip(1))));
                case ReaderWorker.Command:
                    await ReaderWorker.RunAsync(Console.In, Console.Out);
                    return 0;
                case "heap-census" when args.Length == 2:
                    HeapCensus.Write(args[1], Console.Out);
                    return 0;
                case "reference" when args.Length > 1:
                    await ReferenceServers.Build(args[1], args[2..]).RunAsync();
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown scenario '{args[0]}'.\n\n{Usage}");
                    return 1;
            }
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine($"{exception.Message}\n\n{Usage}");
            return 1;
        }
    }

    private static Task<int> FanOutAsync(FanOutSettings settings) => RunScenarioAsync(
        stop => FanOutScenario.RunAsync(settings, Console.Error, stop),
        report => (report.ToTable(), report.ToJson(), report.Clean ? 0 : 2),
        settings.Out);

    private static Task<int> SoakAsync(SoakSettings settings) => RunScenarioAsync(
        stop => SoakScenario.RunAsync(settings, Console.Error, stop),
        report => (report.ToTable(), report.ToJson(), !report.Clean ? 2 : !report.RssFlat ? 3 : 0),
        settings.Out);

    /// <summary>Runs a scenario until it ends or Ctrl+C, prints its table, writes its JSON to <paramref name="jsonFile"/> if given, and answers its exit code.</summary>
    private static async Task<int> RunScenarioAsync<TReport>(
        Func<CancellationToken, Task<TReport>> run,
        Func<TReport, (string Table, string Json, int ExitCode)> outcome,
        string? jsonFile)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var (table, json, exitCode) = outcome(await run(stop.Token));
        Console.WriteLine(table);
        if (jsonFile is not null)
        {
            await File.WriteAllTextAsync(jsonFile, json);
        }

        return exitCode;
    }

    private static Dictionary<string, string> ParseOptions(IEnumerable<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                options[name] = "true";
            }
            else if (name is not null)
            {
                options[name] = arg;
                name = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }
        }

        return options;
    }

    public static string Require(this Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    /// <summary>The hub protocol readers speak: <c>--protocol json</c> (the default) or <c>messagepack</c>.</summary>
    public static WireProtocol Protocol(this Dictionary<string, string> options) => options.GetValueOrDefault("protocol", "json") switch
    {
        "json" => WireProtocol.Json,
        "messagepack" => WireProtocol.MessagePack,
        _ => throw new ArgumentException("--protocol is json or messagepack."),
    };

    /// <summary>An <c>on|off</c> option, off unless given.</summary>
    public static bool OnOff(this Dictionary<string, string> options, string name) => options.GetValueOrDefault(name, "off") switch
    {
        "on" => true,
        "off" => false,
        _ => throw new ArgumentException($"--{name} is on or off."),
    };

    public static double Double(this Dictionary<string, string> options, string name, double fallback, double max) =>
        !options.TryGetValue(name, out var value) ? fallback
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 && parsed <= max ? parsed
        : throw new ArgumentException($"--{name} must be a number from 0 to {max}.");

    public static int Int(this Dictionary<string, string> options, string name, int fallback, int max) =>
        !options.TryGetValue(name, out var value) ? fallback
        : int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 && parsed <= max ? parsed
        : throw new ArgumentException($"--{name} must be a whole number from 0 to {max}.");
}
