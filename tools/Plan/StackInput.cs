using System.Text.RegularExpressions;
using Infra.Model.Settings;

namespace Infra.Tools.Plan;

/// <summary>A stack file read and validated exactly as a deployment would read it.</summary>
public sealed record ValidatedStackFile(string Stack, string File, IReadOnlyDictionary<string, string> Raw, StackSettings Settings);

/// <summary>Finds and reads Pulumi.yaml and stack files; every problem is returned, none thrown.</summary>
public static partial class StackInput
{
    public const string ProjectFileName = "Pulumi.yaml";

    [GeneratedRegex("^Pulumi\\.(?<stack>[A-Za-z0-9_.-]+)\\.ya?ml$")]
    private static partial Regex StackFileName();

    public static string StackFile(string projectDir, string stack) => Path.Combine(projectDir, $"Pulumi.{stack}.yaml");

    /// <summary>The given directory, or the nearest one at or above the working directory holding Pulumi.yaml.</summary>
    public static string? ProjectDir(string? given)
    {
        if (given is not null)
        {
            return File.Exists(Path.Combine(given, ProjectFileName)) ? Path.GetFullPath(given) : null;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ProjectFileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The stack a file belongs to, from its name (<c>Pulumi.&lt;stack&gt;.yaml</c>).</summary>
    public static string? StackOf(string stackFile)
    {
        var match = StackFileName().Match(Path.GetFileName(stackFile));
        return match.Success ? match.Groups["stack"].Value : null;
    }

    public static (ValidatedStackFile? Stack, IReadOnlyList<string> Problems) Load(string projectDir, string stackFile, string stack)
    {
        if (!File.Exists(stackFile))
        {
            return (null, [$"{stackFile}: no such stack file"]);
        }

        IReadOnlyDictionary<string, string> raw;
        try
        {
            raw = StackConfigFile.Load(Path.Combine(projectDir, ProjectFileName), stackFile);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or IOException)
        {
            return (null, [$"{stackFile}: {e.Message}"]);
        }

        var (settings, errors) = SettingsLoader.TryLoad(raw, stack);
        return settings is null
            ? (null, [.. errors.Select(e => e.ToString())])
            : (new ValidatedStackFile(stack, stackFile, raw, settings), []);
    }
}
