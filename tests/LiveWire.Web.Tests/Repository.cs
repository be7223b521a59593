namespace LiveWire.Web.Tests;

/// <summary>The checkout the tests run from, and the screenshots they take for docs/.</summary>
public static class Repository
{
    /// <summary>The folder that holds LiveWire.sln.</summary>
    public static string Root => SourceTree.Root;

    /// <summary>
    /// Saves a full-page screenshot as <paramref name="name"/> in the run folder, and in <c>docs/screenshots/</c>
    /// when <c>LIVEWIRE_UPDATE_SCREENSHOTS=1</c> (the README shows those).
    /// </summary>
    public static async Task ScreenshotAsync(Microsoft.Playwright.IPage page, string name)
    {
        var runDir = Environment.GetEnvironmentVariable("LIVEWIRE_TEST_RUN_DIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();
        var bytes = await page.ScreenshotAsync(new() { FullPage = true });
        await File.WriteAllBytesAsync(Path.Combine(runDir, name), bytes);
        if (Environment.GetEnvironmentVariable("LIVEWIRE_UPDATE_SCREENSHOTS") == "1")
        {
            var docs = Path.Combine(Root, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, name), bytes);
        }
    }
}
