using LiveWire.Contracts;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>
/// A stand-in for a group send: records each send's events, can hold the first one while it is being written
/// (<see cref="HeldFirstWrite"/>), and leaves every send incomplete until the test says.
/// </summary>
internal sealed class RecordedSends
{
    private readonly List<(long[] Seqs, TaskCompletionSource Done)> _sends = [];

    /// <summary>When set, the first send is held while it is being written.</summary>
    public HeldFirstWrite? FirstWrite { get; init; }

    /// <summary>The sends so far, each with the seqs it carried and what completes it.</summary>
    public (long[] Seqs, TaskCompletionSource Done)[] Started
    {
        get
        {
            lock (_sends)
            {
                return [.. _sends];
            }
        }
    }

    /// <summary>The send itself.</summary>
    public Task SendAsync(IReadOnlyList<TimelineEvent> events)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int index;
        lock (_sends)
        {
            _sends.Add((events.Select(e => e.Seq).ToArray(), done));
            index = _sends.Count - 1;
        }

        FirstWrite?.HoldIfFirst(index);
        return done.Task;
    }

    /// <summary>Waits until <paramref name="count"/> sends have started.</summary>
    public Task StartedAsync(int count) => Eventually.HoldsAsync(() => Started.Length >= count, TestTimeouts.Delivery, $"{count} sends started");
}
