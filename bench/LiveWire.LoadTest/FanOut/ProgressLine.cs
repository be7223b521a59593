namespace LiveWire.LoadTest.FanOut;

/// <summary>Writes a progress line once a second while a phase runs, and once more when it ends.</summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly Func<string> _line;
    private readonly TextWriter _progress;
    private readonly Timer _timer;

    public ProgressLine(Func<string> line, TextWriter progress)
    {
        _line = line;
        _progress = progress;
        _timer = new Timer(_ => _progress.WriteLine(_line()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        _timer.Dispose();
        _progress.WriteLine(_line());
    }
}
