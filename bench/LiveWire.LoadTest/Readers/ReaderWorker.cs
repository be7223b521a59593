using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveWire.LoadTest.Readers;

/// <summary>
/// The worker side of <see cref="WorkerReaderGroup"/>: reads its <see cref="ReaderGroupPlan"/> as the first line,
/// then answers each command with one JSON line: <c>connect</c>, <c>measure [seqs]</c>, <c>counts</c>,
/// <c>churn SHARE AWAY_MS</c>, <c>report [accepted]</c>; <c>close</c> (or the end of input) disconnects and exits.
/// </summary>
internal static class ReaderWorker
{
    public const string Command = "reader-worker";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task RunAsync(TextReader input, TextWriter output)
    {
        var plan = JsonSerializer.Deserialize<ReaderGroupPlan>(await input.ReadLineAsync() ?? "", Json)
            ?? throw new ArgumentException("A reader worker reads its plan first.");
        await using var group = new LocalReaderGroup(plan);
        while (await input.ReadLineAsync() is { } line && line != "close")
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (command, argument) = space < 0 ? (line, "") : (line[..space], line[(space + 1)..]);
            object answer = command switch
            {
                "connect" => await group.ConnectAsync(CancellationToken.None),
                "measure" => await MeasureAsync(group, argument),
                "counts" => await group.CountsAsync(CancellationToken.None),
                "churn" => await ChurnAsync(group, argument),
                "report" => await group.ReportAsync(JsonSerializer.Deserialize<long[]>(argument)!, CancellationToken.None),
                _ => throw new ArgumentException($"Unknown worker command '{command}'."),
            };
            await output.WriteLineAsync(JsonSerializer.Serialize(answer, Json));
            await output.FlushAsync();
        }
    }

    private static Task<int> ChurnAsync(LocalReaderGroup group, string argument)
    {
        var parts = argument.Split(' ');
        return group.ChurnAsync(
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            TimeSpan.FromMilliseconds(double.Parse(parts[1], CultureInfo.InvariantCulture)),
            CancellationToken.None);
    }

    private static async Task<bool> MeasureAsync(LocalReaderGroup group, string seqs)
    {
        await group.MeasureAfterAsync(JsonSerializer.Deserialize<long[]>(seqs)!, CancellationToken.None);
        return true;
    }
}
