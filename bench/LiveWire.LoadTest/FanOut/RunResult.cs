using LiveWire.LoadTest.Measuring;

namespace LiveWire.LoadTest.FanOut;

/// <summary>The figures of one run of the scenario against one target.</summary>
internal sealed record RunResult
{
    public required string Target { get; init; }
    public required int Repeat { get; init; }

    /// <summary>Events posted per second in this run.</summary>
    public required double Rate { get; init; }
    public required int Readers { get; init; }
    public required int Connected { get; init; }
    public required int ConnectFailures { get; init; }
    public required double ConnectSeconds { get; init; }
    public required double ConnectsPerSecond { get; init; }
    /// <summary>The servers' CPU over the connects, per reader connected (the handshake, the subscribe and the backplane's part).</summary>
    public required double ServerCpuMicrosecondsPerConnect { get; init; }

    /// <summary>Each observed process's CPU over the connects, per reader connected.</summary>
    public required IReadOnlyDictionary<string, double> ObservedCpuMicrosecondsPerConnect { get; init; }

    public required double ServerRssBeforeMiB { get; init; }
    public required double ServerRssConnectedMiB { get; init; }
    public required double MemoryPerConnectionKiB { get; init; }
    public required int Posted { get; init; }
    public required int PostFailures { get; init; }
    public required long ExpectedDeliveries { get; init; }
    public required long MeasuredDeliveries { get; init; }
    public required double MeasuredSeconds { get; init; }
    public required double DeliveriesPerSecond { get; init; }
    public required Percentiles LatencyMs { get; init; }
    public required long Lost { get; init; }
    public required long Repeated { get; init; }
    public required long Unexpected { get; init; }
    public required int ClosedByServer { get; init; }
    public required double ServerCpuPercent { get; init; }
    public required IReadOnlyDictionary<string, double> ServerCpuPercentByPid { get; init; }
    public required double GeneratorCpuPercent { get; init; }

    /// <summary>CPU over the measured posting of each process named by <c>--observe</c> (Redis, RabbitMQ…), not counted as the server's.</summary>
    public required IReadOnlyDictionary<string, double> ObservedCpuPercent { get; init; }

    /// <summary>What each observed process's RSS grew by per connected reader.</summary>
    public required IReadOnlyDictionary<string, double> ObservedKiBPerConnection { get; init; }
    public required double MachineBusyPercent { get; init; }
    public required double MeanMessageBytes { get; init; }

    /// <summary>Messages per socket read at the readers: about 1 when each event reaches a socket on its own.</summary>
    public required double MessagesPerRead { get; init; }
    public required int Workers { get; init; }
    public required string LoadAverageBefore { get; init; }

    /// <summary>Nothing lost, repeated or made up, and every reader connected and stayed.</summary>
    public bool Clean => Lost == 0 && Repeated == 0 && Unexpected == 0 && ConnectFailures == 0 && ClosedByServer == 0 && PostFailures == 0;
}
