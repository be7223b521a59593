using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LiveWire.Web.Tests;

/// <summary>
/// The widget as the npm package <c>@livewire/widget</c>: <c>npm pack</c> builds it and ships the two builds, the
/// types and the README, and the READMEs' script tags pin the committed bundle by its integrity hash.
/// </summary>
public sealed partial class WidgetPackageTests
{
    // The two builds and their stylesheet, the types, the README, the licence: no sources, no newsroom or dashboard.
    private static readonly string[] PackageFiles =
        ["README.md", "dist/LICENSE", "dist/livewire.css", "dist/livewire.js", "dist/livewire.mjs", "index.d.ts", "package.json"];

    private static readonly string ClientApp = Path.Combine(Repository.Root, "src", "LiveWire.Server", "ClientApp");

    [Fact]
    public async Task Npm_pack_ships_the_script_tag_and_module_builds_with_types_and_nothing_else()
    {
        var start = new ProcessStartInfo("npm", ["pack", "--dry-run", "--json"])
        {
            WorkingDirectory = ClientApp,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within(TestTimeouts.Startup, "npm pack --dry-run");
        Assert.True(process.ExitCode == 0, await output + await error);

        // The prepack build writes a line first; the report is the JSON after it.
        var report = await output;
        var pack = JsonDocument.Parse(report[report.IndexOf("\n[", StringComparison.Ordinal)..]).RootElement[0];
        var files = pack.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).Order().ToArray();

        Assert.Equal("@livewire/widget", pack.GetProperty("name").GetString());
        Assert.Equal(PackageFiles, files);
    }

    [Fact]
    public void The_READMEs_script_tags_carry_the_integrity_hash_of_the_committed_bundle()
    {
        var bundle = File.ReadAllBytes(Path.Combine(Repository.Root, "src", "LiveWire.Server", "wwwroot", "livewire.js"));
        var expected = $"sha384-{Convert.ToBase64String(SHA384.HashData(bundle))}";

        foreach (var readme in new[] { Path.Combine(ClientApp, "README.md"), Path.Combine(Repository.Root, "README.md") })
        {
            var hashes = Integrity().Matches(File.ReadAllText(readme)).Select(m => m.Groups["hash"].Value).ToArray();
            Assert.NotEmpty(hashes);
            Assert.All(hashes, hash => Assert.True(hash == expected, $"{readme}: {hash}, the bundle is {expected}: run `npm run build` in ClientApp."));
        }
    }

    [GeneratedRegex(@"integrity=""(?<hash>sha384-[A-Za-z0-9+/=]*)""")]
    private static partial Regex Integrity();
}
