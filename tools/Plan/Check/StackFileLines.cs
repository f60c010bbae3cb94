using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Infra.Tools.Plan.Check;

/// <summary>Where each config key sits in a stack file, so a result can point at the line a reviewer changes.</summary>
public static class StackFileLines
{
    /// <summary>Full key (<c>ecs-refarch:deletionProtection</c>) → its 1-based line; keys set only in Pulumi.yaml are absent.</summary>
    public static IReadOnlyDictionary<string, int> Of(string stackFile)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(stackFile)));
        }
        catch (Exception e) when (e is YamlException or IOException)
        {
            return lines;
        }

        if (stream.Documents.Count > 0
            && stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.TryGetValue(new YamlScalarNode("config"), out var config)
            && config is YamlMappingNode keys)
        {
            foreach (var key in keys.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not null))
            {
                lines.TryAdd(key.Value!, (int)key.Start.Line);
            }
        }

        return lines;
    }
}
