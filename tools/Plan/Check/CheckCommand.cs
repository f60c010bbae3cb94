using System.CommandLine;
using System.Globalization;
using Infra.Model.Policy;
using Infra.Tools.Plan.Rendering;

namespace Infra.Tools.Plan.Check;

/// <summary>
/// <c>plan check --preview &lt;file&gt; | --state &lt;file&gt;</c>: the security and reliability checklist over Pulumi's
/// own plan (<c>pulumi preview --json --show-sames</c>) or a live stack's state (<c>pulumi stack export</c>).
/// Exit codes: 0 clean, 1 violations (or, with <c>--strict</c>, verdicts left unknown), 2 unreadable input: a file,
/// the stack file or the waivers file, always with the reason and never a stack trace.
/// </summary>
public static class CheckCommand
{
    public const int Clean = 0;
    public const int Violations = 1;
    public const int Unreadable = 2;

    public static Command Create(Option<string?> projectDir, Option<string> format, TextWriter output, TextWriter error, bool terminal)
    {
        var preview = new Option<string?>("--preview") { Description = "JSON printed by 'pulumi preview --json --show-sames'." };
        var state = new Option<string?>("--state") { Description = "JSON printed by 'pulumi stack export'." };
        var stack = new Option<string?>("--stack") { Description = "Stack whose settings give the checks their context (default: the stack named in the document's URNs)." };
        var waivers = new Option<string?>("--waivers") { Description = $"Waivers file (default: {PolicyWaivers.FileName} beside Pulumi.yaml, when there is one)." };
        var strict = new Option<bool>("--strict") { Description = "Fail on verdicts left unknown (values known only after apply, or secret) as on violations." };
        var sarif = new Option<string?>("--sarif") { Description = "Also write the results as SARIF 2.1.0 to this file (for code scanning)." };
        var today = new Option<string?>("--today") { Description = "The date waivers are judged on (yyyy-MM-dd; default: today, UTC).", Hidden = true };
        var command = new Command("check", "The security and reliability checklist over a Pulumi preview or a stack's exported state: a gate for pull requests and a daily audit.")
        {
            preview, state, stack, waivers, strict, sarif, today,
        };
        command.SetAction(parsed => Run(
            new CheckOptions(
                parsed.GetValue(preview),
                parsed.GetValue(state),
                parsed.GetValue(stack),
                parsed.GetValue(waivers),
                parsed.GetValue(strict),
                parsed.GetValue(sarif),
                parsed.GetValue(today),
                parsed.GetValue(projectDir),
                parsed.GetValue(format)!),
            output,
            error,
            terminal));
        return command;
    }

    private sealed record CheckOptions(
        string? Preview, string? State, string? Stack, string? Waivers, bool Strict, string? Sarif, string? Today, string? ProjectDir, string Format);

    private static int Run(CheckOptions options, TextWriter output, TextWriter error, bool terminal)
    {
        try
        {
            var run = Evaluate(options);
            if (options.Sarif is { } sarifFile)
            {
                using var writer = new StreamWriter(sarifFile);
                SarifRenderer.Write(run, writer);
            }

            if (options.Format == "sarif")
            {
                SarifRenderer.Write(run, output);
            }
            else
            {
                PlanCommand.Render(CheckReport.For(run), options.Format, output, terminal);
            }

            return run.Fails ? Violations : Clean;
        }
        catch (UnreadableInputException e)
        {
            error.WriteLine($"plan check: {e.Message}");
            return Unreadable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"plan check: {e.Message}");
            return Unreadable;
        }
    }

    private static CheckRun Evaluate(CheckOptions options)
    {
        var (source, file) = (options.Preview, options.State) switch
        {
            ({ } p, null) => (PlanSource.Preview, p),
            (null, { } s) => (PlanSource.StateExport, s),
            _ => throw new UnreadableInputException("give exactly one of --preview <file> (pulumi preview --json --show-sames) or --state <file> (pulumi stack export)"),
        };
        var document = Read(source, file);

        var projectDir = StackInput.ProjectDir(options.ProjectDir)
            ?? throw new UnreadableInputException(options.ProjectDir is null
                ? $"no {StackInput.ProjectFileName} here or above; pass --project-dir"
                : $"{options.ProjectDir} holds no {StackInput.ProjectFileName}");
        var stack = options.Stack ?? (document.Stack.Length > 0 ? document.Stack : throw new UnreadableInputException($"{file}: names no stack; pass --stack"));
        if (document.Stack.Length > 0 && document.Stack != stack && !stack.EndsWith($"/{document.Stack}", StringComparison.Ordinal))
        {
            throw new UnreadableInputException($"{file} is of stack '{document.Stack}', not '{stack}'");
        }

        stack = stack[(stack.LastIndexOf('/') + 1)..];
        var stackFile = StackInput.StackFile(projectDir, stack);
        var (loaded, problems) = StackInput.Load(projectDir, stackFile, stack);
        if (loaded is null)
        {
            throw new UnreadableInputException($"{stackFile} has {problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => $"  - {p}"))}");
        }

        var today = options.Today is null
            ? DateOnly.FromDateTime(DateTime.UtcNow)
            : DateOnly.TryParseExact(options.Today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var given)
                ? given
                : throw new UnreadableInputException($"--today '{options.Today}' is not a date (yyyy-MM-dd)");
        var waiversFile = options.Waivers ?? Path.Combine(projectDir, PolicyWaivers.FileName);
        IReadOnlyList<PolicyWaiver> waivers = [];
        if (options.Waivers is not null || File.Exists(waiversFile))
        {
            var (parsed, waiverProblems) = PolicyWaivers.Parse(ReadText(waiversFile), PolicyEngine.Ids);
            if (waiverProblems.Count > 0)
            {
                throw new UnreadableInputException($"{waiversFile} has {waiverProblems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, waiverProblems.Select(p => $"  - {p}"))}");
            }

            waivers = parsed;
        }

        var context = PolicyContext.For(loaded.Settings);
        var verdicts = PolicyEvaluation.Evaluate(document.Resources, context);
        return new CheckRun(
            document,
            file,
            loaded,
            verdicts,
            PolicyWaivers.Apply(verdicts, waivers, stack, today),
            waivers.Count > 0 ? waiversFile : null,
            options.Strict);
    }

    private static PlanDocument Read(PlanSource source, string file)
    {
        var text = ReadText(file);
        try
        {
            return source == PlanSource.Preview ? PulumiPlanFiles.ReadPreview(text) : PulumiPlanFiles.ReadStateExport(text);
        }
        catch (PlanFileException e)
        {
            throw new UnreadableInputException($"{file}: {e.Message}");
        }
    }

    private static string ReadText(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UnreadableInputException(e is FileNotFoundException or DirectoryNotFoundException ? $"{file}: no such file" : $"{file}: {e.Message}");
        }
    }
}

/// <summary>An input the check cannot read; its message is the whole explanation.</summary>
public sealed class UnreadableInputException(string message) : Exception(message);

/// <summary>Everything a check run found, for every output format.</summary>
public sealed record CheckRun(
    PlanDocument Document,
    string File,
    ValidatedStackFile Stack,
    PolicyVerdicts Verdicts,
    WaivedVerdicts Waived,
    string? WaiversFile,
    bool Strict)
{
    public bool Fails => Waived.Violations.Count > 0 || (Strict && Waived.Unknowns.Count > 0);

    public string SourceName => Document.Source == PlanSource.Preview ? "preview" : "state export";
}
