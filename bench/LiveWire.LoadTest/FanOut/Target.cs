namespace LiveWire.LoadTest.FanOut;

/// <summary>
/// A server the scenario runs against: where readers connect (several nodes are taken in turn), where events are
/// posted, and the processes whose CPU and memory are measured.
/// </summary>
internal sealed record Target(string Name, TargetKind Kind, IReadOnlyList<Uri> Nodes, IReadOnlyList<int> Pids)
{
    /// <summary>The raw references take the topic and protocol in the URL and need no Subscribe call.</summary>
    public bool SubscribeInQuery => Kind is TargetKind.RawWebSocket or TargetKind.RawWebSocketBatched;

    /// <summary>Parses <c>URL[,URL…]</c> for the nodes and <c>PID[,PID…]</c> for the processes.</summary>
    public static Target Parse(string name, TargetKind kind, string urls, string? pids)
    {
        var nodes = urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToArray();
        if (nodes.Length == 0 || nodes.Any(n => !n.IsLoopback))
        {
            throw new ArgumentException($"--{name} needs loopback URLs: the tool only sends to this machine.");
        }

        var processes = (pids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, out var pid) ? pid : throw new ArgumentException($"--{name}-pids takes process ids.")).ToArray();
        return new Target(name, kind, nodes, processes);
    }
}
