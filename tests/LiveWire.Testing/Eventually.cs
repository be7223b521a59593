namespace LiveWire.Testing;

/// <summary>Waits for a condition by polling it, with a timeout; never a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds, or fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            if (await condition())
            {
                return;
            }

            try
            {
                await Task.Delay(delay, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for: {what}");
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    /// <summary>Polls a synchronous <paramref name="condition"/>.</summary>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Awaits <paramref name="task"/> with a timeout.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan timeout, string what)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s: {what}");
        }
    }

    /// <summary>Awaits <paramref name="task"/> with a timeout.</summary>
    public static async Task Within(this Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s: {what}");
        }
    }
}
