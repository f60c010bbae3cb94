using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Infra.Model.Settings;

/// <summary>
/// Reads raw configuration values (strings, JSON text for structured values: what Pulumi hands a program)
/// into typed values, recording every problem instead of stopping at the first.
/// </summary>
internal sealed class ConfigReader(IReadOnlyDictionary<string, string> raw, List<ConfigError> errors)
{
    public List<ConfigError> Errors => errors;

    public string? Raw(string fullKey) => raw.TryGetValue(fullKey, out var v) ? v : null;

    public void Fail(string key, string? value, string problem, string allowed) =>
        errors.Add(new ConfigError(key, value, problem, allowed));

    public string? String(string key)
    {
        var value = Raw(key);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public int Int(string key, int fallback, int min, int max) => Int(key, min, max) ?? fallback;

    public int? Int(string key, int min, int max)
    {
        var value = Raw(key);
        return value is null ? null : ParseInt(key, value, min, max);
    }

    public bool Bool(string key, bool fallback)
    {
        var value = Raw(key);
        if (value is null)
        {
            return fallback;
        }

        if (bool.TryParse(value.Trim(), out var parsed))
        {
            return parsed;
        }

        Fail(key, value, "not a boolean", "true or false");
        return fallback;
    }

    /// <summary>One of a fixed set of words (compared case-sensitively, as the config documents them).</summary>
    public T Choice<T>(string key, T fallback, IReadOnlyDictionary<string, T> choices)
    {
        var value = Raw(key);
        if (value is null)
        {
            return fallback;
        }

        if (choices.TryGetValue(value.Trim(), out var parsed))
        {
            return parsed;
        }

        Fail(key, value, "not a known value", string.Join(", ", choices.Keys));
        return fallback;
    }

    public IReadOnlyList<string>? StringArray(string key)
    {
        var value = Raw(key);
        if (value is null)
        {
            return null;
        }

        var element = ParseJson(key, value);
        if (element is not { } json)
        {
            return null;
        }

        if (json.ValueKind != JsonValueKind.Array || json.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            Fail(key, value, "not a list of strings", "a YAML list of strings");
            return null;
        }

        return [.. json.EnumerateArray().Select(e => e.GetString()!)];
    }

    public IReadOnlyList<IPNetwork>? CidrArray(string key)
    {
        var items = StringArray(key);
        if (items is null)
        {
            return null;
        }

        var result = new List<IPNetwork>();
        for (var i = 0; i < items.Count; i++)
        {
            if (Cidr($"{key}[{i}]", items[i]) is { } cidr)
            {
                result.Add(cidr);
            }
        }

        return result.Count == items.Count ? result : null;
    }

    public IPNetwork? Cidr(string key, string value)
    {
        // A CIDR with host bits set beyond the prefix (10.180.1.0/16) is a typo: reject it rather than mask it.
        var parts = value.Trim().Split('/');
        if (parts.Length == 2
            && IPAddress.TryParse(parts[0], out var address)
            && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            && prefix is >= 0 and <= 32)
        {
            try
            {
                var network = new IPNetwork(address, prefix);
                if (network.BaseAddress.Equals(address))
                {
                    return network;
                }
            }
            catch (ArgumentException)
            {
                // host bits set, on runtimes whose constructor checks: reported below
            }
        }

        Fail(key, value, "not an IPv4 CIDR with its host bits zero", "a.b.c.d/n, e.g. 10.180.0.0/16");
        return null;
    }

    public JsonElement? ParseJson(string key, string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Fail(key, value, "not valid structured configuration", "a YAML list or map (Pulumi passes it as JSON)");
            return null;
        }
    }

    public int? ParseInt(string key, string value, int min, int max)
    {
        if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            Fail(key, value, "not a whole number", $"an integer from {min} to {max}");
            return null;
        }

        if (parsed < min || parsed > max)
        {
            Fail(key, value, "out of range", $"an integer from {min} to {max}");
            return null;
        }

        return parsed;
    }
}
