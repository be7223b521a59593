namespace LiveWire.Realtime;

/// <summary>The SignalR group of a topic's readers.</summary>
public static class TopicGroups
{
    /// <summary>The group name for <paramref name="topic"/>.</summary>
    public static string For(string topic) => "topic:" + topic;
}
