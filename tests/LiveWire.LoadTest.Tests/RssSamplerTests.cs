using LiveWire.LoadTest.Measuring;

namespace LiveWire.LoadTest.Tests;

/// <summary>
/// How the soak judges resident memory: the floor (lowest sample) of a window, compared within each steady stretch, a
/// stretch ending where a process went away. Samples are given directly, every 10 s, in MiB.
/// </summary>
public sealed class RssSamplerTests
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    private const double Mib = 1024 * 1024;

    [Fact]
    public void A_survivor_that_steps_up_when_another_node_is_killed_is_flat_within_each_stretch()
    {
        var sampler = new RssSampler(() => []);
        for (var t = 0; t <= 600; t += 10)
        {
            sampler.Record("server-1", 1, t, (t < 300 ? 200 : 260) * Mib);
            if (t <= 300)
            {
                sampler.Record("server-2", 2, t, 200 * Mib);
            }
        }

        var rows = sampler.Rows(Warmup, Window, 10).Where(r => r.Name == "server-1").ToArray();

        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.False(r.Flagged));
        Assert.Equal(0, rows[0].ChangePercent, 3);
        Assert.Equal(30, rows[1].StepPercent, 3);
        Assert.True(sampler.Rows(Warmup, Window, 10).Single(r => r.Name == "server-2").Gone);
    }

    [Fact]
    public void Memory_that_keeps_growing_is_flagged()
    {
        var sampler = new RssSampler(() => []);
        for (var t = 0; t <= 600; t += 10)
        {
            sampler.Record("ingestion", 1, t, (200 + t / 10.0) * Mib);
        }

        var row = Assert.Single(sampler.Rows(Warmup, Window, 10));

        Assert.True(row.Flagged);
        Assert.True(row.ChangePercent > 10, $"{row.ChangePercent} %");
    }

    [Fact]
    public void One_sample_swinging_with_the_gc_is_not_flagged()
    {
        var sampler = new RssSampler(() => []);
        for (var t = 0; t <= 600; t += 10)
        {
            sampler.Record("server-1", 1, t, (t == 600 ? 240 : 200 + t % 20 / 10.0) * Mib);
        }

        var row = Assert.Single(sampler.Rows(Warmup, Window, 10));

        Assert.False(row.Flagged, $"{row.ChangePercent} %");
        Assert.Equal(240, row.MaxMiB, 3);
    }

    [Fact]
    public void A_saw_that_the_gc_brings_down_is_judged_where_it_comes_down()
    {
        var sampler = new RssSampler(() => []);
        for (var t = 0; t <= 600; t += 10)
        {
            // Climbs 20 MiB every 10 s for 50 s, then a full collection brings it back to 200.
            sampler.Record("server-1", 1, t, (200 + t % 60 / 10 * 20) * Mib);
        }

        var row = Assert.Single(sampler.Rows(Warmup, TimeSpan.FromSeconds(60), 10));

        Assert.False(row.Flagged, $"{row.ChangePercent} %");
        Assert.Equal(200, row.WarmMiB, 3);
        Assert.Equal(200, row.EndMiB, 3);
    }

    [Fact]
    public void A_stretch_too_short_to_warm_up_is_shown_but_not_judged()
    {
        var sampler = new RssSampler(() => []);
        for (var t = 0; t <= 100; t += 10)
        {
            sampler.Record("server-3", 3, t, (100 + t) * Mib);
        }

        var row = Assert.Single(sampler.Rows(Warmup, Window, 10));

        Assert.False(row.Flagged);
        Assert.True(double.IsNaN(row.ChangePercent));
    }
}
