using System.Text.Json;
using System.Text.Json.Serialization;
using LiveWire.Contracts;
using LiveWire.Core.Timeline;

namespace LiveWire.Core.Serialization;

/// <summary>
/// The JSON shape of LiveWire's wire and stored types: camelCase, nulls left out. Source-generated, so the hot paths
/// serialize without reflection.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TimelineEvent))]
[JsonSerializable(typeof(DevelopmentFields))]
[JsonSerializable(typeof(TimelinePage))]
public sealed partial class LiveWireJsonContext : JsonSerializerContext;
