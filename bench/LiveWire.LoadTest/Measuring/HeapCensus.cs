using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Runtime;

namespace LiveWire.LoadTest.Measuring;

/// <summary>
/// Counts the objects of a heap dump (<c>dotnet-dump collect --type Heap</c>) that are still reachable from a root,
/// by type: what a server's memory per connection is made of. Unlike a gcdump's report, garbage does not count,
/// however recent (objects only waiting for their finalizer do: the finalizer queue is a root).
/// </summary>
internal static class HeapCensus
{
    /// <summary>
    /// Writes one line per type, largest first: total bytes, objects, name (the format <c>heapdiff.py</c>
    /// compares), then the total.
    /// </summary>
    /// <exception cref="ArgumentException">The file is not a dump, or holds no .NET runtime.</exception>
    public static void Write(string dumpPath, TextWriter output)
    {
        using var target = Load(dumpPath);
        var clr = target.ClrVersions.FirstOrDefault()
            ?? throw new ArgumentException($"'{dumpPath}' holds no .NET runtime.", nameof(dumpPath));
        // A dump of a process on this machine: its runtime's data access library is the one beside this tool's
        // runtime. Such a dump records no runtime version to check it against, hence ignoreMismatch.
        var dac = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libmscordaccore.so");
        using var runtime = clr.CreateRuntime(dac, ignoreMismatch: true);
        var heap = runtime.Heap;

        var byType = new Dictionary<string, (long Bytes, long Objects)>();
        foreach (var item in Reachable(heap))
        {
            var type = item.Type?.Name ?? "?";
            var (bytes, objects) = byType.GetValueOrDefault(type);
            byType[type] = (bytes + (long)item.Size, objects + 1);
        }

        foreach (var (type, (bytes, objects)) in byType.OrderByDescending(entry => entry.Value.Bytes))
        {
            output.WriteLine($"{bytes,12} {objects,9} {type}");
        }

        output.WriteLine($"{byType.Values.Sum(entry => entry.Bytes),12} {"",9} all");
    }

    private static DataTarget Load(string dumpPath)
    {
        try
        {
            return DataTarget.LoadDump(dumpPath);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            throw new ArgumentException($"'{dumpPath}' is not a dump this tool can read: {exception.Message}", nameof(dumpPath), exception);
        }
    }

    private static IEnumerable<ClrObject> Reachable(ClrHeap heap)
    {
        var seen = new HashSet<ulong>();
        var pending = new Stack<ClrObject>();
        foreach (var root in heap.EnumerateRoots())
        {
            if (root.Object.IsValid && seen.Add(root.Object.Address))
            {
                pending.Push(root.Object);
            }
        }

        while (pending.TryPop(out var item))
        {
            yield return item;
            foreach (var referenced in item.EnumerateReferences(carefully: true, considerDependantHandles: true))
            {
                if (referenced.IsValid && seen.Add(referenced.Address))
                {
                    pending.Push(referenced);
                }
            }
        }
    }
}
