using System.Diagnostics;
using LiveWire.Core.Presence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveWire.Realtime.Draining;

/// <summary>
/// Evens out the readers of a deployment behind a plain balancer. A round-robin balancer spreads new connections, not
/// the ones already open: after a node was killed and started again, or added, the others keep the readers they took
/// over, for hours on a quiet story. Every <see cref="RebalanceOptions.Interval"/> the node weighs its connections
/// against the average of the nodes (<see cref="INodeConnections"/>) and, holding more than its share, lets the excess
/// go over the interval through <see cref="ConnectionDrain.ShedAsync"/>. Each reader let go reconnects with its client's
/// back-off, through the balancer, and resumes from the last <c>seq</c> it saw: nothing is lost or shown twice. When
/// the readers it let go come back to it all the same, it waits longer before the next look (1, 2, 4 … 16 intervals)
/// rather than churn them. Readers that arrived within the last interval stay where they are. Once the node holds its
/// share again after letting many go, it collects its heap, so the memory those readers held goes back to the machine
/// now and not at the GC's next full collection, minutes later on a node that allocates little.
/// </summary>
public sealed partial class ConnectionRebalancer(
    ConnectionDrain drain,
    ReaderTally tally,
    INodeConnections nodes,
    IOptions<RebalanceOptions> options,
    TimeProvider timeProvider,
    ILogger<ConnectionRebalancer> logger) : BackgroundService
{
    // The most intervals a node waits after letting readers go that came back to it.
    private const int MaximumPause = 16;

    // The share of its connections a node must have let go before it collects its heap once it holds its share again.
    private const double CollectAfterShare = 0.1;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval, timeProvider);
        var (shed, heldBefore, skip, pause, letGo) = (0, 0L, 0, 1, 0);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (drain.IsDraining)
            {
                return;
            }

            if (skip > 0)
            {
                skip--;
                continue;
            }

            try
            {
                var held = tally.Connections;
                var excess = settings.Excess(held, await nodes.CountPerNodeAsync(stoppingToken));
                if (excess > 0 && shed > 0 && heldBefore - held < shed / 4)
                {
                    // The readers let go last time came back here: the balancer is not spreading them (a node it still
                    // counts as down, affinity). Letting more go would only churn them, so look again less often.
                    Log.NotSpreading(logger, shed, heldBefore - held, pause);
                    (shed, skip, pause) = (0, pause, Math.Min(pause * 2, MaximumPause));
                    continue;
                }

                heldBefore = held;
                if (excess > 0)
                {
                    // Within the interval, so the next look sees the counts this one moved. Readers that arrived since
                    // the last look stay: most were let go by a node a moment ago, or are still pouring in.
                    shed = await drain.ShedAsync(excess, settings.Interval / 2, settings.Interval, stoppingToken);
                    letGo += shed;
                }
                else
                {
                    (shed, pause) = (0, 1);
                    if (letGo > 0 && letGo >= held * CollectAfterShare)
                    {
                        GiveBackMemory(letGo);
                    }

                    letGo = 0;
                }
            }
            // The counts live in Redis: an outage skips a look, it must not end the service (and with it the host).
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.LookFailed(logger, exception);
            }
        }
    }

    // The readers let go held their pipes, buffers and hub state; on a node that allocates little, the GC's next full
    // collection (which gives the emptied memory back) can be minutes away. One blocking, compacting collection, once
    // per rebalancing and only after a large one, pauses the node for a moment and gives that memory back now.
    private void GiveBackMemory(int letGo)
    {
        var before = Environment.WorkingSet;
        var elapsed = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Log.GaveBackMemory(logger, letGo, before >> 20, Environment.WorkingSet >> 20, elapsed.Elapsed);
    }

    private static partial class Log
    {
        [LoggerMessage(3204, LogLevel.Warning, "Could not weigh this node's connections against the other nodes'")]
        public static partial void LookFailed(ILogger logger, Exception exception);

        [LoggerMessage(3205, LogLevel.Warning, "Let {Shed} connections go to even out the nodes, but holds only {Fewer} fewer: the balancer is not spreading them; waiting {Intervals} interval(s) before the next look")]
        public static partial void NotSpreading(ILogger logger, int shed, long fewer, int intervals);

        [LoggerMessage(3206, LogLevel.Information, "Holds its share again after letting {LetGo} connections go; collected the heap in {Elapsed}: working set {Before} MiB, now {After} MiB")]
        public static partial void GaveBackMemory(ILogger logger, int letGo, long before, long after, TimeSpan elapsed);
    }
}
