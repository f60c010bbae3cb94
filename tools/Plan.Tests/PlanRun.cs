namespace Infra.Tools.Plan.Tests;

/// <summary>Runs the command in-process, as <c>Main</c> would, with captured output.</summary>
public sealed record PlanRun(int ExitCode, string Output, string Error)
{
    public static string StacksDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "stacks");

    public static string StackFile(string stack) => Path.Combine(StacksDirectory, $"Pulumi.{stack}.yaml");

    /// <summary>A project directory with Pulumi.yaml and the README's dev-on-Spot example as its dev stack.</summary>
    public static string SpotExampleDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "spot");

    public static string SpotExampleFile => Path.Combine(SpotExampleDirectory, "Pulumi.dev.yaml");

    /// <summary>Runs against the committed stack files unless the arguments name another project directory.</summary>
    public static async Task<PlanRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var withProject = args.Contains("--project-dir") ? args : [.. args, "--project-dir", StacksDirectory];
        var code = await PlanCommand.RunAsync(withProject, output, error);
        return new PlanRun(code, output.ToString(), error.ToString());
    }
}

/// <summary>A project directory with the committed Pulumi.yaml and stack files of the test's making.</summary>
public sealed class ScratchProject : IDisposable
{
    public ScratchProject()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"plan-tests-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        File.Copy(Path.Combine(PlanRun.StacksDirectory, "Pulumi.yaml"), Path.Combine(Directory, "Pulumi.yaml"));
    }

    public string Directory { get; }

    /// <summary>Writes Pulumi.&lt;stack&gt;.yaml: a committed stack's text with replacements applied.</summary>
    public string Stack(string stack, string from, params (string Old, string New)[] replacements)
    {
        var text = File.ReadAllText(PlanRun.StackFile(from));
        foreach (var (old, @new) in replacements)
        {
            Assert.That(text, Does.Contain(old), "the replaced text must exist, or the test tests nothing");
            text = text.Replace(old, @new, StringComparison.Ordinal);
        }

        var path = Path.Combine(Directory, $"Pulumi.{stack}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
