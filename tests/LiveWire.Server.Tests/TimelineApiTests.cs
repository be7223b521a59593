using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Contracts;
using LiveWire.Core.Telemetry;
using LiveWire.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Server.Tests;

/// <summary>Corrections, retractions, pins and topics through the newsroom API, and the state readers get back.</summary>
public sealed class TimelineApiTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private LiveWireCluster Cluster => fixture.Cluster;

    private LiveWireNode Server => Cluster.Servers[0];

    [Fact]
    public async Task Every_kind_of_change_takes_the_next_seq_and_the_topic_state_follows()
    {
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var topic = Newsroom.NewTopic();
        await newsroom.PostAsync(topic, "a", "Convoy reaches the border");
        await newsroom.PostAsync(topic, "b", "Talks set for Friday");

        // Sent right after the publish's 202, before it is committed: queued, not refused.
        var correction = await newsroom.PutAsJsonAsync($"/api/topics/{topic}/developments/a", new { headline = "Convoy reaches the northern border", body = "<p>Updated</p>" });
        Assert.Equal(HttpStatusCode.Accepted, correction.StatusCode);

        // A later change to the same development may overtake this one on the bus (and would supersede it), so the
        // test lets the correction land before the retraction.
        await newsroom.WaitForSeqAsync(topic, 3);
        var pin = await newsroom.PutAsync($"/api/topics/{topic}/developments/b/pin", null);
        var retraction = await newsroom.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/topics/{topic}/developments/a")
        {
            Content = JsonContent.Create(new { reason = "Wrong convoy" }),
        });
        Assert.All([pin, retraction], r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await newsroom.WaitForSeqAsync(topic, 5);
        var unpin = await newsroom.DeleteAsync($"/api/topics/{topic}/developments/b/pin");
        Assert.Equal(HttpStatusCode.Accepted, unpin.StatusCode);
        await newsroom.WaitForSeqAsync(topic, 6);

        var events = (await newsroom.GetEventsAsync(topic)).Events;
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], events.Select(e => e.Seq));
        var byKind = events.ToLookup(e => e.Kind);
        var corrected = Assert.Single(byKind[EventKinds.Corrected]);
        Assert.Equal(("a", 2, "Convoy reaches the northern border", "<p>Updated</p>"), (corrected.Id, corrected.Revision, corrected.Headline, corrected.Body));
        var pinned = Assert.Single(byKind[EventKinds.Pinned]);
        Assert.Equal(("b", true, "Talks set for Friday"), (pinned.Id, pinned.Pinned, pinned.Headline));
        var retracted = Assert.Single(byKind[EventKinds.Retracted]);
        Assert.Equal(("a", "Wrong convoy", (string?)null), (retracted.Id, retracted.Reason, retracted.Headline));
        Assert.False(Assert.Single(byKind[EventKinds.Unpinned]).Pinned);

        var state = await newsroom.GetTopicAsync(topic);
        Assert.Equal(6, state.LatestSeq);
        Assert.Equal(["b"], state.Developments.Select(d => d.Id));
        Assert.Empty(state.Pinned);
    }

    [Fact]
    public async Task A_change_to_an_unknown_development_is_404_and_to_a_retracted_one_409_and_neither_sends_anything()
    {
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var topic = Newsroom.NewTopic();
        await newsroom.PostAsync(topic, "gone");
        await newsroom.WaitForSeqAsync(topic, 1);
        Assert.Equal(HttpStatusCode.Accepted, (await newsroom.DeleteAsync($"/api/topics/{topic}/developments/gone")).StatusCode);
        await newsroom.WaitForSeqAsync(topic, 2);
        var sends = new SendCounter();
        using var observer = Server.Services.GetRequiredService<IBus>().ConnectSendObserver(sends);

        var unknown = new[]
        {
            await newsroom.PutAsJsonAsync($"/api/topics/{topic}/developments/nope", new { headline = "x" }),
            await newsroom.DeleteAsync($"/api/topics/{topic}/developments/nope"),
            await newsroom.PutAsync($"/api/topics/{topic}/developments/nope/pin", null),
            await newsroom.DeleteAsync($"/api/topics/{topic}/developments/nope/pin"),
        };
        var retracted = new[]
        {
            await newsroom.PutAsJsonAsync($"/api/topics/{topic}/developments/gone", new { headline = "Back" }),
            await newsroom.PutAsync($"/api/topics/{topic}/developments/gone/pin", null),
            await newsroom.DeleteAsync($"/api/topics/{topic}/developments/gone"),
        };

        Assert.All(unknown, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.All(retracted, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        using var problem = JsonDocument.Parse(await retracted[0].Content.ReadAsStringAsync());
        Assert.Equal("retracted", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("application/problem+json", retracted[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, sends.Sent);
        Assert.Equal(2, (await newsroom.GetEventsAsync(topic)).LatestSeq);
    }

    [Fact]
    public async Task The_topic_state_and_history_carry_its_epoch_and_a_position_from_another_epoch_is_a_reset()
    {
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var topic = Newsroom.NewTopic();
        await newsroom.PostAsync(topic, "a");
        await newsroom.WaitForSeqAsync(topic, 1);

        using var state = JsonDocument.Parse(await newsroom.GetStringAsync($"/api/topics/{topic}"));
        var epoch = state.RootElement.GetProperty("epoch").GetString();
        using var same = JsonDocument.Parse(await newsroom.GetStringAsync($"/api/topics/{topic}/events?after=0&epoch={epoch}"));
        using var other = JsonDocument.Parse(await newsroom.GetStringAsync($"/api/topics/{topic}/events?after=0&epoch=gone-1"));
        var bad = await newsroom.GetAsync($"/api/topics/{topic}/events?after=0&epoch=not%20one");

        Assert.False(string.IsNullOrEmpty(epoch));
        Assert.Equal((false, 1, epoch), (same.RootElement.GetProperty("reset").GetBoolean(), same.RootElement.GetProperty("events").GetArrayLength(), same.RootElement.GetProperty("epoch").GetString()));
        Assert.Equal(epoch, same.RootElement.GetProperty("events")[0].GetProperty("epoch").GetString());
        Assert.Equal((true, 0, epoch), (other.RootElement.GetProperty("reset").GetBoolean(), other.RootElement.GetProperty("events").GetArrayLength(), other.RootElement.GetProperty("epoch").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("epoch", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topics_get_a_title_summary_and_status_and_list_newest_activity_first()
    {
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var (older, newer) = (Newsroom.NewTopic("older"), Newsroom.NewTopic("newer"));
        await newsroom.PostAsync(older, "one");
        await newsroom.WaitForSeqAsync(older, 1);

        var put = await newsroom.PutAsJsonAsync($"/api/topics/{newer}", new { title = "Harbour fire", summary = "Crews at the docks.", status = "ended" });
        var bad = await newsroom.PutAsJsonAsync($"/api/topics/{newer}", new { status = "paused" });
        var missing = await newsroom.GetAsync($"/api/topics/{Newsroom.NewTopic("never")}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var state = await newsroom.GetTopicAsync(newer);
        Assert.Equal(("Harbour fire", "Crews at the docks.", "ended", 0L), (state.Title, state.Summary, state.Status, state.LatestSeq));
        var list = await newsroom.GetFromJsonAsync<List<JsonElement>>("/api/topics");
        var order = list!.Select(t => t.GetProperty("topic").GetString()).ToList();
        Assert.True(order.IndexOf(newer) < order.IndexOf(older), "the topic changed last comes first");
        var olderItem = list!.Single(t => t.GetProperty("topic").GetString() == older);
        Assert.Equal(1, olderItem.GetProperty("latestSeq").GetInt64());
        Assert.Equal(0, olderItem.GetProperty("readers").GetInt64());
    }

    [Fact]
    public async Task The_same_Idempotency_Key_gets_the_first_answer_and_commits_nothing_new()
    {
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var topic = Newsroom.NewTopic();
        async Task<HttpResponseMessage> Send(HttpMethod method, string path, object body, string key)
        {
            var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await newsroom.SendAsync(request);
        }

        var sends = new SendCounter();
        using var observer = Server.Services.GetRequiredService<IBus>().ConnectSendObserver(sends);

        // No id in the body: the server makes one, and the replay must name the same one.
        var first = await Send(HttpMethod.Post, $"/api/topics/{topic}/developments", new { headline = "Once" }, "post-1");
        var again = await Send(HttpMethod.Post, $"/api/topics/{topic}/developments", new { headline = "Once" }, "post-1");
        var id = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var correction = await Send(HttpMethod.Put, $"/api/topics/{topic}/developments/{id}", new { headline = "Once, corrected" }, "fix-1");
        var correctionAgain = await Send(HttpMethod.Put, $"/api/topics/{topic}/developments/{id}", new { headline = "Once, corrected" }, "fix-1");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, again.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Accepted, correctionAgain.StatusCode);
        Assert.True(correctionAgain.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Accepted, correction.StatusCode);

        Assert.Equal(2, sends.Sent);
        await newsroom.WaitForSeqAsync(topic, 2);
        var events = (await newsroom.GetEventsAsync(topic)).Events;
        Assert.Equal([EventKinds.Published, EventKinds.Corrected], events.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_correction_sent_twice_with_one_revision_commits_once()
    {
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var topic = Newsroom.NewTopic();
        await newsroom.PostAsync(topic, "a");
        await newsroom.WaitForSeqAsync(topic, 1);
        var bus = Server.Services.GetRequiredService<IBus>();
        using var worker = new NodeMetrics(Cluster.Workers[0]);

        for (var i = 0; i < 2; i++)
        {
            var response = await newsroom.PutAsJsonAsync($"/api/topics/{topic}/developments/a", new { headline = "Fixed figure", revision = 2 });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await bus.Publish(new CorrectDevelopment { Topic = topic, Id = "a", Headline = "Fixed figure", Revision = 2 });

        // Three corrections sent, one committed: wait until the worker has seen the other two as duplicates.
        await Eventually.HoldsAsync(() => worker.Total(LiveWireTelemetry.Instruments.EventsDuplicate) >= 2, TestTimeouts.Delivery, "two duplicates");
        var events = (await newsroom.GetEventsAsync(topic)).Events;
        Assert.Equal([EventKinds.Published, EventKinds.Corrected], events.Select(e => e.Kind));
        Assert.Equal(2, events[1].Revision);
    }
}
