using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using LiveWire.Contracts;

namespace LiveWire.Client.Internal;

/// <summary>
/// The reader HTTP API calls the client makes: history to fill gaps and to poll while the hub is out of reach, and a
/// topic's state on a reset.
/// </summary>
internal sealed class LiveWireHttpApi(HttpClient http, Func<CancellationToken, ValueTask<string?>>? accessTokenProvider)
{
    /// <summary>The most events one history read asks for (the server's default page limit).</summary>
    public const int PageSize = 500;

    /// <summary><c>GET /api/topics/{topic}/events?after={afterSeq}&amp;limit={limit}</c>.</summary>
    public Task<EventsPage> GetEventsAsync(string topic, long afterSeq, CancellationToken cancellationToken, int limit = PageSize) =>
        GetAsync(
            string.Create(CultureInfo.InvariantCulture, $"api/topics/{Uri.EscapeDataString(topic)}/events?after={afterSeq}&limit={limit}"),
            ClientJsonContext.Default.EventsPage,
            cancellationToken);

    /// <summary><c>GET /api/topics</c>, for its answer only: whether the reader API is in reach.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var request = await CreateRequestAsync("api/topics", cancellationToken).ConfigureAwait(false);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary><c>GET /api/topics/{topic}</c>: the topic's current state.</summary>
    public Task<TopicSnapshot> GetTopicAsync(string topic, CancellationToken cancellationToken) =>
        GetAsync($"api/topics/{Uri.EscapeDataString(topic)}", ClientJsonContext.Default.TopicSnapshot, cancellationToken);

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = await CreateRequestAsync(path, cancellationToken).ConfigureAwait(false);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"GET {path} answered an empty body.");
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (accessTokenProvider is not null
            && await accessTokenProvider(cancellationToken).ConfigureAwait(false) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
