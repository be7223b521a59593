using System.Diagnostics;
using System.Text.Json;

namespace LiveWire.LoadTest.Readers;

/// <summary>
/// A reader group in a worker process of this tool (<c>reader-worker</c>), driven over its standard input and
/// output one JSON line at a time (see <see cref="ReaderWorker"/>). A process may hold at most ~19,000 sockets
/// (20,000 open files), so larger runs spread their readers over several workers.
/// </summary>
internal sealed class WorkerReaderGroup : IReaderGroup
{
    private readonly Process _process;
    private readonly SemaphoreSlim _oneAtATime = new(1);

    public WorkerReaderGroup(ReaderGroupPlan plan)
    {
        // The tool's own assembly on the dotnet host, whether this process is the tool or a test host.
        var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(WorkerReaderGroup).Assembly.Location);
        start.ArgumentList.Add(ReaderWorker.Command);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a reader worker.");
        _process.StandardInput.WriteLine(JsonSerializer.Serialize(plan, ReaderWorker.Json));
        _process.StandardInput.Flush();
    }

    public int ProcessId => _process.Id;

    public Task<ConnectResult> ConnectAsync(CancellationToken cancellationToken) =>
        AskAsync<ConnectResult>("connect", cancellationToken);

    public Task MeasureAfterAsync(long[] seqs, CancellationToken cancellationToken) =>
        AskAsync<bool>("measure " + JsonSerializer.Serialize(seqs), cancellationToken);

    public Task<DeliveryCounts> CountsAsync(CancellationToken cancellationToken) =>
        AskAsync<DeliveryCounts>("counts", cancellationToken);

    public Task<int> ChurnAsync(double share, TimeSpan awayMax, CancellationToken cancellationToken) =>
        AskAsync<int>(FormattableString.Invariant($"churn {share} {awayMax.TotalMilliseconds:0}"), cancellationToken);

    public Task<GroupReport> ReportAsync(long[] accepted, CancellationToken cancellationToken) =>
        AskAsync<GroupReport>("report " + JsonSerializer.Serialize(accepted), cancellationToken);

    private async Task<T> AskAsync<T>(string command, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await _process.StandardInput.WriteLineAsync(command.AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
            var answer = await _process.StandardOutput.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException($"The reader worker (pid {_process.Id}) ended.");
            return JsonSerializer.Deserialize<T>(answer, ReaderWorker.Json)!;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("close");
            await _process.StandardInput.FlushAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception exception) when (exception is IOException or TimeoutException)
        {
            _process.Kill();
        }

        _process.Dispose();
        _oneAtATime.Dispose();
    }
}
