using LiveWire.LoadTest.Soak;

namespace LiveWire.LoadTest.Tests;

public sealed class SoakSettingsTests
{
    [Theory]
    [InlineData("2", "600", 1200)]
    [InlineData("0.1", "150", 15)]
    [InlineData("0.5", "7", 4)]
    public void A_rate_may_be_a_fraction_of_an_event_a_second(string rate, string durationSeconds, int posts)
    {
        var settings = SoakSettings.From(new()
        {
            ["livewire"] = "http://127.0.0.1:5000",
            ["signing-key"] = "soak-settings-test-signing-key-0123456789",
            ["rate"] = rate,
            ["duration-s"] = durationSeconds,
        });

        Assert.Equal(posts, settings.Posts);
    }
}
