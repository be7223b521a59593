using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>
/// What one page did with the hub: the WebSockets it opened to <c>/hubs/live</c> and the frames they brought, the
/// HTTP requests it made to the hub (negotiate, SSE, long polling), and every connection state the widget went
/// through (from <c>LiveWire.onStateChange</c>, hooked before the widget's script runs).
/// </summary>
public sealed class HubTraffic
{
    // Runs before any script of the page: the moment the widget sets window.LiveWire, listen to its states.
    private const string StateLog = """
        window.liveWireStates = [];
        Object.defineProperty(window, "LiveWire", {
          configurable: true,
          get() { return this.liveWireGlobal; },
          set(value) { this.liveWireGlobal = value; value.onStateChange((state) => window.liveWireStates.push(state)); },
        });
        """;

    private readonly IPage _page;
    private readonly List<string> _sockets = [];
    private readonly List<string> _frames = [];
    private readonly List<string> _requests = [];

    private HubTraffic(IPage page)
    {
        _page = page;
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/hubs/live", StringComparison.Ordinal))
            {
                return;
            }

            lock (_sockets)
            {
                _sockets.Add(socket.Url);
            }

            socket.FrameReceived += (_, frame) =>
            {
                lock (_sockets)
                {
                    _frames.Add(frame.Text ?? string.Empty);
                }
            };
        };
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/hubs/live", StringComparison.Ordinal))
            {
                lock (_sockets)
                {
                    _requests.Add(request.Url);
                }
            }
        };
    }

    /// <summary>The WebSockets the page opened to the hub, by address.</summary>
    public IReadOnlyList<string> Sockets => Snapshot(_sockets);

    /// <summary>Every frame the hub's WebSockets brought to the page.</summary>
    public IReadOnlyList<string> Frames => Snapshot(_frames);

    /// <summary>The HTTP requests (not WebSockets) the page made to the hub.</summary>
    public IReadOnlyList<string> Requests => Snapshot(_requests);

    /// <summary>Starts watching <paramref name="page"/>; call it before the page loads.</summary>
    public static async Task<HubTraffic> WatchAsync(IPage page)
    {
        var traffic = new HubTraffic(page);
        await page.AddInitScriptAsync(StateLog);
        return traffic;
    }

    /// <summary>Every state the widget was in, in order ("connecting", "live", "polling", "reconnecting").</summary>
    public async Task<IReadOnlyList<string>> StatesAsync() => await _page.EvaluateAsync<string[]>("() => window.liveWireStates");

    private IReadOnlyList<string> Snapshot(List<string> list)
    {
        lock (_sockets)
        {
            return [.. list];
        }
    }
}
