using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Infra.Tools.Conventions.Tests.TypeNames;

/// <summary>The Pulumi projects' sources are at least valid C# where they cannot be compiled.</summary>
public class SyntaxTests
{
    [Test]
    public void Every_source_file_of_the_Pulumi_projects_parses_without_errors()
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var errors = new[] { "infra", "infra.Tests", "examples", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(RepositoryRoot.Combine(folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), options, path).GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();

        Assert.That(errors, Is.Empty);
    }
}
