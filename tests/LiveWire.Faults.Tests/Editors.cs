using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LiveWire.Faults.Tests;

/// <summary>
/// Several editors posting to one topic, each one post after another, for as long as a fault lasts (bounded in count
/// and time). Each post has an id of its own, so what the timeline holds can be matched to what each was answered.
/// </summary>
internal sealed class Editors
{
    private readonly List<Answer> _answers = [];

    /// <summary>One post and what it was answered (<c>0</c>: no answer at all).</summary>
    public sealed record Answer(int Editor, int Number, string Id, HttpStatusCode Status, string? Code);

    /// <summary>Every answer so far.</summary>
    public IReadOnlyList<Answer> Answers
    {
        get
        {
            lock (_answers)
            {
                return [.. _answers];
            }
        }
    }

    /// <summary>The posts answered <c>202</c>.</summary>
    public IReadOnlyList<Answer> Accepted => [.. Answers.Where(a => a.Status == HttpStatusCode.Accepted)];

    /// <summary>
    /// Posts to <paramref name="topic"/> from <paramref name="newsrooms"/> (one editor each) until
    /// <paramref name="stop"/> or <paramref name="maxPerEditor"/> posts each.
    /// </summary>
    public Task PostAsync(IReadOnlyList<HttpClient> newsrooms, string topic, int maxPerEditor, CancellationToken stop) =>
        Task.WhenAll(newsrooms.Select((newsroom, editor) => Task.Run(() => PostAsEditorAsync(newsroom, editor, topic, maxPerEditor, stop))));

    private async Task PostAsEditorAsync(HttpClient newsroom, int editor, string topic, int maxPerEditor, CancellationToken stop)
    {
        for (var n = 1; n <= maxPerEditor && !stop.IsCancellationRequested; n++)
        {
            var id = $"e{editor}-{n}";
            Answer answer;
            try
            {
                using var response = await newsroom.PostAsJsonAsync(
                    $"/api/topics/{topic}/developments",
                    new { id, headline = $"Editor {editor}, update {n}", body = $"<p>Update {n} from editor {editor}.</p>" },
                    CancellationToken.None);
                var code = response.StatusCode == HttpStatusCode.ServiceUnavailable
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("code").GetString()
                    : null;
                answer = new Answer(editor, n, id, response.StatusCode, code);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    // As a newsroom tool would: wait a little before the next post (not the whole Retry-After).
                    await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                answer = new Answer(editor, n, id, 0, e.GetType().Name);
            }

            lock (_answers)
            {
                _answers.Add(answer);
            }
        }
    }
}
