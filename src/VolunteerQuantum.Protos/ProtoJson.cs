using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace VolunteerQuantum.Protos;

/// <summary>
/// JSON for people and scripts (vq --json, /status): the proto3 mapping, with every field written,
/// except that 64-bit integers are numbers. The mapping writes them as strings (JavaScript numbers
/// lose precision past 2^53), so "memoryBytes": "8589934592" forced every reader to convert; counts
/// and byte sizes here stay far below 2^53, and protobuf's own parser accepts numbers for them.
/// </summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var node = JsonNode.Parse(Formatter.Format(message));
        NumbersIn(node as JsonObject, message.Descriptor);
        return node!.ToJsonString(Indented);
    }

    private static void NumbersIn(JsonObject? json, MessageDescriptor descriptor)
    {
        if (json is null || descriptor.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal))
        {
            return; // well-known types keep their own forms (timestamps, durations, wrappers)
        }
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (!json.TryGetPropertyValue(field.JsonName, out var value) || value is null)
            {
                continue;
            }
            if (field.IsMap)
            {
                var entries = (JsonObject)value;
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (var key in entries.Select(p => p.Key).ToList())
                {
                    if (Replacement(entries[key], valueField) is { } number)
                    {
                        entries[key] = number;
                    }
                }
            }
            else if (field.IsRepeated && value is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (Replacement(array[i], field) is { } number)
                    {
                        array[i] = number;
                    }
                }
            }
            else if (Replacement(value, field) is { } number)
            {
                json[field.JsonName] = number;
            }
        }
    }

    /// <summary>
    /// The number a 64-bit field's string stands for, or null to keep the value as it is (nested
    /// messages are converted in place).
    /// </summary>
    private static JsonValue? Replacement(JsonNode? value, FieldDescriptor field)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                NumbersIn(value as JsonObject, field.MessageType);
                return null;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 when value is JsonValue v && v.TryGetValue<string>(out var s) && long.TryParse(s, out var signed):
                return JsonValue.Create(signed);
            case FieldType.UInt64 or FieldType.Fixed64 when value is JsonValue v && v.TryGetValue<string>(out var s) && ulong.TryParse(s, out var unsigned):
                return JsonValue.Create(unsigned);
            default:
                return null;
        }
    }
}
