using LiveWire.Core.Delivery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveWire.Realtime;

/// <summary>
/// Adds the acks this node gathered to the shared delivery reports every
/// <see cref="AckOptions.FlushInterval"/>, and once more on shutdown.
/// </summary>
public sealed partial class DeliveryFlushService(
    DeliveryAggregator aggregator,
    IDeliveryStore store,
    IOptions<AckOptions> options,
    ILogger<DeliveryFlushService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await FlushAsync(stoppingToken);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batches = aggregator.Drain();
        if (batches.Count == 0)
        {
            return;
        }

        try
        {
            await store.AddAcksAsync(batches, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The reports miss these acks; the delivery latency metric has them.
            Log.FlushFailed(logger, batches.Count, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Warning, "Could not add the acks of {Events} events to the delivery reports")]
        public static partial void FlushFailed(ILogger logger, int events, Exception exception);
    }
}
