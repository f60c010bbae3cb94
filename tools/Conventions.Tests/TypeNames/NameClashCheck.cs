namespace Infra.Tools.Conventions.Tests.TypeNames;

/// <summary>
/// Finds, file by file, a type of ours whose name is also a public type of a namespace the file imports. Such a
/// name is ambiguous where the file uses it (CS0104: the Moq.Mocks case) or silently hides the imported type, and
/// where the file cannot be compiled here nothing else would notice before the next run elsewhere.
/// </summary>
internal static class NameClashCheck
{
    /// <param name="projects">The projects whose files are checked.</param>
    /// <param name="ourFiles">Every file of ours: the types of our namespaces a checked file may import.</param>
    /// <param name="external">The public types of the packages and the runtime.</param>
    public static IReadOnlyList<string> Find(IEnumerable<SourceProject> projects, IReadOnlyList<SourceFile> ourFiles, PublicTypeCatalog external)
    {
        var ours = ourFiles.SelectMany(f => f.Types).Where(t => !t.Nested && t.Namespace.Length > 0)
            .GroupBy(t => t.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(t => t.Name).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var problems = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var project in projects)
        {
            // Types in the global namespace are seen only inside their own project.
            var global = project.Files.SelectMany(f => f.Types).Where(t => !t.Nested && t.Namespace.Length == 0).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            IReadOnlySet<string> Ours(string ns) => ns.Length == 0 ? global : ours.TryGetValue(ns, out var names) ? names : [];

            foreach (var file in project.Files)
            {
                var imports = project.ImportsOf(file).ToList();
                foreach (var ns in imports.Where(ns => !external.Knows(ns) && !ours.Keys.Any(o => o == ns || o.StartsWith(ns + ".", StringComparison.Ordinal))))
                {
                    problems.Add($"{file.Path}: imports {ns}, whose public type names are not known here; import it through an alias (using X = {ns};) or add its names to the catalog");
                }

                // Types this file declares, and those of the namespaces it sits in, hide an imported type of that name.
                var declaredHere = file.Types.Select(t => (t.Name, Where: t.Namespace.Length == 0 ? "the global namespace" : t.Namespace, Declared: "declared in this file"));
                var enclosing = file.EnclosingNamespaces()
                    .SelectMany(ns => Ours(ns).Select(name => (Name: name, Where: ns.Length == 0 ? "the global namespace" : ns, Declared: "in an enclosing namespace")))
                    .Where(other => !file.Types.Any(t => t.Name == other.Name));
                foreach (var (name, where, declared) in declaredHere.Concat(enclosing))
                {
                    foreach (var ns in imports.Where(ns => external.Names(ns).Contains(name)))
                    {
                        problems.Add($"{file.Path}: type {name} ({declared}, {where}) has the name of {ns}.{name}, which this file imports");
                    }
                }

                // Our types brought in by one using directive are ambiguous with a same-named type brought in by another.
                foreach (var mine in imports.Where(ns => Ours(ns).Count > 0))
                {
                    foreach (var name in Ours(mine))
                    {
                        foreach (var other in imports.Where(ns => ns != mine && (external.Names(ns).Contains(name) || Ours(ns).Contains(name))))
                        {
                            problems.Add($"{file.Path}: {mine}.{name} and {other}.{name} are both imported, so {name} is ambiguous here (CS0104)");
                        }
                    }
                }
            }
        }

        return [.. problems];
    }
}
