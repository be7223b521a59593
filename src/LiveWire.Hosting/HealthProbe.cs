namespace LiveWire.Hosting;

/// <summary>
/// <c>--probe URL</c>: the host's own binary asks one of its health endpoints and exits 0 when it answers 2xx, else 1.
/// A container health check needs no shell, curl or wget in a chiseled image:
/// <c>["CMD", "dotnet", "LiveWire.Server.dll", "--probe", "http://localhost:8080/health/live"]</c>.
/// </summary>
public static class HealthProbe
{
    /// <summary>The argument that makes a run a probe.</summary>
    public const string Argument = "--probe";

    /// <summary>How long the probe waits for an answer; the container runtime's timeout should be longer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>The URL to probe when <paramref name="args"/> is <c>--probe URL</c>; otherwise null.</summary>
    public static Uri? Target(string[] args) =>
        args is [Argument, var url] && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    /// <summary>Asks <paramref name="target"/> once: 0 when it answers 2xx in time, 1 otherwise (the reason on stderr).</summary>
    public static async Task<int> RunAsync(Uri target, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"{target}: {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{target}: {exception.Message}");
            return 1;
        }
    }
}
