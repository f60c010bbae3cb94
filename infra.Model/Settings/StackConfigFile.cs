using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Infra.Model.Settings;

/// <summary>
/// Reads <c>Pulumi.yaml</c> and a <c>Pulumi.&lt;stack&gt;.yaml</c> into the raw key → string map Pulumi hands the
/// program: full <c>namespace:key</c> names, scalars as text, lists and maps as JSON, project defaults filled in
/// for keys the stack leaves out. Used by the offline plan and the tests, so they see what a deployment sees.
/// </summary>
public static class StackConfigFile
{
    /// <summary>The placeholder for an encrypted value: it is never decrypted offline.</summary>
    public const string SecretPlaceholder = "[secret]";

    public static IReadOnlyDictionary<string, string> Load(string projectFile, string stackFile) =>
        Parse(File.ReadAllText(projectFile), File.ReadAllText(stackFile));

    public static IReadOnlyDictionary<string, string> Parse(string projectYaml, string stackYaml)
    {
        var project = Root(projectYaml, "Pulumi.yaml");
        var name = project.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? ((YamlScalarNode)n).Value! : ConfigKeys.Project;
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);

        if (Root(stackYaml, "stack file").Children.TryGetValue(new YamlScalarNode("config"), out var config) && config is YamlMappingNode stackConfig)
        {
            foreach (var (key, value) in stackConfig.Children)
            {
                result[FullKey(((YamlScalarNode)key).Value!, name)] = Text(value);
            }
        }

        if (project.Children.TryGetValue(new YamlScalarNode("config"), out var declared) && declared is YamlMappingNode declarations)
        {
            foreach (var (key, declaration) in declarations.Children)
            {
                var full = FullKey(((YamlScalarNode)key).Value!, name);
                if (result.ContainsKey(full))
                {
                    continue;
                }

                // A declaration is a plain value, { value: x } or a schema { type, default, ... }.
                if (declaration is YamlMappingNode map)
                {
                    if (map.Children.TryGetValue(new YamlScalarNode("value"), out var value) || map.Children.TryGetValue(new YamlScalarNode("default"), out value))
                    {
                        result[full] = Text(value);
                    }
                }
                else
                {
                    result[full] = Text(declaration);
                }
            }
        }

        return result;
    }

    /// <summary>The keys Pulumi.yaml declares with a schema, with their type, default and description.</summary>
    public static IReadOnlyDictionary<string, (string Type, string? Default, string? Description)> Declarations(string projectYaml)
    {
        var result = new SortedDictionary<string, (string, string?, string?)>(StringComparer.Ordinal);
        if (Root(projectYaml, "Pulumi.yaml").Children.TryGetValue(new YamlScalarNode("config"), out var declared) && declared is YamlMappingNode declarations)
        {
            foreach (var (key, declaration) in declarations.Children)
            {
                if (declaration is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("type"), out var type))
                {
                    map.Children.TryGetValue(new YamlScalarNode("default"), out var @default);
                    map.Children.TryGetValue(new YamlScalarNode("description"), out var description);
                    result[((YamlScalarNode)key).Value!] = (((YamlScalarNode)type).Value!, @default is null ? null : Text(@default), (description as YamlScalarNode)?.Value);
                }
            }
        }

        return result;
    }

    private static string FullKey(string key, string project) => key.Contains(':', StringComparison.Ordinal) ? key : $"{project}:{key}";

    private static YamlMappingNode Root(string yaml, string what)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{what} is not valid YAML: {e.Message}", e);
        }

        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new FormatException($"{what} is not a YAML map");
    }

    private static string Text(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? string.Empty,
        YamlMappingNode map when map.Children.Count == 1 && map.Children.ContainsKey(new YamlScalarNode("secure")) => SecretPlaceholder,
        _ => (Json(node) ?? new JsonObject()).ToJsonString(),
    };

    private static JsonNode? Json(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Json(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Json)]),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => PlainScalar(scalar.Value ?? string.Empty),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    /// <summary>Unquoted YAML scalars keep their YAML type in JSON, as Pulumi's config does.</summary>
    private static JsonNode? PlainScalar(string text) =>
        text switch
        {
            "true" or "True" => JsonValue.Create(true),
            "false" or "False" => JsonValue.Create(false),
            "null" or "~" or "" => null,
            _ when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
}
