using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Model.Policy;

/// <summary>
/// Tolerant reading of planned inputs. Booleans arrive as JSON booleans or as the strings AWS uses ("true"),
/// numbers as numbers or numeric strings, and structured values either as JSON or as JSON text (provider inputs
/// such as <c>defaultTags</c> are sent JSON-encoded; inline policies are JSON strings).
/// </summary>
public static class PlanJson
{
    /// <summary>The node at a dotted path of object keys (<c>metadataOptions.httpTokens</c>), or null.</summary>
    public static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (Object(node) is not { } map || !map.TryGetPropertyValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(JsonNode? node)
    {
        PlanValues.Seen(node);
        return node?.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
            _ => null,
        };
    }

    public static bool? Bool(JsonNode? node)
    {
        PlanValues.Seen(node);
        return node?.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(node.GetValue<string>(), out var parsed) => parsed,
            _ => null,
        };
    }

    public static double? Number(JsonNode? node) =>
        Text(node) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static JsonObject? Object(JsonNode? node)
    {
        PlanValues.Seen(node);
        return node switch
        {
            JsonObject map => map,
            JsonValue when Parse(node) is JsonObject parsed => parsed,
            _ => null,
        };
    }

    /// <summary>The elements of an array (or of JSON text holding one); empty for anything else.</summary>
    public static IReadOnlyList<JsonNode?> Array(JsonNode? node)
    {
        PlanValues.Seen(node);
        return node switch
        {
            JsonArray list => [.. list],
            JsonValue when Parse(node) is JsonArray parsed => [.. parsed],
            _ => [],
        };
    }

    public static T? First<T>(IReadOnlyList<T> list) => list.Count > 0 ? list[0] : default;

    /// <summary>A string or a list of strings (IAM's Action and Resource take both).</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        Text(node) is { } single && node!.GetValueKind() == JsonValueKind.String && Parse(node) is null
            ? [single]
            : [.. Array(node).Select(Text).OfType<string>()];

    private static JsonNode? Parse(JsonNode node)
    {
        if (node.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        var text = node.GetValue<string>().TrimStart();
        if (!text.StartsWith('{') && !text.StartsWith('['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
