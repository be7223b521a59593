using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>
/// Holds the first send of a test double while it is "being written" (synchronously, as SignalR writes to each
/// connection), so that a test can post more events meanwhile and then let it finish.
/// </summary>
internal sealed class HeldFirstWrite
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first send is being written, and held.</summary>
    public TaskCompletionSource Writing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Blocks the caller of send number <paramref name="index"/> (0 for the first) until <see cref="Release"/>.</summary>
    public void HoldIfFirst(int index, CancellationToken cancellationToken = default)
    {
        if (index == 0)
        {
            Writing.SetResult();
            _release.Task.Wait(TestTimeouts.Delivery, cancellationToken);
        }
    }

    /// <summary>Lets the held first send finish being written.</summary>
    public void Release() => _release.TrySetResult();
}
