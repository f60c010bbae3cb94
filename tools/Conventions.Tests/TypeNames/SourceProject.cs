using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Infra.Tools.Conventions.Tests.TypeNames;

/// <summary>A type declared in our sources: its simple name, its namespace ("" for the global one), nested or not.</summary>
internal sealed record DeclaredType(string Name, string Namespace, bool Nested);

/// <summary>One C# file read as syntax: its namespace, the namespaces its own using directives import, its types.</summary>
internal sealed record SourceFile(string Path, string Namespace, ImmutableArray<string> Usings, ImmutableArray<string> GlobalUsings, ImmutableArray<DeclaredType> Types)
{
    public static SourceFile Parse(string path, string text)
    {
        var root = CSharpSyntaxTree.ParseText(text, path: path).GetCompilationUnitRoot();
        var usings = root.DescendantNodes().OfType<UsingDirectiveSyntax>()
            .Where(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name is not null)
            .ToList();
        var types = root.DescendantNodes()
            .Where(n => n is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
            .Select(n => new DeclaredType(
                n is BaseTypeDeclarationSyntax t ? t.Identifier.ValueText : ((DelegateDeclarationSyntax)n).Identifier.ValueText,
                NamespaceOf(n),
                n.Parent is TypeDeclarationSyntax))
            .ToImmutableArray();
        var fileNamespace = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Select(NamespaceOf).FirstOrDefault() ?? string.Empty;
        return new SourceFile(
            path,
            fileNamespace,
            [.. usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.Name!.ToString())],
            [.. usings.Where(u => !u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.Name!.ToString())],
            types);
    }

    /// <summary>The file's namespace and every namespace that encloses it, innermost first, ending with the global one.</summary>
    public IEnumerable<string> EnclosingNamespaces()
    {
        for (var ns = Namespace; ns.Length > 0; ns = ns.Contains('.', StringComparison.Ordinal) ? ns[..ns.LastIndexOf('.')] : string.Empty)
        {
            yield return ns;
        }

        yield return string.Empty;
    }

    private static string NamespaceOf(SyntaxNode node) =>
        string.Join('.', node.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => n.Name.ToString()));
}

/// <summary>
/// A project's C# files (those under its folder and those it links with <c>Compile Include</c>) and the namespaces
/// every file of it imports: the SDK's implicit usings, <c>Using</c> items and <c>global using</c> directives.
/// </summary>
internal sealed record SourceProject(string Name, ImmutableArray<SourceFile> Files, ImmutableArray<string> ProjectUsings)
{
    /// <summary>What Microsoft.NET.Sdk imports into every file when ImplicitUsings is enabled.</summary>
    public static readonly ImmutableArray<string> SdkImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    public IEnumerable<string> ImportsOf(SourceFile file) =>
        ProjectUsings.Concat(Files.SelectMany(f => f.GlobalUsings)).Concat(file.Usings).Distinct(StringComparer.Ordinal);

    public static SourceProject Load(string csproj)
    {
        var dir = System.IO.Path.GetDirectoryName(csproj)!;
        var project = XDocument.Load(csproj);
        var sdk = (string?)project.Root?.Attribute("Sdk");
        if (!string.Equals(sdk, "Microsoft.NET.Sdk", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"{csproj}: SDK '{sdk}' has implicit usings this check does not know.");
        }

        var linked = project.Descendants("Compile").Select(c => (string?)c.Attribute("Include")).OfType<string>()
            .Select(include => System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, include)));
        var own = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories).Where(path => !IsBuildOutput(dir, path));
        var files = own.Concat(linked).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(path => SourceFile.Parse(System.IO.Path.GetRelativePath(RepositoryRoot.Path, path), File.ReadAllText(path)));

        var usingItems = project.Descendants("Using")
            .Where(u => u.Attribute("Alias") is null && u.Attribute("Static") is null)
            .Select(u => (string?)u.Attribute("Include")).OfType<string>();
        var implicitUsings = ImplicitUsingsEnabled(project, dir) ? SdkImplicitUsings : [];
        return new SourceProject(System.IO.Path.GetFileNameWithoutExtension(csproj), [.. files], [.. implicitUsings, .. usingItems]);
    }

    /// <summary>Every C# file of the repository outside build output, as one project, to learn our own namespaces.</summary>
    public static IEnumerable<SourceFile> AllRepositoryFiles() =>
        Directory.EnumerateFiles(RepositoryRoot.Path, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(RepositoryRoot.Path, path))
            .Order(StringComparer.Ordinal)
            .Select(path => SourceFile.Parse(System.IO.Path.GetRelativePath(RepositoryRoot.Path, path), File.ReadAllText(path)));

    private static bool IsBuildOutput(string root, string path) =>
        System.IO.Path.GetRelativePath(root, path).Split(System.IO.Path.DirectorySeparatorChar)
            .Any(part => part is "bin" or "obj" or "node_modules" || part.StartsWith('.'));

    /// <summary>ImplicitUsings from the project file, else from the nearest Directory.Build.props above it.</summary>
    private static bool ImplicitUsingsEnabled(XDocument project, string dir)
    {
        var value = project.Descendants("ImplicitUsings").Select(e => e.Value).LastOrDefault();
        for (var folder = new DirectoryInfo(dir); value is null && folder is not null; folder = folder.Parent)
        {
            var props = System.IO.Path.Combine(folder.FullName, "Directory.Build.props");
            if (File.Exists(props))
            {
                value = XDocument.Load(props).Descendants("ImplicitUsings").Select(e => e.Value).LastOrDefault() ?? string.Empty;
            }
        }

        return value is "enable" or "true";
    }
}
