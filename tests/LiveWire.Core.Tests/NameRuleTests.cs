using LiveWire.Core.Topics;
using LiveWire.Core.Validation;

namespace LiveWire.Core.Tests;

public sealed class NameRuleTests
{
    [Theory]
    [InlineData("demo-story\n")]
    [InlineData("demo-story\r\n")]
    [InlineData("\ndemo-story")]
    [InlineData("demo-st\u043Ery")] // Cyrillic o
    [InlineData("demo\u2011story")] // non-breaking hyphen
    [InlineData("ｄemo-story")] // full-width d
    [InlineData("demo/story")]
    [InlineData("demo%2Fstory")]
    [InlineData("..")]
    [InlineData("a0123456789012345678901234567890123456789012345678901234567890123")] // 65 characters
    public void A_topic_name_with_anything_beyond_the_rule_is_refused(string topic) => Assert.False(TopicName.IsValid(topic));

    [Theory]
    [InlineData("a")]
    [InlineData("demo-story")]
    [InlineData("private-board-2026")]
    [InlineData("a012345678901234567890123456789012345678901234567890123456789012")] // 64 characters
    public void A_topic_name_within_the_rule_is_taken(string topic) => Assert.True(TopicName.IsValid(topic));

    [Theory]
    [InlineData("quake\n")]
    [InlineData("qu\u0430ke")] // Cyrillic a
    [InlineData("../quake")]
    [InlineData("quake.1")]
    [InlineData("")]
    public void A_development_id_with_anything_beyond_the_rule_is_refused(string id) => Assert.False(DevelopmentIds.IsValid(id));
}
