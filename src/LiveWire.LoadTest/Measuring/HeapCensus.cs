using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Runtime;

namespace LiveWire.LoadTest.Measuring;

/// <summary>
/// Counts the objects of a heap dump (<c>dotnet-dump collect --type Heap</c>) that are still reachable from a root,
/// by type: what a server's memory per connection is made of. Unlike a gcdump's report, nothing unreachable counts,
/// however recently it became garbage.
/// </summary>
internal static class HeapCensus
{
    /// <summary>
    /// Writes one line per type, largest first: total bytes, objects, name (the format <c>heapdiff.py</c>
    /// compares), then the total. With <paramref name="ownersOf"/>, counts instead the references to objects of that
    /// type by the type of the object holding them, with the referenced objects' bytes.
    /// </summary>
    public static void Write(string dumpPath, string? ownersOf, TextWriter output)
    {
        using var target = DataTarget.LoadDump(dumpPath);
        // The dump comes from this machine's runtime, whose data access library sits beside the one running this tool.
        var dac = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libmscordaccore.so");
        using var runtime = target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true);
        var heap = runtime.Heap;

        var byType = new Dictionary<string, (long Bytes, long Objects)>();
        void Count(ClrObject item, long bytes)
        {
            var type = item.Type?.Name ?? "?";
            var (total, objects) = byType.GetValueOrDefault(type);
            byType[type] = (total + bytes, objects + 1);
        }

        foreach (var item in Reachable(heap))
        {
            if (ownersOf is null)
            {
                Count(item, (long)item.Size);
                continue;
            }

            foreach (var referenced in item.EnumerateReferences(carefully: true, considerDependantHandles: true))
            {
                if (referenced.Type?.Name == ownersOf)
                {
                    Count(item, (long)referenced.Size);
                }
            }
        }

        foreach (var (type, (bytes, objects)) in byType.OrderByDescending(entry => entry.Value.Bytes))
        {
            output.WriteLine($"{bytes,12} {objects,9} {type}");
        }

        output.WriteLine($"{byType.Values.Sum(entry => entry.Bytes),12} {"",9} all");
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
