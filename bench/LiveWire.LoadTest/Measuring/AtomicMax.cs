namespace LiveWire.LoadTest.Measuring;

/// <summary>Raises a shared maximum from many threads at once.</summary>
internal static class AtomicMax
{
    public static void Raise(ref long maximum, long value)
    {
        var seen = Volatile.Read(ref maximum);
        while (value > seen)
        {
            var before = Interlocked.CompareExchange(ref maximum, value, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
