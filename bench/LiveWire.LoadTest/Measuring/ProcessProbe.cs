using System.Globalization;

namespace LiveWire.LoadTest.Measuring;

/// <summary>Reads a process's CPU time and resident memory, and the machine's busy time, from Linux's /proc.</summary>
internal static class ProcessProbe
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux the tool runs on

    /// <summary>CPU seconds (user + system) <paramref name="pid"/> has used so far; NaN when it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Resident memory of <paramref name="pid"/> in bytes; NaN when it is gone.</summary>
    public static double RssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return double.NaN;
    }

    /// <summary>The machine's (busy, total) CPU seconds over all cores so far.</summary>
    public static (double Busy, double Total) MachineCpuSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }
}
