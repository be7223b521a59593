namespace LiveWire.Web.Tests;

/// <summary>Two Server nodes: the page's node restarts while the newsroom keeps posting through the other.</summary>
public sealed class TwoServerWebFixture : WebFixture
{
    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Cluster.AddServerAsync();
    }
}
