using System.CommandLine;
using Infra.Model.Cost;
using Infra.Tools.Plan.Check;
using Infra.Tools.Plan.Rendering;

namespace Infra.Tools.Plan;

/// <summary>
/// <c>plan --stack &lt;name&gt;</c> and <c>plan diff --base &lt;file&gt; --head &lt;file&gt;</c>. Exit codes: 0 printed,
/// 2 a stack file, the project file or an assumption is invalid (every problem on stderr), 1 a usage error.
/// <c>plan check</c> has its own exit codes (see <see cref="CheckCommand"/>).
/// </summary>
public static class PlanCommand
{
    public const int Ok = 0;
    public const int UsageError = 1;
    public const int InvalidInput = 2;

    private static readonly string[] Formats = ["table", "markdown", "json", "sarif"];

    /// <summary>The whole command, writing to the given writers: <c>Main</c> passes the console, tests a <see cref="StringWriter"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool terminal = false)
    {
        var projectDir = new Option<string?>("--project-dir")
        {
            Description = "Directory holding Pulumi.yaml and the stack files (default: the nearest one at or above the working directory).",
            Recursive = true,
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format.",
            DefaultValueFactory = _ => "table",
            Recursive = true,
        };
        format.AcceptOnlyFromAmong(Formats);
        var assume = new Option<string[]>("--assume")
        {
            Description = $"A usage assumption for the cost estimate, key=value; repeatable. Keys: {string.Join(", ", CostAssumptions.Keys)}.",
            Recursive = true,
        };
        var stack = new Option<string?>("--stack") { Description = "Stack to plan: reads Pulumi.<stack>.yaml." };

        var root = new RootCommand("Offline plan and monthly cost estimate of a stack, from Pulumi.yaml and its stack file. No Pulumi engine, no AWS calls.")
        {
            stack, projectDir, format, assume,
        };
        root.SetAction(parsed => Plan(parsed.GetValue(stack), parsed.GetValue(projectDir), parsed.GetValue(format)!, parsed.GetValue(assume) ?? [], output, error, terminal));

        var baseFile = new Option<string>("--base") { Description = "The stack file before the change (e.g. the target branch's copy).", Required = true };
        var headFile = new Option<string>("--head") { Description = "The stack file after the change.", Required = true };
        var diffStack = new Option<string?>("--stack") { Description = "Stack name, when the files are not named Pulumi.<stack>.yaml." };
        var diff = new Command("diff", "What changes between two versions of a stack file: settings, services, routing, sizing and cost.")
        {
            baseFile, headFile, diffStack,
        };
        diff.SetAction(parsed => Diff(parsed.GetValue(baseFile)!, parsed.GetValue(headFile)!, parsed.GetValue(diffStack), parsed.GetValue(projectDir), parsed.GetValue(format)!, parsed.GetValue(assume) ?? [], output, error, terminal));
        root.Subcommands.Add(diff);
        var check = CheckCommand.Create(projectDir, format, output, error, terminal);
        root.Subcommands.Add(check);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.CommandResult.Command == check)
        {
            // A gate must not read a usage error as "violations" (1).
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine($"plan check: {problem.Message}");
            }

            return Task.FromResult(CheckCommand.Unreadable);
        }

        return parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static int Plan(string? stack, string? projectDirOption, string format, string[] assume, TextWriter output, TextWriter error, bool terminal)
    {
        if (stack is null)
        {
            error.WriteLine("plan: --stack is required (or run 'plan diff'); see 'plan --help'.");
            return UsageError;
        }

        if (!Prepare(projectDirOption, assume, error, out var projectDir, out var assumptions) || !NotSarif(format, error))
        {
            return InvalidInput;
        }

        var file = StackInput.StackFile(projectDir, stack);
        var (loaded, problems) = StackInput.Load(projectDir, file, stack);
        if (loaded is null)
        {
            Fail(error, file, problems);
            return InvalidInput;
        }

        Render(PlanSections.For(loaded.Settings, assumptions), format, output, terminal);
        return Ok;
    }

    private static int Diff(string baseFile, string headFile, string? stack, string? projectDirOption, string format, string[] assume, TextWriter output, TextWriter error, bool terminal)
    {
        if (!Prepare(projectDirOption, assume, error, out var projectDir, out var assumptions) || !NotSarif(format, error))
        {
            return InvalidInput;
        }

        var sides = new List<ValidatedStackFile>();
        foreach (var file in new[] { baseFile, headFile })
        {
            var name = stack ?? StackInput.StackOf(file);
            var (loaded, problems) = name is null
                ? (null, [$"{file}: cannot tell the stack from the file name (Pulumi.<stack>.yaml); pass --stack"])
                : StackInput.Load(projectDir, file, name);
            if (loaded is null)
            {
                Fail(error, file, problems);
            }
            else
            {
                sides.Add(loaded);
            }
        }

        if (sides.Count < 2)
        {
            return InvalidInput;
        }

        Render(DiffSections.For(sides[0], sides[1], assumptions), format, output, terminal);
        return Ok;
    }

    private static bool Prepare(string? projectDirOption, string[] assume, TextWriter error, out string projectDir, out CostAssumptions assumptions)
    {
        var (parsed, errors) = CostAssumptions.Parse(assume);
        assumptions = parsed;
        projectDir = StackInput.ProjectDir(projectDirOption) ?? string.Empty;
        if (projectDir.Length == 0)
        {
            error.WriteLine(projectDirOption is null
                ? $"plan: no {StackInput.ProjectFileName} here or above; pass --project-dir"
                : $"plan: {projectDirOption} holds no {StackInput.ProjectFileName}");
        }

        if (errors.Count > 0)
        {
            Fail(error, "--assume", [.. errors.Select(e => e.ToString())]);
        }

        return projectDir.Length > 0 && errors.Count == 0;
    }

    private static bool NotSarif(string format, TextWriter error)
    {
        if (format == "sarif")
        {
            error.WriteLine("plan: --format sarif is for 'plan check' results; use table, markdown or json");
        }

        return format != "sarif";
    }

    private static void Fail(TextWriter error, string what, IReadOnlyList<string> problems)
    {
        error.WriteLine($"plan: {what} has {problems.Count} problem(s):");
        foreach (var problem in problems)
        {
            error.WriteLine($"  - {problem}");
        }
    }

    internal static void Render(Report report, string format, TextWriter output, bool terminal)
    {
        switch (format)
        {
            case "json":
                JsonRenderer.Write(report, output);
                break;
            case "markdown":
                MarkdownRenderer.Write(report, output);
                break;
            default:
                TableRenderer.Write(report, output, terminal);
                break;
        }
    }
}
