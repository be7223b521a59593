namespace LiveWire.Server.Api;

/// <summary>One shared dependency as the answering node sees it, in <see cref="OverviewResponse"/>.</summary>
/// <param name="Name"><c>redis</c>, <c>rabbitmq</c> or <c>bus</c>.</param>
/// <param name="Status"><c>healthy</c>, <c>degraded</c>, <c>unhealthy</c>, or <c>not-used</c> (the embedded default).</param>
/// <param name="Description">What the check found, or what runs instead.</param>
public sealed record DependencyHealth(string Name, string Status, string? Description);
