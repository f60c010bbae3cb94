using System.Text.RegularExpressions;

namespace Infra.Model.Compute;

public enum CpuArchitecture
{
    X64,
    Arm64,
}

/// <summary>What one EC2 instance type offers: used to check that tasks fit and to pick the AMI.</summary>
public sealed record InstanceTypeInfo(string Name, int VCpus, int MemoryMiB, CpuArchitecture Architecture)
{
    /// <summary>CPU units ECS registers for the host (1024 per vCPU).</summary>
    public int CpuUnits => VCpus * 1024;

    /// <summary>
    /// Memory left for tasks: ECS registers less than the nominal size (the kernel and agent keep some), and the
    /// user data reserves <see cref="ReservedMemoryMiB"/> more for the OS, so one task can never starve the host.
    /// </summary>
    public int TaskMemoryMiB => (int)(MemoryMiB * 0.9) - ReservedMemoryMiB;

    public const int ReservedMemoryMiB = 256;

    /// <summary>The public SSM parameter naming the current ECS-optimized Amazon Linux 2023 AMI for this architecture.</summary>
    public string AmiParameter => Architecture == CpuArchitecture.Arm64
        ? "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
        : "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
}

/// <summary>The instance families this stack knows sizes for. Graviton families (a 'g' after the generation) are arm64.</summary>
public static partial class InstanceTypes
{
    private static readonly Dictionary<string, (int VCpus, int MemoryMiB)> Burstable = new()
    {
        ["nano"] = (2, 512), ["micro"] = (2, 1024), ["small"] = (2, 2048), ["medium"] = (2, 4096),
        ["large"] = (2, 8192), ["xlarge"] = (4, 16384), ["2xlarge"] = (8, 32768),
    };

    /// <summary>t2 is burstable like t3, but its three smallest sizes have one vCPU, not two.</summary>
    private static readonly Dictionary<string, (int VCpus, int MemoryMiB)> BurstableT2 = new(Burstable)
    {
        ["nano"] = (1, 512), ["micro"] = (1, 1024), ["small"] = (1, 2048),
    };

    private static readonly Dictionary<string, (int VCpus, int MemoryMiB)> General = new()
    {
        ["large"] = (2, 8192), ["xlarge"] = (4, 16384), ["2xlarge"] = (8, 32768), ["4xlarge"] = (16, 65536),
    };

    private static readonly Dictionary<string, (int VCpus, int MemoryMiB)> Compute = new()
    {
        ["large"] = (2, 4096), ["xlarge"] = (4, 8192), ["2xlarge"] = (8, 16384), ["4xlarge"] = (16, 32768),
    };

    private static readonly Dictionary<string, (int VCpus, int MemoryMiB)> Memory = new()
    {
        ["large"] = (2, 16384), ["xlarge"] = (4, 32768), ["2xlarge"] = (8, 65536), ["4xlarge"] = (16, 131072),
    };

    private static readonly Dictionary<string, Dictionary<string, (int VCpus, int MemoryMiB)>> Families = new()
    {
        ["t2"] = BurstableT2, ["t3"] = Burstable, ["t3a"] = Burstable, ["t4g"] = Burstable,
        ["m5"] = General, ["m6i"] = General, ["m6g"] = General, ["m7i"] = General, ["m7g"] = General,
        ["c5"] = Compute, ["c6i"] = Compute, ["c6g"] = Compute, ["c7i"] = Compute, ["c7g"] = Compute,
        ["r6i"] = Memory, ["r6g"] = Memory, ["r7i"] = Memory, ["r7g"] = Memory,
    };

    [GeneratedRegex("^(?<family>[a-z][a-z0-9-]*)\\.(?<size>[a-z0-9]+)$")]
    private static partial Regex Shape();

    [GeneratedRegex("^[a-z]+[0-9]+[a-z]*g[a-z]*$")]
    private static partial Regex GravitonFamily();

    public static bool IsWellFormed(string name) => Shape().IsMatch(name);

    public static InstanceTypeInfo? Find(string name)
    {
        var match = Shape().Match(name);
        if (!match.Success
            || !Families.TryGetValue(match.Groups["family"].Value, out var sizes)
            || !sizes.TryGetValue(match.Groups["size"].Value, out var size))
        {
            return null;
        }

        var family = match.Groups["family"].Value;
        return new InstanceTypeInfo(name, size.VCpus, size.MemoryMiB, ArchitectureOf(family));
    }

    /// <summary>Every type this stack knows, family by family (the price table must price each one).</summary>
    public static IReadOnlyList<string> All() =>
        [.. Families.SelectMany(f => f.Value.Keys.Select(size => $"{f.Key}.{size}"))];

    public static CpuArchitecture ArchitectureOf(string family) =>
        GravitonFamily().IsMatch(family) ? CpuArchitecture.Arm64 : CpuArchitecture.X64;

    public static string DescribeKnown() =>
        string.Join("; ", Families.GroupBy(f => f.Value).Select(g =>
            $"{string.Join("/", g.Select(f => f.Key))} in {string.Join(", ", g.Key.Keys)}"));
}
