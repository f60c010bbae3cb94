namespace Infra.Tools.Conventions.Tests;

/// <summary>The checked-out repository these tests run in: the nearest folder above the test binaries with infra.slnx.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "infra.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No infra.slnx above {TestContext.CurrentContext.TestDirectory}.");
    }
}
