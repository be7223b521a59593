namespace LiveWire.Testing;

/// <summary>The checkout the tests run from: where the deployment files, the sources and the docs are.</summary>
public static class SourceTree
{
    /// <summary>The folder that holds LiveWire.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiveWire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No LiveWire.sln above {AppContext.BaseDirectory}.");
    }
}
