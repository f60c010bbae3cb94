using System.Text.Json;

namespace Infra.Model.Settings;

/// <summary>
/// Reads the fields of one structured value (a service, its health check, ...), naming each problem with its
/// full key path (<c>ecs-refarch:services[1].containerPort</c>) and flagging fields it does not know.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly string _path;
    private readonly ConfigReader _reader;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public JsonObjectReader(JsonElement element, string path, ConfigReader reader)
    {
        _element = element;
        _path = path;
        _reader = reader;
    }

    public string Path => _path;

    public string KeyOf(string field) => $"{_path}.{field}";

    public bool Has(string field)
    {
        _known.Add(field);
        return _element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;
    }

    public string? String(string field, bool required = false, string allowed = "a non-empty string")
    {
        if (!TryGet(field, out var value))
        {
            if (required)
            {
                _reader.Fail(KeyOf(field), null, "missing", allowed);
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            _reader.Fail(KeyOf(field), Text(value), "not a non-empty string", allowed);
            return null;
        }

        return value.GetString()!.Trim();
    }

    /// <summary>A field as text whatever its type (strings unquoted, anything else as JSON); null when absent.</summary>
    public string? Scalar(string field) => TryGet(field, out var value) ? Text(value) : null;

    public int? Int(string field, int min, int max, bool required = false)
    {
        if (!TryGet(field, out var value))
        {
            if (required)
            {
                _reader.Fail(KeyOf(field), null, "missing", $"an integer from {min} to {max}");
            }

            return null;
        }

        return value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? _reader.ParseInt(KeyOf(field), Text(value), min, max)
            : Invalid<int?>(field, value, $"an integer from {min} to {max}");
    }

    public int IntOr(string field, int fallback, int min, int max) => Int(field, min, max) ?? fallback;

    public bool? Bool(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => Invalid<bool?>(field, value, "true or false"),
        };
    }

    public IReadOnlyDictionary<string, string> StringMap(string field)
    {
        if (!TryGet(field, out var value))
        {
            return new Dictionary<string, string>();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Invalid<IReadOnlyDictionary<string, string>>(field, value, "a map of names to strings") ?? new Dictionary<string, string>();
        }

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                result[property.Name] = Text(property.Value);
            }
            else
            {
                _reader.Fail($"{KeyOf(field)}.{property.Name}", Text(property.Value), "not a plain value", "a string, number or boolean");
            }
        }

        return result;
    }

    /// <summary>A map whose values each caller reads itself (a string, or a map of its own): name → value, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Entries(string field)
    {
        if (!TryGet(field, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Invalid<IReadOnlyList<KeyValuePair<string, JsonElement>>>(field, value, "a map of names to values") ?? [];
        }

        return [.. value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal)];
    }

    /// <summary>A reader for a map found inside another value, e.g. one entry of <see cref="Entries"/>.</summary>
    public JsonObjectReader Nested(JsonElement element, string path) => new(element, path, _reader);

    public IReadOnlyList<string>? StringList(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return Invalid<IReadOnlyList<string>>(field, value, "a list of strings");
        }

        return [.. value.EnumerateArray().Select(e => e.GetString()!)];
    }

    public JsonObjectReader? Object(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Invalid<JsonObjectReader>(field, value, "a map of settings");
        }

        return new JsonObjectReader(value, KeyOf(field), _reader);
    }

    /// <summary>Fields present in the value that nothing read: typos, reported with the fields that exist.</summary>
    public void RejectUnknownFields()
    {
        foreach (var property in _element.EnumerateObject().Where(p => !_known.Contains(p.Name)))
        {
            var suggestion = Suggest.Closest(property.Name, _known);
            _reader.Fail(
                KeyOf(property.Name),
                Text(property.Value),
                suggestion is null ? "unknown field" : $"unknown field (did you mean '{suggestion}'?)",
                string.Join(", ", _known.Order(StringComparer.Ordinal)));
        }
    }

    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private bool TryGet(string field, out JsonElement value)
    {
        _known.Add(field);
        return _element.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private T? Invalid<T>(string field, JsonElement value, string allowed)
    {
        _reader.Fail(KeyOf(field), Text(value), "wrong type", allowed);
        return default;
    }
}

/// <summary>"Did you mean" for misspelt keys: the known name within a small edit distance.</summary>
internal static class Suggest
{
    public static string? Closest(string name, IEnumerable<string> known) =>
        known
            .Select(k => (Key: k, Distance: Distance(name.ToUpperInvariant(), k.ToUpperInvariant())))
            .Where(x => x.Distance <= Math.Max(2, name.Length / 4))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => x.Key)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
