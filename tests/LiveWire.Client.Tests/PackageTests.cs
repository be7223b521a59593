using System.Diagnostics;
using LiveWire.Testing;

namespace LiveWire.Client.Tests;

/// <summary>
/// LiveWire.Client and LiveWire.Contracts as an application gets them: packed, restored from a feed next to
/// nuget.org, built into a console app that receives a live event from a real Server.
/// </summary>
public sealed class PackageTests : IAsyncLifetime
{
    // Packing, restoring and building on a busy machine takes minutes; the event itself still gets the usual timeout.
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(10);

    private readonly string _folder = Directory.CreateTempSubdirectory("livewire-packages-").FullName;
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartEmbeddedAsync();

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_console_app_built_on_the_packages_receives_an_event_posted_after_it_subscribed()
    {
        // A version of its own, so no package from an earlier run in the NuGet cache stands in for this one.
        var version = $"1.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var feed = Directory.CreateDirectory(Path.Combine(_folder, "feed")).FullName;
        foreach (var project in new[] { "LiveWire.Client", "LiveWire.Contracts" })
        {
            await RunAsync("dotnet", ["pack", Path.Combine(RepositoryRoot, "src", project), "-c", "Release", "-o", feed, $"-p:Version={version}"], RepositoryRoot);
            Assert.True(File.Exists(Path.Combine(feed, $"{project}.{version}.nupkg")), $"{project} packed no .nupkg");
            Assert.True(File.Exists(Path.Combine(feed, $"{project}.{version}.snupkg")), $"{project} packed no .snupkg");
        }

        var app = Directory.CreateDirectory(Path.Combine(_folder, "app")).FullName;
        await WriteConsoleAppAsync(app, feed, version);
        await RunAsync("dotnet", ["build", app, "-c", "Release", "-o", Path.Combine(app, "out")], app);

        var topic = Newsroom.NewTopic("packaged");
        using var reader = Start("dotnet", [Path.Combine(app, "out", "PackagedReader.dll"), _cluster.Servers[0].Url.ToString(), topic], app);
        await reader.WaitForLineAsync(line => line == "subscribed", TestTimeouts.Startup);

        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);
        await newsroom.PostAsync(topic, "d-1", headline: "From the package");

        var received = await reader.WaitForLineAsync(line => line.StartsWith("event ", StringComparison.Ordinal), TestTimeouts.Delivery);
        Assert.Equal("event 1 From the package", received);
    }

    private static async Task WriteConsoleAppAsync(string app, string feed, string version)
    {
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "PackagedReader.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LiveWire.Client" Version="{version}" />
                <PackageReference Include="LiveWire.Contracts" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using LiveWire.Client;
            using LiveWire.Contracts;

            // Uses a type of each package: the bus contract is only named; the client does the work and hands over
            // the contract's events.
            Console.WriteLine($"contracts {typeof(PublishDevelopment).FullName}");
            var received = new TaskCompletionSource<TimelineEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var client = new LiveWireClient(new LiveWireClientOptions { BaseAddress = new Uri(args[0]) });
            await client.StartAsync();
            await using var subscription = await client.SubscribeAsync(args[1], (live, _) =>
            {
                received.TrySetResult(live);
                return ValueTask.CompletedTask;
            });
            Console.WriteLine("subscribed");
            var first = await received.Task.WaitAsync(TimeSpan.FromMinutes(1));
            Console.WriteLine($"event {first.Seq} {first.Headline}");
            """);
    }

    private static string RepositoryRoot => SourceTree.Root;

    private static async Task RunAsync(string fileName, string[] arguments, string workingDirectory)
    {
        using var process = Start(fileName, arguments, workingDirectory);
        var exitCode = await process.WaitForExitAsync(ToolTimeout);
        Assert.True(exitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited {exitCode}:\n{process.Output}");
    }

    private static ToolProcess Start(string fileName, string[] arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The packages are built as a user would, not inside this test run's MSBuild node.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        return new ToolProcess(Process.Start(info)!);
    }
}
