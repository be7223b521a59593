using System.Runtime.InteropServices;

namespace LiveWire.Testing;

/// <summary>
/// Signals to processes a test started, through libc's kill(2), not the kill command: procps is not on every fresh
/// machine. Linux numbers.
/// </summary>
internal static class Signals
{
    /// <summary>SIGHUP: for nginx, read the configuration again.</summary>
    public const int Hangup = 1;

    /// <summary>SIGTERM: stop in your own time.</summary>
    public const int Terminate = 15;

    /// <summary>SIGSTOP: the process freezes where it is (it cannot catch this); its sockets stay open and unread.</summary>
    public const int Stop = 19;

    /// <summary>SIGCONT: a stopped process goes on.</summary>
    public const int Continue = 18;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project, for one int call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
