namespace Infra.Tools.Conventions.Tests.TypeNames;

/// <summary>
/// The Pulumi projects (program, mocked-engine tests, example, benchmarks) cannot be compiled where the packages are
/// not served, so a type named like one of Moq, NUnit, Pulumi or the runtime in a namespace a file imports would only
/// show as a compile error later. These tests check those names from the sources alone.
/// </summary>
public class NameClashTests
{
    /// <summary>Projects that reference the Pulumi packages, or share files with those that do.</summary>
    private static readonly string[] CheckedFolders = ["infra", "infra.Tests", "examples", "bench"];

    private static readonly Lazy<IReadOnlyList<SourceFile>> OurFiles = new(() => [.. SourceProject.AllRepositoryFiles()]);

    [Test]
    public void No_type_of_the_Pulumi_projects_shares_a_name_with_a_type_their_files_import()
    {
        var projects = CheckedFolders
            .SelectMany(folder => Directory.EnumerateFiles(RepositoryRoot.Combine(folder), "*.csproj", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(SourceProject.Load)
            .ToList();

        Assert.That(projects.Select(p => p.Name), Is.SupersetOf(new[] { "infra", "infra.Tests", "Consumer", "Bench.Engine" }));
        Assert.That(NameClashCheck.Find(projects, OurFiles.Value, PublicTypeCatalog.Here), Is.Empty);
    }

    [Test]
    public void The_catalog_knows_the_names_that_have_clashed_or_are_easy_to_reuse()
    {
        var catalog = PublicTypeCatalog.Here;

        Assert.Multiple(() =>
        {
            Assert.That(catalog.Names("Moq"), Is.SupersetOf(new[] { "Mock", "Mocks", "It", "Times", "Capture", "Match" }));
            Assert.That(catalog.Names("NUnit.Framework"), Is.SupersetOf(new[] { "Assert", "Is", "Has", "Does", "Throws", "Test", "TestAttribute" }));
            Assert.That(catalog.Names("Pulumi"), Is.SupersetOf(new[] { "Config", "Output", "Input", "Resource", "Stack", "Deployment", "Alias", "Log", "Urn" }));
            Assert.That(catalog.Names("Pulumi.Testing"), Is.SupersetOf(new[] { "IMocks", "MockResourceArgs", "MockCallArgs", "TestOptions" }));
            Assert.That(catalog.Names("System.Threading.Tasks"), Does.Contain("Task"));
            Assert.That(catalog.Names("System.Collections.Immutable"), Does.Contain("ImmutableArray"));
        });
    }

    [Test]
    public void A_harness_type_named_like_a_Moq_type_is_ambiguous_in_a_test_file_that_imports_Moq()
    {
        var project = Project(
            ["Infra.Tests.Harness"],
            File("infra.Tests/Harness/Mocks.cs", "using Pulumi.Testing;\nnamespace Infra.Tests.Harness;\npublic sealed class Mocks : IMocks { }"),
            File("infra.Tests/ValidationOrderTests.cs", "using Moq;\nnamespace Infra.Tests;\npublic class ValidationOrderTests { }"));

        var problems = Find(project);

        Assert.That(problems, Has.One.EqualTo(
            "infra.Tests/ValidationOrderTests.cs: Infra.Tests.Harness.Mocks and Moq.Mocks are both imported, so Mocks is ambiguous here (CS0104)"));
    }

    [Test]
    public void A_type_named_like_a_Pulumi_type_in_a_file_that_imports_Pulumi_is_reported()
    {
        var project = Project([], File("infra/Settings.cs", "using Pulumi;\nnamespace Infra;\ninternal sealed record Config(string Key);"));

        Assert.That(Find(project), Is.EqualTo(new[]
        {
            "infra/Settings.cs: type Config (declared in this file, Infra) has the name of Pulumi.Config, which this file imports",
        }));
    }

    [Test]
    public void Nested_types_and_the_SDK_implicit_usings_count()
    {
        var project = Project(
            ["NUnit.Framework"],
            File("infra.Tests/Rules.cs", "namespace Infra.Tests;\npublic class Rules { private sealed record Is(int X); private sealed class Task { } }"));

        Assert.That(Find(project), Is.EquivalentTo(new[]
        {
            "infra.Tests/Rules.cs: type Is (declared in this file, Infra.Tests) has the name of NUnit.Framework.Is, which this file imports",
            "infra.Tests/Rules.cs: type Task (declared in this file, Infra.Tests) has the name of System.Threading.Tasks.Task, which this file imports",
        }));
    }

    [Test]
    public void A_type_of_another_file_in_an_enclosing_namespace_hides_the_imported_one()
    {
        var project = Project(
            [],
            File("infra/Output.cs", "namespace Infra;\ninternal static class Output { }"),
            File("infra/Components/Network.cs", "using Pulumi;\nnamespace Infra.Components;\npublic sealed class Network { }"));

        Assert.That(Find(project), Does.Contain(
            "infra/Components/Network.cs: type Output (in an enclosing namespace, Infra) has the name of Pulumi.Output, which this file imports"));
    }

    [Test]
    public void A_namespace_without_known_names_must_be_imported_through_an_alias()
    {
        var project = Project(
            [],
            File("infra/Components/Service.cs", "using Pulumi.Aws.Ecs;\nusing Ecs = Pulumi.Aws.Ecs;\nnamespace Infra.Components;\npublic sealed class Service { }"));

        Assert.That(Find(project), Is.EqualTo(new[]
        {
            "infra/Components/Service.cs: imports Pulumi.Aws.Ecs, whose public type names are not known here; import it through an alias (using X = Pulumi.Aws.Ecs;) or add its names to the catalog",
        }));
    }

    [Test]
    public void Distinct_names_and_aliases_pass()
    {
        var project = Project(
            ["Infra.Tests.Harness", "NUnit.Framework", "Pulumi"],
            File("infra.Tests/Harness/MockedAws.cs", "using Pulumi.Testing;\nnamespace Infra.Tests.Harness;\npublic sealed class MockedAws : IMocks { }"),
            File("infra.Tests/ValidationOrderTests.cs", "using Moq;\nusing EcsCluster = Pulumi.Aws.Ecs.Cluster;\nnamespace Infra.Tests;\npublic class ValidationOrderTests { private sealed record Row(int X); }"));

        Assert.That(Find(project), Is.Empty);
    }

    private static SourceFile File(string path, string text) => SourceFile.Parse(path, text);

    private static SourceProject Project(string[] globalUsings, params SourceFile[] files) =>
        new("sample", [.. files], [.. SourceProject.SdkImplicitUsings, .. globalUsings]);

    private static IReadOnlyList<string> Find(SourceProject project) =>
        NameClashCheck.Find([project], [.. project.Files], PublicTypeCatalog.Here);
}
