namespace Infra.Tools.Plan.Tests;

/// <summary>The README's cost tables are the command's output, not figures typed by hand (tools/readme-costs.sh).</summary>
public class ReadmeCostTests
{
    [TestCase("dev")]
    [TestCase("prod")]
    public async Task Readme_cost_table_is_what_the_command_prints(string stack)
    {
        var run = await PlanRun.RunAsync("--stack", stack, "--format", "markdown");
        var readme = await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "docs", "README.md"));

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(Between(readme, $"<!-- cost:{stack} -->", $"<!-- /cost:{stack} -->"), Is.EqualTo(CostSection(run.Output)),
            "README.md is stale: run tools/readme-costs.sh");
    }

    [Test]
    public async Task Readme_dev_on_spot_cost_is_what_the_diff_prints()
    {
        var run = await PlanRun.RunAsync("diff", "--base", PlanRun.StackFile("dev"), "--head", PlanRun.SpotExampleFile, "--format", "markdown");
        var readme = await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "docs", "README.md"));

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(Between(readme, "<!-- cost:dev-spot -->", "<!-- /cost:dev-spot -->"), Is.EqualTo(CostSection(run.Output, "#### Monthly cost")),
            "README.md is stale: run tools/readme-costs.sh");
    }

    private static string CostSection(string markdown, string heading = "#### Monthly cost estimate")
    {
        var start = markdown.IndexOf(heading, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the plan has a cost section");
        return Normalise(markdown[(start + heading.Length)..]);
    }

    private static string Between(string text, string startMarker, string endMarker)
    {
        var start = text.IndexOf(startMarker, StringComparison.Ordinal);
        var end = text.IndexOf(endMarker, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0).And.LessThan(end), $"README.md has {startMarker} … {endMarker}");
        return Normalise(text[(start + startMarker.Length)..end]);
    }

    private static string Normalise(string text) =>
        string.Join('\n', text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));
}
