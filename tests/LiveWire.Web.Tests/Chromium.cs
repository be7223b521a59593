using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>Debian's chromium, driven by Playwright; never a downloaded browser.</summary>
public static class Chromium
{
    /// <summary>Where the browser is: <c>LIVEWIRE_TEST_CHROMIUM</c>, or Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("LIVEWIRE_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The flags that work in a container without a GPU or a network beyond loopback.</summary>
    public static readonly IReadOnlyList<string> Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Launches the browser, or fails with what to do when it is missing.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"No chromium at {ExecutablePath}. The browser tests use Debian's chromium: run them with tests/run.sh " +
                "(it installs the package), or `apt-get install -y chromium`, or set LIVEWIRE_TEST_CHROMIUM.");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Flags,
            Timeout = (float)TestTimeouts.Startup.TotalMilliseconds,
        });
    }
}
