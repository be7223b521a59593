using System.Text.Json;
using System.Text.Json.Serialization;
using LiveWire.Contracts;

namespace LiveWire.Client.Internal;

/// <summary>The JSON the client reads, source-generated (camelCase, as the server writes it), so trimmed apps work.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TimelineEvent))]
[JsonSerializable(typeof(SubscribeResult))]
[JsonSerializable(typeof(EventsPage))]
[JsonSerializable(typeof(TopicSnapshot))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long?))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
