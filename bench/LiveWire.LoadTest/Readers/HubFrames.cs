using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace LiveWire.LoadTest.Readers;

/// <summary>
/// Just enough of SignalR's wire format for a reader: the handshake, the two invocations a reader sends
/// (<c>Subscribe</c>, <c>Ack</c>), pings, and the fields of an incoming message the benchmark needs (its type, an
/// event's <c>seq</c>, <c>acceptedAt</c> and the send time in its <c>id</c>, a completion's error and, for <c>Subscribe</c>, its <c>reset</c>). Nothing is allocated per incoming event.
/// </summary>
internal static class HubFrames
{
    public const byte RecordSeparator = 0x1E;
    public const int InvocationType = 1;
    public const int CompletionType = 3;
    public const int CloseType = 7;

    public static byte[] Handshake(WireProtocol protocol) => Encoding.UTF8.GetBytes(
        $"{{\"protocol\":\"{(protocol == WireProtocol.Json ? "json" : "messagepack")}\",\"version\":1}}\u001e");

    /// <summary><c>Subscribe(topic, afterSeq)</c>; <paramref name="afterSeq"/> null asks for live events only.</summary>
    public static byte[] Subscribe(WireProtocol protocol, string topic, long? afterSeq = null) => Invocation(
        protocol,
        "s",
        "Subscribe",
        2,
        w =>
        {
            w.WriteStringValue(topic);
            if (afterSeq is { } after)
            {
                w.WriteNumberValue(after);
            }
            else
            {
                w.WriteNullValue();
            }
        },
        (ref MessagePackWriter m) =>
        {
            m.Write(topic);
            if (afterSeq is { } after)
            {
                m.Write(after);
            }
            else
            {
                m.WriteNil();
            }
        });

    public static byte[] Ack(WireProtocol protocol, string topic, long seq, int heldMs) =>
        Invocation(protocol, null, "Ack", 3, w => { w.WriteStringValue(topic); w.WriteNumberValue(seq); w.WriteNumberValue(heldMs); }, (ref MessagePackWriter m) => { m.Write(topic); m.Write(seq); m.Write(heldMs); });

    public static byte[] Ping(WireProtocol protocol)
    {
        if (protocol == WireProtocol.Json)
        {
            return "{\"type\":6}\u001e"u8.ToArray();
        }

        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        writer.WriteArrayHeader(1);
        writer.Write(6);
        writer.Flush();
        return LengthPrefixed(body.WrittenSpan);
    }

    private static byte[] Invocation(
        WireProtocol protocol,
        string? invocationId,
        string target,
        int count,
        Action<Utf8JsonWriter> json,
        MessagePackArguments arguments)
    {
        var body = new ArrayBufferWriter<byte>();
        if (protocol == WireProtocol.Json)
        {
            using (var text = new Utf8JsonWriter(body))
            {
                text.WriteStartObject();
                text.WriteNumber("type", InvocationType);
                if (invocationId is not null)
                {
                    text.WriteString("invocationId", invocationId);
                }

                text.WriteString("target", target);
                text.WriteStartArray("arguments");
                json(text);
                text.WriteEndArray();
                text.WriteEndObject();
            }

            body.Write([RecordSeparator]);
            return body.WrittenSpan.ToArray();
        }

        var writer = new MessagePackWriter(body);
        writer.WriteArrayHeader(6);
        writer.Write(InvocationType);
        writer.WriteMapHeader(0);
        if (invocationId is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(invocationId);
        }

        writer.Write(target);
        writer.WriteArrayHeader(count);
        arguments(ref writer);
        writer.WriteArrayHeader(0);
        writer.Flush();
        return LengthPrefixed(body.WrittenSpan);
    }

    private delegate void MessagePackArguments(ref MessagePackWriter writer);

    private static byte[] LengthPrefixed(ReadOnlySpan<byte> message)
    {
        var prefix = new byte[5];
        var length = message.Length;
        var used = 0;
        do
        {
            var b = (byte)(length & 0x7F);
            length >>= 7;
            prefix[used++] = length > 0 ? (byte)(b | 0x80) : b;
        }
        while (length > 0);

        var frame = new byte[used + message.Length];
        prefix.AsSpan(0, used).CopyTo(frame);
        message.CopyTo(frame.AsSpan(used));
        return frame;
    }

    /// <summary>
    /// Takes the first complete message off <paramref name="buffer"/>; false when the buffer holds only part of
    /// one. <paramref name="consumed"/> counts its bytes, separator or length prefix included.
    /// </summary>
    public static bool TryRead(WireProtocol protocol, ReadOnlyMemory<byte> buffer, out IncomingMessage message, out int consumed)
    {
        message = default;
        consumed = 0;
        if (protocol == WireProtocol.Json)
        {
            var end = buffer.Span.IndexOf(RecordSeparator);
            if (end < 0)
            {
                return false;
            }

            consumed = end + 1;
            message = ParseJson(buffer.Span[..end]);
            return true;
        }

        var length = 0;
        var shift = 0;
        var index = 0;
        while (true)
        {
            if (index >= buffer.Length || index >= 5)
            {
                return false;
            }

            var b = buffer.Span[index++];
            length |= (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (buffer.Length - index < length)
        {
            return false;
        }

        consumed = index + length;
        message = ParseMessagePack(buffer.Slice(index, length));
        return true;
    }

    private static IncomingMessage ParseJson(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record);
        var message = default(IncomingMessage);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    message.Type = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    message.Error = reader.GetString();
                }
                else if (reader.ValueTextEquals("headers"u8))
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            else if (reader.CurrentDepth == 2 && reader.ValueTextEquals("reset"u8))
            {
                // Only a completion's result has properties at this depth: Subscribe's {topic, latestSeq, replayed, reset, epoch}.
                reader.Read();
                message.Reset = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.CurrentDepth == 3)
            {
                if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    message.Seq = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("acceptedAt"u8))
                {
                    reader.Read();
                    message.AcceptedAt = reader.GetDateTimeOffset();
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    PostStamp.TryRead(reader.ValueSpan, out message.SentAt);
                }
            }
        }

        return message;
    }

    private static bool ReadReset(ref MessagePackReader reader)
    {
        var reset = false;
        var properties = reader.ReadMapHeader();
        for (var i = 0; i < properties; i++)
        {
            if (!reader.TryReadStringSpan(out var name))
            {
                reader.Skip();
                reader.Skip();
            }
            else if (name.SequenceEqual("Reset"u8))
            {
                reset = reader.ReadBoolean();
            }
            else
            {
                reader.Skip();
            }
        }

        return reset;
    }

    private static IncomingMessage ParseMessagePack(ReadOnlyMemory<byte> body)
    {
        var reader = new MessagePackReader(body);
        var message = default(IncomingMessage);
        var fields = reader.ReadArrayHeader();
        message.Type = reader.ReadInt32();
        if (message.Type == CompletionType)
        {
            reader.Skip(); // headers
            reader.Skip(); // invocation id
            var kind = reader.ReadInt32();
            if (kind == 1)
            {
                message.Error = reader.ReadString();
            }
            else if (kind == 3 && reader.NextMessagePackType == MessagePackType.Map)
            {
                message.Reset = ReadReset(ref reader);
            }

            return message;
        }

        if (message.Type != InvocationType || fields < 5)
        {
            return message;
        }

        reader.Skip(); // headers
        reader.Skip(); // invocation id
        reader.Skip(); // target: a reader receives only "event"
        if (reader.ReadArrayHeader() < 1)
        {
            return message;
        }

        var properties = reader.ReadMapHeader();
        for (var i = 0; i < properties; i++)
        {
            if (!reader.TryReadStringSpan(out var name))
            {
                reader.Skip();
                reader.Skip();
            }
            else if (name.SequenceEqual("Seq"u8))
            {
                message.Seq = reader.ReadInt64();
            }
            else if (name.SequenceEqual("Id"u8) && reader.TryReadStringSpan(out var id))
            {
                PostStamp.TryRead(id, out message.SentAt);
            }
            else if (name.SequenceEqual("AcceptedAt"u8))
            {
                // MessagePack-CSharp writes a DateTimeOffset as [DateTime of its clock time, offset in minutes].
                reader.ReadArrayHeader();
                var clock = reader.ReadDateTime();
                var offset = TimeSpan.FromMinutes(reader.ReadInt16());
                message.AcceptedAt = new DateTimeOffset(clock.Ticks, offset);
            }
            else
            {
                reader.Skip();
            }
        }

        return message;
    }
}
