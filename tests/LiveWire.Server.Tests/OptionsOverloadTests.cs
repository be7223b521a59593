using LiveWire.Core;
using LiveWire.Core.Options;
using LiveWire.Realtime;
using LiveWire.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveWire.Server.Tests;

/// <summary>
/// Each <c>AddLiveWire…</c> method that owns options takes a delegate for them, which runs after the configuration is
/// bound (as <c>services.Configure</c>): what it sets wins, and what it leaves keeps the configured value.
/// </summary>
public sealed class OptionsOverloadTests
{
    [Fact]
    public void A_delegate_given_to_an_AddLiveWire_method_runs_after_its_section_is_bound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{TimelineOptions.SectionName}:MaxEvents"] = "20",
            [$"{TimelineOptions.SectionName}:MaxPageSize"] = "30",
            [$"{HubLimitsOptions.SectionName}:AckBurst"] = "7",
            [$"{HubLimitsOptions.SectionName}:HubCallBurst"] = "8",
            [$"{AckOptions.SectionName}:FlushInterval"] = "00:00:02",
            [$"{LiveWireRedisOptions.SectionName}:Prefix"] = "bound",
            [$"{LiveWireRedisOptions.SectionName}:EpochWatermarkTopics"] = "5",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);

        services.AddLiveWireCore((TimelineOptions timeline) => timeline.MaxEvents = 10);
        services.AddLiveWireHub((HubLimitsOptions hub) => hub.AckBurst = 9);
        services.AddLiveWireRedis("127.0.0.1:1", redis => redis.Prefix = "given");

        using var provider = services.BuildServiceProvider();
        var timeline = provider.GetRequiredService<IOptions<TimelineOptions>>().Value;
        var hub = provider.GetRequiredService<IOptions<HubLimitsOptions>>().Value;
        var redis = provider.GetRequiredService<IOptions<LiveWireRedisOptions>>().Value;
        Assert.Equal((10, 30), (timeline.MaxEvents, timeline.MaxPageSize));
        Assert.Equal((9, 8), (hub.AckBurst, hub.HubCallBurst));
        Assert.Equal(TimeSpan.FromSeconds(2), provider.GetRequiredService<IOptions<AckOptions>>().Value.FlushInterval);
        Assert.Equal(("given", 5), (redis.Prefix, redis.EpochWatermarkTopics));
    }
}
