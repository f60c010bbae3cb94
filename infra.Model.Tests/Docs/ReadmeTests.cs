using Infra.Model.Outputs;

namespace Infra.Model.Tests.Docs;

/// <summary>The README documents every configuration key and every output: a key or output added without docs fails.</summary>
public class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "docs", "README.md"));

    [Test]
    public void Every_configuration_key_has_a_row_in_the_configuration_table()
    {
        var missing = ConfigKeys.All.Select(k => k.Name).Where(name => !Readme.Contains($"| `{name}` |", StringComparison.Ordinal));

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Every_output_is_in_the_outputs_table()
    {
        var outputs = StackOutputs.Always.Concat(StackOutputs.ReferenceServiceUrls.Values);

        Assert.That(outputs.Where(name => !Readme.Contains($"`{name}`", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void The_readme_test_command_is_the_one_ci_runs()
    {
        var ci = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", ".ci", "run"));

        Assert.That(Readme, Does.Contain("dotnet test infra.slnx"));
        Assert.That(ci, Does.Contain("dotnet restore infra.slnx").And.Contain("test_projects=(infra.slnx)"));
    }
}
