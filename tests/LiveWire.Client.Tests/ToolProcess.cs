using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace LiveWire.Client.Tests;

/// <summary>A child process whose output lines can be awaited; killed with its children when disposed.</summary>
internal sealed class ToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _output = new();

    public ToolProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(e.Data, toLines: true);
        _process.ErrorDataReceived += (_, e) => Add(e.Data, toLines: false);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything written so far, both streams.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits for the process to end and gives its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>The first line of standard output, from here on, that <paramref name="match"/> accepts.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cancellation.Token))
            {
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"No matching line within {timeout}; exited: {_process.HasExited}. Output:\n{Output}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Add(string? line, bool toLines)
    {
        if (line is null)
        {
            if (toLines)
            {
                _lines.Writer.TryComplete();
            }

            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (toLines)
        {
            _lines.Writer.TryWrite(line);
        }
    }
}
