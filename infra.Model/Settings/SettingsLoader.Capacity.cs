using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Model.Compute;
using Infra.Model.Services;

namespace Infra.Model.Settings;

/// <summary>The hosts' instance types, how they are bought, their image, and whether the services fit them.</summary>
public static partial class SettingsLoader
{
    /// <summary>The allocation strategies Auto Scaling offers for Spot pools.</summary>
    public static readonly IReadOnlyList<string> SpotAllocationStrategies =
        [PurchaseOptions.DefaultSpotAllocationStrategy, "capacity-optimized", "capacity-optimized-prioritized", "lowest-price"];

    [GeneratedRegex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex AmiIdShape();

    /// <summary>
    /// Adds the instance types, purchase options and AMI to the cluster settings <see cref="ReadCluster"/> read. The
    /// types share one AMI, so one architecture; each must hold the largest task; Spot in prod keeps an on-demand
    /// host in every AZ.
    /// </summary>
    private static ClusterSettings ReadFleet(ConfigReader r, ClusterSettings cluster, EnvironmentKind environment, int zoneCount)
    {
        var k = ConfigKeys.Full;
        var typesKey = k(ConfigKeys.InstanceTypes);
        var listed = NullIfEmpty(r.StringArray(typesKey));
        var types = listed ?? [cluster.InstanceType];
        if (listed is not null && r.Raw(k(ConfigKeys.InstanceType)) is not null && listed[0] != cluster.InstanceType)
        {
            r.Fail(typesKey, string.Join(", ", listed), $"its first type is not instanceType ({cluster.InstanceType})", $"a list starting with {cluster.InstanceType}, or instanceType left out");
        }

        var known = new List<InstanceTypeInfo>();
        for (var i = 0; i < (listed?.Count ?? 0); i++)
        {
            var name = listed![i];
            if (!InstanceTypes.IsWellFormed(name))
            {
                r.Fail($"{typesKey}[{i}]", name, "not an instance type", "family.size, e.g. t3a.small");
            }
            else if (InstanceTypes.Find(name) is not { } info)
            {
                r.Fail($"{typesKey}[{i}]", name, "not an instance type this stack knows the size of", InstanceTypes.DescribeKnown());
            }
            else if (listed.Take(i).Contains(name, StringComparer.Ordinal))
            {
                r.Fail($"{typesKey}[{i}]", name, "listed twice", "each type once");
            }
            else
            {
                known.Add(info);
            }
        }

        var architectures = known.GroupBy(t => t.Architecture).ToList();
        if (architectures.Count > 1)
        {
            var first = known[0].Architecture;
            foreach (var odd in known.Where(t => t.Architecture != first))
            {
                r.Fail($"{typesKey}[{listed!.ToList().IndexOf(odd.Name)}]", odd.Name, $"{Lower(odd.Architecture)}, while {known[0].Name} is {Lower(first)}: the hosts share one AMI", $"{Lower(first)} types only");
            }
        }

        var d = CapacityDefaults.For(environment);
        var purchase = new PurchaseOptions(
            r.Int(k(ConfigKeys.OnDemandBaseCapacity), d.OnDemandBaseCapacity, 0, 1000),
            r.Int(k(ConfigKeys.OnDemandPercentageAboveBase), d.OnDemandPercentageAboveBase, 0, 100),
            r.Choice(k(ConfigKeys.SpotAllocationStrategy), PurchaseOptions.DefaultSpotAllocationStrategy, SpotAllocationStrategies.ToDictionary(s => s, s => s, StringComparer.Ordinal)));
        if (environment == EnvironmentKind.Prod && purchase.UsesSpot && purchase.OnDemandBaseCapacity < zoneCount)
        {
            r.Fail(k(ConfigKeys.OnDemandBaseCapacity), purchase.OnDemandBaseCapacity.ToString(CultureInfo.InvariantCulture),
                $"Spot hosts in prod (onDemandPercentageAboveBase {purchase.OnDemandPercentageAboveBase}) need an on-demand host in each of the {zoneCount} AZs, which no interruption takes",
                $"at least {zoneCount} in prod with a Spot share, or onDemandPercentageAboveBase: 100");
        }

        var ami = r.String(k(ConfigKeys.AmiId));
        if (ami is not null && !AmiIdShape().IsMatch(ami))
        {
            r.Fail(k(ConfigKeys.AmiId), ami, "not an AMI id", "ami- and 8 or 17 hex digits (an ECS-optimized Amazon Linux 2023 AMI of the region), or empty for the SSM parameter's current AMI");
        }

        return cluster with { InstanceTypes = types, Purchase = purchase, AmiId = ami };
    }

    /// <summary>
    /// Every type after the first must hold each service's task (the first is checked with the service's own keys):
    /// Auto Scaling may launch any of them. The hard memory limit and CPU are checked always, the full reservation
    /// (with what the stack adds to each task) once the rest of the configuration is valid.
    /// </summary>
    private static void CheckFleetHoldsTasks(ConfigReader r, ClusterSettings cluster, IReadOnlyList<(int Position, ServiceSettings Service)> services, StackSettings? settings)
    {
        for (var i = 1; i < cluster.InstanceTypes.Count; i++)
        {
            if (InstanceTypes.Find(cluster.InstanceTypes[i]) is not { } host)
            {
                continue;
            }

            foreach (var (position, service) in services)
            {
                var task = settings is null ? new TaskReservation(service.Cpu, service.Memory) : TaskReservation.For(settings, service);
                var memory = Math.Max(task.MemoryMiB, service.Memory);
                if (memory > host.TaskMemoryMiB || task.Cpu > host.CpuUnits)
                {
                    r.Fail($"{ConfigKeys.Full(ConfigKeys.InstanceTypes)}[{i}]", host.Name,
                        $"cannot hold a task of {service.Name} (services[{position}]: {task.Cpu} CPU units, {memory} MiB; the host leaves {host.CpuUnits} units, {host.TaskMemoryMiB} MiB)",
                        "types that hold the largest task");
                }
            }
        }
    }

    /// <summary>Prod must survive the loss of an AZ: the hosts left must hold every service's minimum count.</summary>
    private static void CheckZoneLoss(ConfigReader r, StackSettings settings)
    {
        if (!settings.IsProd)
        {
            return;
        }

        var answer = PlacementReport.For(settings)[PlacementReport.ZoneLossId];
        if (!answer.Fits)
        {
            r.Fail(ConfigKeys.Full(ConfigKeys.DesiredCapacity), settings.Cluster.DesiredCapacity.ToString(CultureInfo.InvariantCulture),
                $"in prod the hosts left after an AZ outage must hold every service's minCount, but {answer.Detail}",
                "more hosts, a larger instance type, or smaller tasks or minCounts");
        }
    }

    private static string Lower(CpuArchitecture architecture) => architecture.ToString().ToLowerInvariant();
}
