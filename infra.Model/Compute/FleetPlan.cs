using Infra.Model.Settings;

namespace Infra.Model.Compute;

/// <summary>
/// Which hosts the Auto Scaling group launches and how it buys them: the instance types (first preferred), the
/// on-demand base and share, the Spot allocation strategy, and the image (pinned, or the SSM parameter's current
/// one). The Cluster component turns it into the group's launch template or mixed instances policy.
/// </summary>
public sealed record FleetPlan(
    IReadOnlyList<InstanceTypeInfo> InstanceTypes,
    PurchaseOptions Purchase,
    string? PinnedAmiId)
{
    /// <summary>On-demand hosts are launched in the order of the types: the first while it has capacity.</summary>
    public const string OnDemandAllocationStrategy = "prioritized";

    public bool UsesSpot => Purchase.UsesSpot;

    /// <summary>
    /// One type bought on-demand needs no mixed instances policy: the group launches the template as it is (today's
    /// shape). Several types, or any Spot share, need the policy with one override per type.
    /// </summary>
    public bool UsesMixedInstancesPolicy => InstanceTypes.Count > 1 || UsesSpot;

    /// <summary>
    /// With Spot, the group launches a replacement when EC2 signals a host's elevated interruption risk, before the
    /// two-minute notice; on-demand hosts never get that signal.
    /// </summary>
    public bool CapacityRebalance => UsesSpot;

    /// <summary>The type the placement check assumes for every host: the one with the least room for tasks.</summary>
    public InstanceTypeInfo Smallest => InstanceTypes
        .OrderBy(t => t.TaskMemoryMiB)
        .ThenBy(t => t.CpuUnits)
        .First();

    /// <summary>On-demand and Spot hosts among <paramref name="hosts"/> (see <see cref="PurchaseOptions.Split"/>).</summary>
    public (int OnDemand, int Spot) Split(int hosts) => Purchase.Split(hosts);

    public static FleetPlan For(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cluster = settings.Cluster;
        var types = cluster.InstanceTypes
            .Select(name => Compute.InstanceTypes.Find(name)
                ?? throw new InvalidOperationException($"instance type '{name}' passed validation but is unknown"))
            .ToList();
        return new FleetPlan(types, cluster.Purchase, cluster.AmiId);
    }
}
