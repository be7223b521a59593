using System.Net;
using System.Net.Http.Json;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Security;
using LiveWire.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace LiveWire.Web.Tests.Xss;

/// <summary>The web fixture with reader counts published a few times a second, so the dashboard's busiest topics follow within a test.</summary>
public sealed class XssWebFixture : WebFixture
{
    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"{PresenceOptions.SectionName}:PublishInterval"] = "00:00:00.250",
    };
}

/// <summary>
/// Issue 12, point 9: our XSS corpus (<c>Xss/payloads.txt</c>) in every field a post carries (headline, body, author,
/// tags, a retraction's reason, the topic's title and summary), posted through the HTTP API and seen through the reader
/// page, the widget on another origin without a CSP, the newsroom console's preview and post list, and the dashboard:
/// no payload runs (the flag <c>__lwxss</c> stays unset in every frame), no dangerous markup reaches the DOM, every page
/// stays free of errors, and the text fields show the payloads as text.
/// </summary>
public sealed class XssCorpusTests(XssWebFixture web, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<XssWebFixture>
{
    /// <summary>Posts per topic: the reader API's state (and so a page) holds the newest 50.</summary>
    private const int PerTopic = 49;

    /// <summary>Returns the developments' shown [id, headline, author] under a root, top first.</summary>
    private const string ShownPostsScript = """
        root => [...root.querySelectorAll(".lw-posts > .lw-post")].map((p) =>
          [p.dataset.id, p.querySelector(".lw-headline")?.textContent ?? null, p.querySelector(".lw-author")?.textContent ?? null])
        """;

    [Fact]
    public void The_corpus_has_at_least_150_payloads_of_every_kind_each_trying_to_set_the_flag()
    {
        var categories = XssCorpus.All.GroupBy(p => p.Category).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join("\n", categories.Select(c => $"{c.Key}: {c.Value}")) + $"\ntotal: {XssCorpus.Count}");

        Assert.True(XssCorpus.Count >= 150, $"{XssCorpus.Count} payloads");
        string[] wanted =
        [
            "script", "event-handlers", "javascript-urls", "data-and-vbscript-urls", "svg", "mathml", "style-and-css",
            "srcdoc-and-frames", "template-noscript-mutation", "broken-markup", "entity-and-encoding", "document-level",
            "text-context-breakers",
        ];
        Assert.All(wanted, c => Assert.True(categories.GetValueOrDefault(c) >= 8, $"category {c} has {categories.GetValueOrDefault(c)} payloads"));
        Assert.All(XssCorpus.All, p => Assert.Contains("lwxss", p.Text, StringComparison.Ordinal));
        Assert.All(XssCorpus.All, p => Assert.InRange(p.Text.Length, 1, XssCorpus.MaxHeadline));
        Assert.Equal(XssCorpus.Count, XssCorpus.All.Select(p => p.Text).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task The_api_takes_every_payload_in_every_field_verbatim_or_refuses_it_for_its_length()
    {
        var topic = Newsroom.NewTopic("xss-api");
        using var newsroom = web.Newsroom();
        using var reader = web.Cluster.CreateClient(web.Server);
        var refused = new Dictionary<string, int> { ["author"] = 0, ["tags"] = 0 };
        await Parallel.ForEachAsync(XssCorpus.All, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (payload, cancellationToken) =>
        {
            var p = payload.Text;
            var authorFits = p.Length <= XssCorpus.MaxAuthor;
            var tagFits = p.Length <= XssCorpus.MaxTag;
            var response = await newsroom.PostAsJsonAsync(
                $"/api/topics/{topic}/developments",
                new { id = $"a{payload.Index:000}", headline = p, body = p, author = authorFits ? p : null, tags = tagFits ? new[] { p } : null },
                cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"payload {payload.Index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            if (!authorFits)
            {
                await AssertRefusedAsync(new { headline = "ok", author = p }, "author");
            }

            if (!tagFits)
            {
                await AssertRefusedAsync(new { headline = "ok", tags = new[] { p } }, "tags");
            }

            async Task AssertRefusedAsync(object draft, string field)
            {
                var refusal = await newsroom.PostAsJsonAsync($"/api/topics/{topic}/developments", draft, cancellationToken);
                var problem = await refusal.Content.ReadAsStringAsync(cancellationToken);
                Assert.True(refusal.StatusCode == HttpStatusCode.BadRequest, $"payload {payload.Index} as {field}: {(int)refusal.StatusCode} {problem}");
                Assert.Contains($"\"{field}\"", problem, StringComparison.Ordinal);
                lock (refused)
                {
                    refused[field]++;
                }
            }
        });

        await reader.WaitForSeqAsync(topic, XssCorpus.Count);
        var events = (await reader.GetEventsAsync(topic)).Events.ToDictionary(e => e.Id!);
        foreach (var payload in XssCorpus.All)
        {
            var stored = events[$"a{payload.Index:000}"];
            var text = payload.Text.Trim();
            Assert.Equal(text, stored.Headline);
            Assert.Equal(payload.Text.Length <= XssCorpus.MaxAuthor ? text : null, stored.Author);
            Assert.Equal(payload.Text.Length <= XssCorpus.MaxTag ? new[] { text } : null, stored.Tags);
        }

        // Title and summary: a topic's description, stored as sent (trimmed).
        foreach (var payload in XssCorpus.All)
        {
            await newsroom.DescribeAsync(topic, payload.Text, XssCorpus.At(payload.Index + 1));
        }

        var state = await reader.GetTopicAsync(topic);
        Assert.Equal(XssCorpus.At(-1).Trim(), state.Title);
        Assert.Equal(XssCorpus.At(0).Trim(), state.Summary);
        output.WriteLine($"{XssCorpus.Count} payloads accepted as headline and body; refused for their length (400, recorded): " +
            $"{refused["author"]} as author (over {XssCorpus.MaxAuthor} characters), {refused["tags"]} as one tag (over {XssCorpus.MaxTag}).");
    }

    [Fact]
    public async Task The_reader_page_keeps_every_payload_inert_in_the_first_paint_and_live()
    {
        var chunks = Chunks("xss-reader");
        using var newsroom = web.Newsroom();
        using var reader = web.Cluster.CreateClient(web.Server);
        await PublishFirstHalvesAsync(newsroom, reader, chunks);

        Phase("published the first halves");

        var pages = new List<(IPage Page, Func<int> Dialogs, LivePage Live, string Topic)>();
        var plain = await web.NewPageAsync(javaScriptEnabled: false);
        try
        {
            // One page per story, opened side by side.
            foreach (var (topic, _) in chunks)
            {
                var page = await web.NewPageAsync();
                pages.Add((page, XssInspector.CountDialogs(page), new LivePage(page, topic), topic));
            }

            await Task.WhenAll(pages.Zip(chunks).Select(async pair =>
            {
                var ((page, _, live, topic), (_, indexes)) = pair;
                await page.GotoAsync(web.Url($"/live/{topic}"));
                await live.WaitLiveAsync();
                await Assertions.Expect(live.Posts).ToHaveCountAsync(Half(indexes).Length);
            }));
            Phase("opened the pages");

            await PublishSecondHalvesPinAndRetractAsync(newsroom, chunks, [.. pages.Select(p => p.Live)]);
            Phase("published the second halves, pinned and retracted");
            foreach (var (page, dialogs, live, topic) in pages)
            {
                await AssertPageAsync(page, dialogs, reader, topic, live.Widget, $"reader page {topic}, live");
            }

            // Reloaded: the server's first paint now holds every post, then the widget takes over again.
            await Task.WhenAll(pages.Select(async p =>
            {
                await p.Page.ReloadAsync();
                await p.Live.WaitLiveAsync();
            }));
            foreach (var (page, dialogs, live, topic) in pages)
            {
                await AssertPageAsync(page, dialogs, reader, topic, live.Widget, $"reader page {topic}, reloaded");
            }

            // The server's first paint as such, without the widget taking over.
            foreach (var (topic, _) in chunks)
            {
                await plain.GotoAsync(web.Url($"/live/{topic}"));
                await AssertPageAsync(plain, () => 0, reader, topic, new LivePage(plain, topic).Widget, $"reader page {topic}, first paint without JavaScript");
            }

            Phase("checked the pages");
        }
        finally
        {
            await Task.WhenAll(pages.Select(p => p.Page.Context.CloseAsync()).Append(plain.Context.CloseAsync()));
        }
    }

    [Fact]
    public async Task The_widget_on_another_origin_without_a_csp_keeps_every_payload_inert()
    {
        var chunks = Chunks("xss-widget");
        using var newsroom = web.Newsroom();
        using var reader = web.Cluster.CreateClient(web.Server);
        await PublishFirstHalvesAsync(newsroom, reader, chunks);
        await using var site = await NewsSite.StartAsync(
            "<div data-livewire-banner></div><h1>Another site's story</h1>" +
            string.Concat(chunks.Select(c => $"<div data-livewire-topic=\"{c.Topic}\"></div>")) +
            $"<script src=\"{web.Url("/livewire.js")}\"></script>");

        var page = await web.NewPageAsync();
        try
        {
            var dialogs = XssInspector.CountDialogs(page);
            var response = await page.GotoAsync(site.StoryUrl);
            Assert.NotNull(response);
            Assert.DoesNotContain(response.Headers.Keys, h => h.Contains("content-security-policy", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(0, await page.Locator("meta[http-equiv]").CountAsync());
            var lives = chunks.Select(c => new LivePage(page, c.Topic)).ToArray();
            foreach (var (live, (_, indexes)) in lives.Zip(chunks))
            {
                await live.WaitLiveAsync();
                await Assertions.Expect(live.Posts).ToHaveCountAsync(Half(indexes).Length);
            }

            // Without a CSP, inline script runs on this page: the check itself would see a payload that ran.
            await page.AddScriptTagAsync(new() { Content = "window.__lwxssProbe = 1" });
            Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__lwxssProbe"));
            await page.EvaluateAsync("() => document.querySelectorAll('script:not([src])').forEach((s) => s.remove())");

            await PublishSecondHalvesPinAndRetractAsync(newsroom, chunks, lives);
            foreach (var (live, (topic, _)) in lives.Zip(chunks))
            {
                await AssertPageAsync(page, dialogs, reader, topic, live.Widget, $"widget on another origin, {topic}");
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_console_preview_and_post_list_keep_every_payload_inert()
    {
        var chunks = Chunks("xss-console");
        using var newsroom = web.Newsroom();
        using var reader = web.Cluster.CreateClient(web.Server);
        foreach (var (topic, indexes) in chunks)
        {
            await PublishAsync(newsroom, topic, indexes);
        }

        foreach (var (topic, indexes) in chunks)
        {
            await reader.WaitForSeqAsync(topic, indexes.Length);
        }

        var page = await web.NewPageAsync();

        // Every console error counts, CSP violations included: the preview strips what Chromium would report before it parses.
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type != "error"
                || (message.Text.Contains("status of 404", StringComparison.Ordinal) && message.Location.Contains("/api/topics/", StringComparison.Ordinal)))
            {
                return;
            }

            lock (errors)
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        try
        {
            var dialogs = XssInspector.CountDialogs(page);
            await page.GotoAsync(web.Url("/newsroom"));
            await page.GetByLabel("Token").FillAsync(web.Cluster.IssueToken([TopicAccess.NewsroomRole, TopicAccess.AdminRole]));
            await page.GetByLabel("Token").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("Signed in");

            // The post list: every corpus post, rendered by the console.
            foreach (var (topic, indexes) in chunks)
            {
                await page.Locator("#topic").FillAsync(topic);
                await page.Locator("#topic").PressAsync("Enter");
                await Assertions.Expect(page.Locator($"#posts > li[data-id='{XssCorpus.PostFor(indexes[0]).Id}']")).ToHaveCountAsync(1);
                await Assertions.Expect(page.Locator("#posts > li")).ToHaveCountAsync(indexes.Length);
                await AssertPageAsync(page, dialogs, reader, topic, page.Locator("#posts"), $"console post list {topic}");
            }

            Phase("checked the post lists");

            // The preview: every payload typed into every field of the compose form (and the story's title and summary),
            // on a story of its own, where some are published from the console.
            var composeTopic = Newsroom.NewTopic("xss-compose");
            await page.Locator("#topic").FillAsync(composeTopic);
            await page.Locator("#topic").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#compose-panel")).ToBeVisibleAsync();
            var published = 0;
            // Every payload into every field at once, in the page, as the input events the console listens to; the
            // preview is checked after each. Then, every 20th, typed for real (and every 40th published from the console).
            var form = page.Locator("#compose");
            var problems = await form.EvaluateAsync<string[]>(
                $"async (form, payloads) => {{ const check = {PreviewCheckScript}; {TypeEveryPayloadScript} }}",
                XssCorpus.All.Select(p => p.Text).ToArray());
            Assert.True(problems.Length == 0, "the console's preview:\n" + string.Join("\n", problems));
            Phase("put every payload in every field");
            for (var i = 0; i < XssCorpus.Count; i += 20)
            {
                await page.GetByLabel("Headline").FillAsync(XssCorpus.At(i));
                await page.GetByLabel("Body").FillAsync(XssCorpus.At(i + 1));
                await page.GetByLabel("Author").FillAsync(XssCorpus.At(i + 2));
                var problem = await form.EvaluateAsync<string?>(PreviewCheckScript);
                Assert.True(problem is null, $"preview of payloads {i}..{i + 2}: {problem}");
                await XssInspector.AssertInertAsync(page, $"console preview of payloads {i}..{i + 2}");

                await page.GetByLabel("Title").FillAsync(XssCorpus.At(i + 3));
                await page.GetByLabel("Summary").FillAsync(XssCorpus.At(i + 4));
                await page.RunAndWaitForResponseAsync(
                    () => page.GetByRole(AriaRole.Button, new() { Name = "Save story" }).ClickAsync(),
                    r => r.Request.Method == "PUT" && r.Url.EndsWith($"/api/topics/{composeTopic}", StringComparison.Ordinal) && r.Status == 200);

                if (i % 40 == 0 && XssCorpus.At(i + 2).Length <= XssCorpus.MaxAuthor)
                {
                    // Published from the console: the post list shows it, live.
                    await page.GetByLabel("Body").PressAsync("Control+Enter");
                    await Assertions.Expect(page.Locator("#posts > li")).ToHaveCountAsync(++published);
                }
            }

            Phase("typed every 20th payload and published every 40th");
            await AssertPageAsync(page, dialogs, reader, composeTopic, page.Locator("#posts"), $"console after typing every payload, {composeTopic}", () =>
            {
                lock (errors)
                {
                    Assert.True(errors.Count == 0, "The page reported errors:\n" + string.Join("\n", errors));
                }
            });
            output.WriteLine($"put {XssCorpus.Count} payloads into each compose field, typed {(XssCorpus.Count + 19) / 20}; published {published} from the console");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Topic_titles_and_summaries_stay_text_on_the_reader_page_and_the_dashboard()
    {
        const int Topics = 10;
        var topics = Enumerable.Range(0, Topics).Select(j => Newsroom.NewTopic($"xss-title{j}")).ToArray();
        using var newsroom = web.Newsroom();
        using var reader = web.Cluster.CreateClient(web.Server);
        foreach (var topic in topics)
        {
            await newsroom.PostAsync(topic, "plain", "A plain headline");
        }

        // Two readers on each of these topics, so they are the dashboard's busiest whatever else the fixture holds.
        var readers = new List<HubConnection>();
        var dashboard = await web.NewPageAsync();
        var story = await web.NewPageAsync();
        IPage[] plains = [.. await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => web.NewPageAsync(javaScriptEnabled: false)))];
        try
        {
            for (var r = 0; r < 2; r++)
            {
                var connection = LiveWireCluster.CreateHubConnection(web.Server);
                readers.Add(connection);
                await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
                foreach (var topic in topics)
                {
                    await connection.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L).Within(TestTimeouts.Delivery, "Subscribe");
                }
            }

            var dashboardDialogs = XssInspector.CountDialogs(dashboard);
            var storyDialogs = XssInspector.CountDialogs(story);
            await dashboard.GotoAsync(web.Url("/dashboard"));
            await dashboard.GetByLabel("Admin token").FillAsync(web.Cluster.IssueToken([TopicAccess.AdminRole]));
            await dashboard.GetByLabel("Admin token").PressAsync("Enter");
            await Assertions.Expect(dashboard.Locator("#dash-status")).ToContainTextAsync("Live");

            var sidebarTitles = 0;
            for (var round = 0; round * Topics < XssCorpus.Count; round++)
            {
                var described = new Dictionary<string, (string Title, string Summary)>();
                for (var j = 0; j < Topics && round * Topics + j < XssCorpus.Count; j++)
                {
                    var i = round * Topics + j;
                    described[topics[j]] = (XssCorpus.At(i), XssCorpus.At(i + 1));
                }

                using (Timing("describing"))
                {
                    await Task.WhenAll(described.Select(d => newsroom.DescribeAsync(d.Key, d.Value.Title, d.Value.Summary)));
                }

                // At once: each story's first paint as such (title, summary, the description meta), on two pages; every
                // fifth round and the last, one page with the widget running, which also lists the other stories' titles;
                // and the dashboard, asked to poll now (its poll follows the tab becoming visible).
                var firstPaints = described.Chunk((described.Count + plains.Length - 1) / plains.Length).Zip(plains).Select(async pair =>
                {
                    using var timing = Timing("first paints");
                    foreach (var (topic, (title, summary)) in pair.First)
                    {
                        // The parsed document is what is checked: no need to wait for its style sheets.
                        await pair.Second.GotoAsync(web.Url($"/live/{topic}"), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                        await AssertDescribedAsync(pair.Second, title, summary, $"first paint of a story described with payloads {round * Topics}..");
                    }
                });
                var withWidget = round % 5 != 0 && (round + 1) * Topics < XssCorpus.Count ? Task.CompletedTask : Task.Run(async () =>
                {
                    using var timing = Timing("the page with the widget");
                    var (lead, (leadTitle, leadSummary)) = described.First();
                    await story.GotoAsync(web.Url($"/live/{lead}"));
                    await new LivePage(story, lead).WaitLiveAsync();
                    await AssertDescribedAsync(story, leadTitle, leadSummary, $"reader page described with payloads {round * Topics}..");
                    var others = await story.EvaluateAsync<string[][]>(
                        "() => [...document.querySelectorAll('.story-list a')].map(a => [a.getAttribute('href'), a.querySelector('span:not(.live-dot)')?.textContent ?? ''])");
                    foreach (var other in others)
                    {
                        if (described.TryGetValue(other[0][(other[0].LastIndexOf('/') + 1)..], out var d))
                        {
                            Assert.Equal(XssCorpus.Shown(d.Title.Trim()), XssCorpus.Shown(other[1]));
                            Interlocked.Increment(ref sidebarTitles);
                        }
                    }
                });
                var onDashboard = Task.Run(async () =>
                {
                    using var timing = Timing("the dashboard");
                    await dashboard.EvaluateAsync("() => document.dispatchEvent(new Event('visibilitychange'))");
                    await Eventually.HoldsAsync(
                        async () =>
                        {
                            var rows = await dashboard.EvaluateAsync<string[][]>(
                                "() => [...document.querySelectorAll('#topics tr')].map(r => [r.dataset.topic, r.querySelector('a')?.textContent ?? ''])");
                            var titles = rows.ToDictionary(r => r[0], r => r[1]);
                            return described.All(d => titles.TryGetValue(d.Key, out var t) && XssCorpus.Shown(t) == XssCorpus.Shown(d.Value.Title.Trim()));
                        },
                        TestTimeouts.Delivery,
                        $"the dashboard to show round {round}'s titles");
                });
                await Task.WhenAll([.. firstPaints, withWidget, onDashboard]);
                await XssInspector.AssertInertAsync(dashboard, $"dashboard with titles of round {round}");
            }

            output.WriteLine(string.Join(", ", _timings.Select(t => $"{t.Key}: {t.Value} ms in all")));
            output.WriteLine($"{XssCorpus.Count} titles and summaries on first paints and the dashboard; {sidebarTitles} titles seen in the reader page's list of other stories");
            web.AssertNoErrors(story);
            Array.ForEach(plains, web.AssertNoErrors);
            web.AssertNoErrors(dashboard);
            Assert.Equal(0, storyDialogs() + dashboardDialogs());
        }
        finally
        {
            foreach (var connection in readers)
            {
                await connection.DisposeAsync();
            }

            await dashboard.Context.CloseAsync();
            await story.Context.CloseAsync();
            await Task.WhenAll(plains.Select(p => p.Context.CloseAsync()));
        }
    }

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _timings = new();

    /// <summary>Adds the time until it is disposed to the total of <paramref name="name"/>.</summary>
    private TimingScope Timing(string name) => new(this, name, System.Diagnostics.Stopwatch.StartNew());

    private readonly record struct TimingScope(XssCorpusTests Test, string Name, System.Diagnostics.Stopwatch Clock) : IDisposable
    {
        public void Dispose()
        {
            var elapsed = Clock.ElapsedMilliseconds;
            Test._timings.AddOrUpdate(Name, elapsed, (_, total) => total + elapsed);
        }
    }

    /// <summary>Logs how long the phase that ends now took.</summary>
    private void Phase(string name)
    {
        output.WriteLine($"{name}: {_clock.ElapsedMilliseconds} ms");
        _clock.Restart();
    }

    /// <summary>The story's title and summary show as text, and the page is inert.</summary>
    private static async Task AssertDescribedAsync(IPage page, string title, string summary, string where)
    {
        // In one call: a first paint without JavaScript is checked on every story.
        var shown = await page.EvaluateAsync<string?[][]>($$"""
            () => [[document.querySelector("h1")?.textContent, document.querySelector(".story-summary")?.textContent,
                    document.querySelector("meta[name=description]")?.content, typeof window.{{XssCorpus.Flag}}, String(window.frames.length)],
                   ({{XssInspector.FindScript}})()]
            """);
        Assert.Equal(new[] { XssCorpus.Shown(title.Trim()), XssCorpus.Shown(summary.Trim()), XssCorpus.Shown(summary.Trim()) }, shown[0].Take(3).Select(XssCorpus.Shown));
        Assert.True(shown[0][3] == "undefined" && shown[0][4] == "0", $"{where}: the flag is {shown[0][3]}, {shown[0][4]} frames");
        Assert.True(shown[1].Length == 0, $"{where}: dangerous markup on {page.Url}:\n" + string.Join("\n", shown[1]));
    }

    /// <summary>
    /// Puts each payload in the compose form's headline, the next in its body and the one after as its author (and
    /// the next two in the story's title and summary), firing the input events an editor's typing fires, and checks
    /// the preview after each with <c>check</c>; returns the problems.
    /// </summary>
    private const string TypeEveryPayloadScript = """
          const set = (field, value) => {
            field.value = value;
            field.dispatchEvent(new Event("input", { bubbles: true }));
          };
          const story = document.getElementById("topic-form");
          const problems = [];
          for (let i = 0; i < payloads.length; i++) {
            const at = (k) => payloads[(i + k) % payloads.length];
            set(form.elements.headline, at(0));
            set(form.elements.body, at(1));
            set(form.elements.author, at(2));
            set(story.elements.title, at(3));
            set(story.elements.summary, at(4));
            const problem = check(form);
            if (problem) problems.push(`payloads ${i}..${i + 2}: ${problem}`);
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
          return problems;
        """;

    /// <summary>Checks the console's preview against its form: headline and author shown as typed, as text; no flag.</summary>
    private const string PreviewCheckScript = """
        form => {
          if (typeof window.__lwxss !== "undefined") return "the flag is set";
          const post = document.querySelectorAll("#preview > .lw-post");
          if (post.length !== 1) return `${post.length} posts in the preview`;
          const headline = form.elements.headline.value || "Headline";
          const shownHeadline = post[0].querySelector(".lw-headline")?.textContent;
          if (shownHeadline !== headline) return `headline ${JSON.stringify(shownHeadline)} for ${JSON.stringify(headline)}`;
          const author = form.elements.author.value;
          const shownAuthor = post[0].querySelector(".lw-author")?.textContent ?? "";
          if (shownAuthor !== author) return `author ${JSON.stringify(shownAuthor)} for ${JSON.stringify(author)}`;
          const body = post[0].querySelector(".lw-body");
          for (const el of body.querySelectorAll("*")) {
            if (!["P", "BR", "STRONG", "EM", "B", "I", "UL", "OL", "LI", "BLOCKQUOTE", "A"].includes(el.tagName)) return `element ${el.outerHTML}`;
            for (const a of el.attributes) {
              if (a.name !== "href" || !/^https?:\/\//i.test(a.value)) return `attribute ${a.name}="${a.value}" on ${el.tagName}`;
            }
          }
          return null;
        }
        """;

    /// <summary>The corpus cut into topics of <see cref="PerTopic"/> posts.</summary>
    private static (string Topic, int[] Indexes)[] Chunks(string name) =>
        [.. Enumerable.Range(0, XssCorpus.Count).Chunk(PerTopic).Select(indexes => (Newsroom.NewTopic(name), indexes))];

    private static int[] Half(int[] indexes) => indexes[..(indexes.Length / 2)];

    private static async Task PublishAsync(HttpClient newsroom, string topic, IEnumerable<int> indexes) =>
        await Parallel.ForEachAsync(indexes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
        {
            var post = XssCorpus.PostFor(i);
            var response = await newsroom.PostAsJsonAsync(
                $"/api/topics/{topic}/developments",
                new { id = post.Id, headline = post.Headline, body = post.Body, author = post.Author, tags = post.Tags, priority = post.Priority },
                cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST {post.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        });

    /// <summary>Publishes the first half of each topic's posts before any page opens (the first paint and the state).</summary>
    private static async Task PublishFirstHalvesAsync(HttpClient newsroom, HttpClient reader, (string Topic, int[] Indexes)[] chunks)
    {
        foreach (var (topic, indexes) in chunks)
        {
            await PublishAsync(newsroom, topic, Half(indexes));
        }

        foreach (var (topic, indexes) in chunks)
        {
            await reader.WaitForSeqAsync(topic, Half(indexes).Length);
        }
    }

    /// <summary>
    /// With the pages open: publishes the second halves (live events), pins one post per topic (a key event with its
    /// headline) and retracts another with a payload as its reason (a notice), and waits until each page shows it all.
    /// </summary>
    private static async Task PublishSecondHalvesPinAndRetractAsync(HttpClient newsroom, (string Topic, int[] Indexes)[] chunks, LivePage[] lives)
    {
        foreach (var (topic, indexes) in chunks)
        {
            await PublishAsync(newsroom, topic, indexes[(indexes.Length / 2)..]);
        }

        foreach (var (live, (topic, indexes)) in lives.Zip(chunks))
        {
            await Assertions.Expect(live.Posts).ToHaveCountAsync(indexes.Length, new() { Timeout = (float)TestTimeouts.Batch.TotalMilliseconds });
            var pinned = XssCorpus.PostFor(indexes[0]).Id;
            var retracted = XssCorpus.PostFor(indexes[^1]).Id;
            var reason = XssCorpus.At(indexes[^1] + 4);
            await newsroom.PinAsync(topic, pinned);
            await newsroom.RetractAsync(topic, retracted, reason);
            await Assertions.Expect(live.KeyEvent(pinned)).ToHaveCountAsync(1);
            await Assertions.Expect(live.Post(retracted)).ToHaveCountAsync(0);
            var notice = await live.Widget.Locator(".lw-notice").TextContentAsync();
            Assert.Equal(XssCorpus.Shown($"An update was withdrawn: {reason}"), XssCorpus.Shown(notice));
        }
    }

    /// <summary>The page is inert and error-free, and <paramref name="root"/> shows each of the topic's posts with its headline and author as text.</summary>
    private async Task AssertPageAsync(IPage page, Func<int> dialogs, HttpClient reader, string topic, ILocator root, string where, Action? assertNoErrors = null)
    {
        await XssInspector.AssertInertAsync(page, where);
        Assert.Equal(0, dialogs());
        (assertNoErrors ?? (() => web.AssertNoErrors(page)))();

        var state = await reader.GetTopicAsync(topic);
        var shown = await root.EvaluateAsync<string?[][]>(ShownPostsScript);
        Assert.Equal(state.Developments.Select(d => d.Id), shown.Select(s => s[0]));
        foreach (var (development, post) in state.Developments.Zip(shown))
        {
            Assert.Equal(XssCorpus.Shown(development.Headline), XssCorpus.Shown(post[1]));
            Assert.Equal(XssCorpus.Shown(development.Author), XssCorpus.Shown(post[2]));
        }

        var keyEvents = await root.Locator(".lw-key-headline").AllTextContentsAsync();
        Assert.Equal(state.Pinned.Select(d => XssCorpus.Shown(d.Headline)), keyEvents.Select(XssCorpus.Shown));
        output.WriteLine($"{where}: {shown.Length} posts inert, shown as text");
    }
}
