namespace LiveWire.Server.Api;

/// <summary>The OpenAPI description of the HTTP API, served at <see cref="Path"/>.</summary>
public sealed class ApiDocumentOptions
{
    /// <summary>The configuration section: <c>LiveWire:OpenApi</c>.</summary>
    public const string SectionName = "LiveWire:OpenApi";

    /// <summary>The name of the one document.</summary>
    public const string DocumentName = "v1";

    /// <summary>Where the document is served.</summary>
    public const string Path = "/openapi/{documentName}.json";

    /// <summary>
    /// Serves the document outside Development too (default: false; in Development it is always served). It names
    /// every route and its problems, nothing secret, but a public edge need not describe itself.
    /// </summary>
    public bool Enabled { get; set; }
}
