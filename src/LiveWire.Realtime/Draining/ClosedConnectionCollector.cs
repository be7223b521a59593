using LiveWire.Core.Presence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveWire.Realtime.Draining;

/// <summary>
/// Gives back the memory of the connections that ended. A reader's connection lives long enough for its pipes,
/// buffers and hub state to reach the GC's oldest generation, so when readers come and go (pages closed, networks
/// changed, readers let go by a node) their memory stays there until the GC's next full collection; on a node that
/// allocates little that can be many minutes away, and the node's memory climbs meanwhile although it holds no more
/// readers. Every <see cref="CheckInterval"/> this service looks at how many connections ended since the oldest
/// generation was last collected; once that is a tenth of those the node holds (and at least
/// <see cref="MinimumClosed"/>), it asks for a background collection of it, which runs beside the node's work and
/// frees that memory for what comes next. A collection the GC made on its own counts the same.
/// </summary>
public sealed partial class ClosedConnectionCollector(
    ConnectionDrain drain,
    ReaderTally tally,
    TimeProvider timeProvider,
    ILogger<ClosedConnectionCollector> logger) : BackgroundService
{
    /// <summary>How often the service looks.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>The fewest ended connections worth a collection, whatever the node holds.</summary>
    public const int MinimumClosed = 100;

    // The ended connections, as a share of those held, that make a collection worth it.
    private const double CollectAfterShare = 0.1;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, timeProvider);
        var (collections, closedBefore) = (GC.CollectionCount(GC.MaxGeneration), drain.Closed);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var (collected, closed) = (GC.CollectionCount(GC.MaxGeneration), drain.Closed);
            if (collected != collections)
            {
                // The GC collected the oldest generation since the last look: what ended before is gone already.
                (collections, closedBefore) = (collected, closed);
                continue;
            }

            var ended = closed - closedBefore;
            var held = tally.Connections;
            if (ended < Math.Max(MinimumClosed, held * CollectAfterShare))
            {
                continue;
            }

            // Background (concurrent) and not compacting: the node keeps serving while it runs, and the space it frees
            // in the oldest generation takes the next connections' state instead of new memory.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false, compacting: false);
            (collections, closedBefore) = (GC.CollectionCount(GC.MaxGeneration), closed);
            Log.Collected(logger, ended, held);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3207, LogLevel.Information, "{Ended} connections ended since the oldest generation was last collected ({Held} held): asked for a background collection")]
        public static partial void Collected(ILogger logger, long ended, long held);
    }
}
