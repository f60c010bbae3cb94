using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Infra.Tools.Conventions.Tests.TypeNames;

/// <summary>
/// Public top-level type names by namespace, of the packages the Pulumi projects import: read from assemblies'
/// metadata where the assembly is here (the .NET runtime, NUnit, Moq), from a committed list where it is not (Pulumi).
/// An attribute class also counts under its short name, as <c>[Test]</c> finds <c>TestAttribute</c>.
/// </summary>
internal sealed class PublicTypeCatalog
{
    private readonly Dictionary<string, HashSet<string>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>The runtime's assemblies, the managed assemblies beside the tests (NUnit, Moq…), and the Pulumi list.</summary>
    public static PublicTypeCatalog Here { get; } = Build();

    private static readonly HashSet<string> None = [];

    public IReadOnlySet<string> Names(string ns) => _byNamespace.TryGetValue(ns, out var names) ? names : None;

    public bool Knows(string ns) => _byNamespace.ContainsKey(ns);

    public void Add(string ns, string name)
    {
        var plain = name.Split('`')[0];
        if (!_byNamespace.TryGetValue(ns, out var names))
        {
            _byNamespace[ns] = names = new HashSet<string>(StringComparer.Ordinal);
        }

        names.Add(plain);
        if (plain.Length > "Attribute".Length && plain.EndsWith("Attribute", StringComparison.Ordinal))
        {
            names.Add(plain[..^"Attribute".Length]);
        }
    }

    /// <summary>Reads one full name a line (<c>Namespace.Type</c>); blank lines and <c>#</c> comments are skipped.</summary>
    public void AddList(string path)
    {
        foreach (var line in File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var dot = line.LastIndexOf('.');
            Add(line[..dot], line[(dot + 1)..]);
        }
    }

    public void AddAssembly(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return;
        }

        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var visibility = type.Attributes & System.Reflection.TypeAttributes.VisibilityMask;
            if (visibility == System.Reflection.TypeAttributes.Public)
            {
                Add(reader.GetString(type.Namespace), reader.GetString(type.Name));
            }
        }

        // Facades such as System.Runtime forward their types to the assembly that defines them.
        foreach (var handle in reader.ExportedTypes)
        {
            var exported = reader.GetExportedType(handle);
            if (exported.Implementation.Kind != HandleKind.ExportedType)
            {
                Add(reader.GetString(exported.Namespace), reader.GetString(exported.Name));
            }
        }
    }

    private static PublicTypeCatalog Build()
    {
        var catalog = new PublicTypeCatalog();
        var own = typeof(PublicTypeCatalog).Assembly.Location;
        var assemblies = Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.EnumerateFiles(TestContext.CurrentContext.TestDirectory, "*.dll"))
            .Where(path => !string.Equals(path, own, StringComparison.Ordinal));
        foreach (var path in assemblies)
        {
            try
            {
                catalog.AddAssembly(path);
            }
            catch (BadImageFormatException)
            {
                // A native library with a .dll name: it declares no .NET types.
            }
        }

        catalog.AddList(RepositoryRoot.Combine("tools", "Conventions.Tests", "TypeNames", "pulumi-public-types.txt"));
        return catalog;
    }
}
