namespace LiveWire.Client.Tests;

/// <summary>Records a client's state changes, in order.</summary>
internal sealed class StateRecorder
{
    private readonly Lock _lock = new();
    private readonly List<LiveWireConnectionState> _states = [];

    public IReadOnlyList<LiveWireConnectionState> States
    {
        get
        {
            lock (_lock)
            {
                return [.. _states];
            }
        }
    }

    public void Record(LiveWireConnectionState state)
    {
        lock (_lock)
        {
            _states.Add(state);
        }
    }
}
