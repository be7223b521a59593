using System.Diagnostics;
using LiveWire.Testing;

namespace LiveWire.Faults.Tests;

/// <summary>
/// Stops and starts the test run's RabbitMQ node (<c>rabbitmqctl stop_app</c> / <c>start_app</c>): every connection
/// closes and the port refuses new ones until it is back, as in a broker outage. tests/run.sh names the command in
/// <c>LIVEWIRE_TEST_RABBITMQCTL</c>.
/// </summary>
internal static class Broker
{
    private static string Command => Environment.GetEnvironmentVariable("LIVEWIRE_TEST_RABBITMQCTL") is { Length: > 0 } command
        ? command
        : throw new InvalidOperationException($"LIVEWIRE_TEST_RABBITMQCTL is not set: run the fault suite with {TestServers.TestCommand}.");

    /// <summary>Stops the broker application; the node's process stays.</summary>
    public static Task StopAsync() => RunAsync("stop_app");

    /// <summary>Starts the broker application and waits until it takes connections.</summary>
    public static async Task StartAsync()
    {
        await RunAsync("start_app");
        await Eventually.HoldsAsync(async () => await TryRunAsync("await_startup") == 0, TestTimeouts.Startup, "RabbitMQ to be back");
    }

    private static async Task RunAsync(string verb)
    {
        var code = await TryRunAsync(verb);
        if (code != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {verb} exited with {code}.");
        }
    }

    private static async Task<int> TryRunAsync(string verb)
    {
        using var process = Process.Start(new ProcessStartInfo(Command, [verb]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("Could not run rabbitmqctl.");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return process.ExitCode;
    }
}
