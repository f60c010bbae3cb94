using System.Globalization;
using System.Text.Json.Nodes;
using Infra.Model.Policy;

namespace Infra.Model.Tests.Policy;

/// <summary>Builds one <see cref="PlannedResource"/> from inputs set by path (<c>metadataOptions.httpTokens</c>, <c>rules[0].x</c>).</summary>
public sealed class PlannedResourceBuilder(string type, string name)
{
    private readonly JsonObject _inputs = [];

    public string Type { get; } = type;

    public string Name { get; } = name;

    /// <summary>Sets the input at a path, creating the objects on the way; a string starting with { or [ is parsed as JSON.</summary>
    public PlannedResourceBuilder With(string path, object? value)
    {
        var (parent, last) = Walk(path, create: true);
        var node = value switch
        {
            null => null,
            JsonNode json => json.DeepClone(),
            string text when text.StartsWith('{') || text.StartsWith('[') => JsonNode.Parse(text),
            string text => JsonValue.Create(text),
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create((double)i),
            double d => JsonValue.Create(d),
            _ => throw new ArgumentException($"unsupported input value {value}", nameof(value)),
        };
        Set(parent!, last, node);
        return this;
    }

    /// <summary>Sets a string input without parsing it, e.g. a JSON document sent as text.</summary>
    public PlannedResourceBuilder WithText(string path, string text)
    {
        var (parent, last) = Walk(path, create: true);
        Set(parent!, last, JsonValue.Create(text));
        return this;
    }

    /// <summary>Removes the input at a path: what the engine does with a value unknown at plan time.</summary>
    public PlannedResourceBuilder Without(string path)
    {
        var (parent, last) = Walk(path, create: false);
        switch (parent)
        {
            case JsonObject map:
                map.Remove(last);
                break;
            case JsonArray list:
                list.RemoveAt(Index(last));
                break;
        }

        return this;
    }

    public PlannedResource Build() => new(Type, Name, null, (JsonObject)_inputs.DeepClone(), []);

    private (JsonNode? Parent, string Last) Walk(string path, bool create)
    {
        var segments = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        JsonNode? node = _inputs;
        for (var s = 0; s < segments.Length - 1 && node is not null; s++)
        {
            var next = segments[s + 1].StartsWith('[') ? (Func<JsonNode>)(() => new JsonArray()) : () => new JsonObject();
            node = segments[s].StartsWith('[')
                ? Child((JsonArray)node, Index(segments[s]), create ? next : null)
                : Child((JsonObject)node, segments[s], create ? next : null);
        }

        return (node, segments[^1]);
    }

    private static JsonNode? Child(JsonObject map, string key, Func<JsonNode>? create)
    {
        if (map[key] is null && create is not null)
        {
            map[key] = create();
        }

        return map[key];
    }

    private static JsonNode? Child(JsonArray list, int index, Func<JsonNode>? create)
    {
        while (create is not null && list.Count <= index)
        {
            list.Add(create());
        }

        return index < list.Count ? list[index] : null;
    }

    private static void Set(JsonNode parent, string last, JsonNode? value)
    {
        if (parent is JsonArray list)
        {
            var index = Index(last);
            while (list.Count <= index)
            {
                list.Add(null);
            }

            list[index] = value;
        }
        else
        {
            parent[last] = value;
        }
    }

    private static int Index(string segment) => int.Parse(segment.Trim('[', ']'), CultureInfo.InvariantCulture);
}
