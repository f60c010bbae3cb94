using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Infra.Tools.Conventions.Tests.Workflows;

/// <summary>One step of a GitHub Actions job, with the file and job it belongs to.</summary>
internal sealed record WorkflowStep(string File, string Job, string? Uses, string? Run, IReadOnlyDictionary<string, string> With)
{
    /// <summary>Every step of every job in the repository's workflows.</summary>
    public static IReadOnlyList<WorkflowStep> All() =>
        [.. Directory.EnumerateFiles(RepositoryRoot.Combine(".github", "workflows"), "*.yml").Order(StringComparer.Ordinal).SelectMany(Read)];

    public bool UsesAction(string action) => Uses is not null && Uses.StartsWith(action + "@", StringComparison.Ordinal);

    private static IEnumerable<WorkflowStep> Read(string path)
    {
        var root = YamlFiles.Load(path);
        if (!root.Children.TryGetValue(new YamlScalarNode("jobs"), out var jobs))
        {
            yield break;
        }

        foreach (var (jobName, job) in ((YamlMappingNode)jobs).Children)
        {
            if (job is not YamlMappingNode jobMap || !jobMap.Children.TryGetValue(new YamlScalarNode("steps"), out var steps))
            {
                continue; // a job that calls a reusable workflow has no steps of its own
            }

            foreach (var step in ((YamlSequenceNode)steps).Children.Cast<YamlMappingNode>())
            {
                var with = step.Children.TryGetValue(new YamlScalarNode("with"), out var w)
                    ? ((YamlMappingNode)w).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => (kv.Value as YamlScalarNode)?.Value ?? string.Empty, StringComparer.Ordinal)
                    : new Dictionary<string, string>(StringComparer.Ordinal);
                yield return new WorkflowStep(
                    System.IO.Path.GetFileName(path),
                    ((YamlScalarNode)jobName).Value!,
                    Scalar(step, "uses"),
                    Scalar(step, "run"),
                    with);
            }
        }
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? ((YamlScalarNode)node).Value : null;
}

internal static partial class YamlFiles
{
    public static YamlMappingNode Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The value a <c>yq -i '.runtime.options.binary = "…"' Pulumi.yaml</c> step sets, if the script has one.</summary>
    public static string? BinaryRewrite(string script) =>
        BinaryAssignment().Match(script) is { Success: true } match ? match.Groups["value"].Value : null;

    /// <summary>The output folder and project of a <c>dotnet publish &lt;project&gt; … -o &lt;dir&gt;</c> command, if the script has one.</summary>
    public static (string Project, string Output)? Publish(string script) =>
        PublishCommand().Match(script) is { Success: true } match ? (match.Groups["project"].Value, match.Groups["output"].Value) : null;

    [GeneratedRegex("""\.runtime\.options\.binary\s*=\s*"(?<value>[^"]+)"\s*'\s+Pulumi\.yaml""")]
    private static partial Regex BinaryAssignment();

    [GeneratedRegex("""dotnet publish\s+(?<project>\S+\.csproj)\b.*?\s(?:-o|--output)\s+(?<output>\S+)""")]
    private static partial Regex PublishCommand();
}
