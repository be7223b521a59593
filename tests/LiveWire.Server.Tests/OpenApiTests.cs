using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>
/// <c>/openapi/v1.json</c> describes the HTTP API of docs/contract.md: every route the contract names is in it, with
/// its problem answers, and it is served only where it is switched on.
/// </summary>
public sealed partial class OpenApiTests : IAsyncLifetime
{
    private const string DocumentPath = "/openapi/v1.json";

    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await LiveWireCluster.StartEmbeddedAsync(new Dictionary<string, string?> { ["LiveWire:OpenApi:Enabled"] = "true" });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public void The_contract_names_the_routes_of_the_HTTP_API()
    {
        var routes = ContractRoutes();

        Assert.Contains(("GET", "/api/topics/{topic}/events"), routes);
        Assert.Contains(("DELETE", "/api/topics/{topic}/developments/{id}/pin"), routes);
        Assert.True(routes.Length >= 10, $"Only {routes.Length} routes parsed from docs/contract.md.");
    }

    [Fact]
    public async Task The_document_lists_every_route_of_the_contract_with_its_problem_answers()
    {
        using var http = new HttpClient { BaseAddress = _cluster.Servers[0].Url, Timeout = TestTimeouts.Delivery };
        var document = await http.GetFromJsonAsync<JsonElement>(DocumentPath);
        var paths = document.GetProperty("paths");

        var missing = new List<string>();
        foreach (var (method, route) in ContractRoutes())
        {
            if (!paths.TryGetProperty(route, out var path) || !path.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                missing.Add($"{method} {route}");
                continue;
            }

            var problems = operation.GetProperty("responses").EnumerateObject()
                .Where(response => response.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _))
                .Select(response => response.Name)
                .ToArray();
            Assert.True(problems.Length > 0, $"{method} {route} lists no problem+json answer.");
            Assert.Contains(problems, status => status is "401" or "400");
        }

        Assert.True(missing.Count == 0, $"Not in {DocumentPath}: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task Outside_Development_the_document_is_served_only_when_switched_on()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync();
        using var http = new HttpClient { BaseAddress = cluster.Servers[0].Url, Timeout = TestTimeouts.Delivery };

        using var response = await http.GetAsync(DocumentPath);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// Every <c>`METHOD /api/…`</c> in docs/contract.md, with its query string dropped; <c>`DELETE …/pin`</c> takes
    /// the path of the route before it on the same line.
    /// </summary>
    private static (string Method, string Route)[] ContractRoutes()
    {
        var contract = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "docs", "contract.md"));
        var routes = new List<(string Method, string Route)>();
        foreach (var line in contract)
        {
            string? previous = null;
            foreach (Match match in RouteInCode().Matches(line))
            {
                var route = match.Groups["route"].Value;
                if (route.StartsWith('…') && previous is not null)
                {
                    var suffix = route[1..];
                    route = previous.EndsWith(suffix, StringComparison.Ordinal) ? previous : previous[..previous.LastIndexOf('/')] + suffix;
                }

                if (route.StartsWith("/api/", StringComparison.Ordinal))
                {
                    routes.Add((match.Groups["method"].Value, route));
                    previous = route;
                }
            }
        }

        return routes.Distinct().ToArray();
    }

    [GeneratedRegex(@"`(?<method>GET|POST|PUT|PATCH|DELETE) (?<route>[^`\s?]+)")]
    private static partial Regex RouteInCode();
}
