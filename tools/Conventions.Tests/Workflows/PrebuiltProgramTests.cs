using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace Infra.Tools.Conventions.Tests.Workflows;

/// <summary>
/// The workflows run the program CI built once, by pointing <c>runtime.options.binary</c> in Pulumi.yaml at it. The
/// .NET language host runs <c>dotnet &lt;binary&gt;</c> with the working directory set to the program directory
/// (<c>main</c>) and passes the path on as written (pulumi-language-dotnet/main.go, <c>Run</c>: <c>args =
/// append(args, binaryPath)</c>, <c>cmd.Dir = req.Info.ProgramDirectory</c>), so a relative path is resolved from
/// <c>main</c>, not from the repository root. These tests resolve it that way and compare it with where the build
/// job's publish step writes the program.
/// </summary>
public class PrebuiltProgramTests
{
    [Test]
    public void Every_job_that_runs_the_prebuilt_program_points_Pulumi_at_the_published_assembly()
    {
        var steps = WorkflowStep.All();
        var rewrites = steps.Where(s => s.Run is not null && YamlFiles.BinaryRewrite(s.Run) is not null).ToList();
        Assert.That(rewrites.Select(s => $"{s.File}:{s.Job}"), Is.SupersetOf(new[] { "deploy-stack.yml:up", "pull-request.yml:preview" }));

        Assert.Multiple(() =>
        {
            foreach (var rewrite in rewrites)
            {
                var where = $"{rewrite.File} job {rewrite.Job}";
                var download = steps.Single(s => s.File == rewrite.File && s.Job == rewrite.Job && s.UsesAction("actions/download-artifact"));
                var published = PublishedAssembly(steps, download.With["name"]);

                var binary = YamlFiles.BinaryRewrite(rewrite.Run!)!;
                var resolved = ResolveLikeTheLanguageHost(RewrittenProject(binary), binary);
                var downloaded = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, download.With["path"], published));

                Assert.That(resolved, Is.EqualTo(downloaded), $"{where}: runtime.options.binary '{binary}' resolved from main");
            }
        });
    }

    [Test]
    public void A_path_relative_to_the_repository_root_is_not_found_from_the_program_directory()
    {
        var project = RewrittenProject("artifacts/infra/Infra.dll");

        Assert.That(
            ResolveLikeTheLanguageHost(project, "artifacts/infra/Infra.dll"),
            Is.EqualTo(Path.GetFullPath(RepositoryRoot.Combine("infra", "artifacts", "infra", "Infra.dll"))));
    }

    /// <summary>The file name of the assembly that the build job uploading <paramref name="artifact"/> publishes into it.</summary>
    private static string PublishedAssembly(IReadOnlyList<WorkflowStep> steps, string artifact)
    {
        var uploads = steps.Where(s => s.UsesAction("actions/upload-artifact") && s.With.TryGetValue("name", out var name) && name == artifact).ToList();
        Assert.That(uploads, Is.Not.Empty, $"no job uploads the artifact '{artifact}'");

        var assemblies = uploads.Select(upload =>
        {
            var publish = steps.Where(s => s.File == upload.File && s.Job == upload.Job && s.Run is not null)
                .Select(s => YamlFiles.Publish(s.Run!)).Single(p => p is not null)!.Value;
            Assert.That(Path.GetFullPath(RepositoryRoot.Combine(publish.Output)), Is.EqualTo(Path.GetFullPath(RepositoryRoot.Combine(upload.With["path"]))),
                $"{upload.File} job {upload.Job}: the artifact '{artifact}' uploads what dotnet publish wrote");
            var assemblyName = XDocument.Load(RepositoryRoot.Combine(publish.Project)).Descendants("AssemblyName").Single().Value;
            return assemblyName + ".dll";
        }).Distinct(StringComparer.Ordinal).ToList();

        Assert.That(assemblies, Has.Count.EqualTo(1), $"every upload of '{artifact}' publishes the same program");
        return assemblies[0];
    }

    /// <summary>Pulumi.yaml as the workflow leaves it: <c>runtime.options.binary</c> set, the rest as committed.</summary>
    private static YamlMappingNode RewrittenProject(string binary)
    {
        var project = YamlFiles.Load(RepositoryRoot.Combine("Pulumi.yaml"));
        var runtime = (YamlMappingNode)project.Children[new YamlScalarNode("runtime")];
        if (!runtime.Children.TryGetValue(new YamlScalarNode("options"), out var options))
        {
            runtime.Children[new YamlScalarNode("options")] = options = new YamlMappingNode();
        }

        ((YamlMappingNode)options).Children[new YamlScalarNode("binary")] = new YamlScalarNode(binary);
        return project;
    }

    /// <summary>The file <c>dotnet &lt;binary&gt;</c> opens: the binary as written, from the program directory (<c>main</c>).</summary>
    private static string ResolveLikeTheLanguageHost(YamlMappingNode project, string binary)
    {
        Assert.That(((YamlScalarNode)project.Children[new YamlScalarNode("runtime")]["name"]).Value, Is.EqualTo("dotnet"));
        Assert.That(((YamlScalarNode)project.Children[new YamlScalarNode("runtime")]["options"]["binary"]).Value, Is.EqualTo(binary));
        var main = project.Children.TryGetValue(new YamlScalarNode("main"), out var node) ? ((YamlScalarNode)node).Value! : ".";
        var programDirectory = Path.Combine(RepositoryRoot.Path, main);
        var expanded = binary.Replace("${{ github.workspace }}", RepositoryRoot.Path, StringComparison.Ordinal);
        return Path.GetFullPath(Path.Combine(programDirectory, expanded));
    }
}
