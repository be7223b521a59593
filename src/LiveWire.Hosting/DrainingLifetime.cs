using System.Runtime.InteropServices;
using LiveWire.Realtime.Draining;
using Microsoft.Extensions.Hosting;

namespace LiveWire.Hosting;

/// <summary>
/// The node's lifetime in place of the console's: <c>SIGTERM</c> (a rollout, <c>docker stop</c>, Kubernetes) first
/// drains the hub's readers over the drain window (<see cref="ConnectionDrain"/>) and then stops the host; a second
/// <c>SIGTERM</c>, <c>SIGINT</c> (Ctrl+C) and <c>SIGQUIT</c> stop it at once. The console's own lifetime would stop the
/// host on the first signal, and SignalR closes every connection the moment the host begins to stop.
/// </summary>
internal sealed class DrainingLifetime(IHostApplicationLifetime lifetime, ConnectionDrain drain) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _terms;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Terminate));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _signals.ForEach(signal => signal.Dispose());

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        lifetime.StopApplication();
    }

    private void Terminate(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _terms) > 1)
        {
            Stop(context);
            return;
        }

        context.Cancel = true;
        _ = DrainThenStopAsync();
    }

    private async Task DrainThenStopAsync()
    {
        try
        {
            await drain.DrainAsync(lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // Stopped meanwhile by another signal.
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
