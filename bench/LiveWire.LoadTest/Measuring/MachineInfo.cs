using System.Runtime.InteropServices;

namespace LiveWire.LoadTest.Measuring;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(int Cores, double MemoryGiB, string Os, string Runtime, string LoadAverage)
{
    public static MachineInfo Now() => new(
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        CurrentLoadAverage());

    public static string CurrentLoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
}
