using System.Globalization;

namespace LiveWire.LoadTest;

/// <summary>Parses the command line and runs a scenario.</summary>
internal static class LoadTestCommand
{
    private const string Usage = """
        LiveWire.LoadTest: measures a running LiveWire deployment through its real entry points. Loopback only.

        Usage:
          LiveWire.LoadTest latency --post-url URL --subscribe-url URL --signing-key KEY [options]

        Scenarios:
          latency   One reader subscribes on --subscribe-url; developments are posted one at a time to
                    --post-url (another node); reports the time from the start of each POST to the reader's
                    receipt of its event, on one clock (this process).

        Options:
          --posts N          developments to post (default 200, at most 100000)
          --interval-ms N    pause between posts (default 20)
          --warmup N         posts before measuring, not counted (default 20)
          --timeout-s N      give up after this long in all (default 300)
          --out FILE         also write the results as JSON
          --help             this text
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }

        var options = ParseOptions(args.Skip(1));
        try
        {
            switch (args[0])
            {
                case "latency":
                    await LatencyScenario.RunAsync(LatencyScenario.Settings.From(options));
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

    public static int Int(this Dictionary<string, string> options, string name, int fallback, int max) =>
        !options.TryGetValue(name, out var value) ? fallback
        : int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 && parsed <= max ? parsed
        : throw new ArgumentException($"--{name} must be a whole number from 0 to {max}.");
}
