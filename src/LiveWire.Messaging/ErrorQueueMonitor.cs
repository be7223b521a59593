using System.Diagnostics.Metrics;
using LiveWire.Core.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveWire.Messaging;

/// <summary>
/// Counts the changes waiting in the error queue every <see cref="Interval"/> and reports them as the gauge
/// <c>livewire.bus.error_queue.messages</c>: anything above 0 is a change the newsroom was told was accepted and that
/// readers have not seen (deploy/prometheus alerts on it). Runs on the Ingestion workers.
/// </summary>
internal sealed partial class ErrorQueueMonitor : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly ErrorQueueClient _queue;
    private readonly ILogger<ErrorQueueMonitor> _logger;
    private long _count = -1;

    public ErrorQueueMonitor(ErrorQueueClient queue, IMeterFactory meters, ILogger<ErrorQueueMonitor> logger)
    {
        _queue = queue;
        _logger = logger;
        meters.Create(LiveWireTelemetry.Name).CreateObservableGauge<long>(
            LiveWireTelemetry.Instruments.ErrorQueueMessages,
            () => Volatile.Read(ref _count) is >= 0 and var count ? [new Measurement<long>(count)] : Array.Empty<Measurement<long>>(),
            "{message}",
            "Changes waiting in the timeline's error queue.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                Volatile.Write(ref _count, await _queue.CountAsync(stoppingToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The broker is down: the gauge goes quiet rather than saying 0.
                Volatile.Write(ref _count, -1);
                Log.CountFailed(_logger, _queue.Name, exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Warning, "Could not count the messages in {Queue}: {Reason}")]
        public static partial void CountFailed(ILogger logger, string queue, string reason);
    }
}
