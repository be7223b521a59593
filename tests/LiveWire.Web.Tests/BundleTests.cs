using System.Diagnostics;

namespace LiveWire.Web.Tests;

/// <summary>The bundles in wwwroot are committed; they must be what their sources in ClientApp build to.</summary>
public sealed class BundleTests
{
    [Fact]
    public async Task The_committed_bundles_are_what_the_sources_build_to()
    {
        var clientApp = Path.Combine(Repository.Root, "src", "LiveWire.Server", "ClientApp");
        Assert.True(
            Directory.Exists(Path.Combine(clientApp, "node_modules")),
            $"{clientApp}/node_modules is missing: tests/run.sh runs `npm ci` there.");

        var start = new ProcessStartInfo("node", ["build.mjs", "--check"])
        {
            WorkingDirectory = clientApp,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within(TestTimeouts.Startup, "node build.mjs --check");
        Assert.True(process.ExitCode == 0, await output + await error);
    }
}
