namespace LiveWire.Core.Timeline;

/// <summary>Where a development stands, as far as a correction, retraction or pin is concerned.</summary>
public enum DevelopmentStatus
{
    /// <summary>Neither published nor accepted for publishing.</summary>
    Unknown,

    /// <summary>Accepted by the API and on its way through the bus; a change to it is queued behind the publish.</summary>
    Accepted,

    /// <summary>Published and not retracted.</summary>
    Live,

    /// <summary>Retracted: it can no longer be changed.</summary>
    Retracted,
}
