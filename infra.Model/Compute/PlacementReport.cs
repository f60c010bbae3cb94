using System.Globalization;
using Infra.Model.Services;
using Infra.Model.Settings;

namespace Infra.Model.Compute;

/// <summary>How one placement question came out.</summary>
public enum PlacementOutcome
{
    /// <summary>Fits on the hosts the question names.</summary>
    Fits,

    /// <summary>Fits once managed scaling adds <see cref="PlacementAnswer.ExtraHosts"/> hosts, within maxSize.</summary>
    NeedsHosts,

    /// <summary>Does not fit: tasks stay pending (and in prod a lost AZ fails validation).</summary>
    DoesNotFit,
}

/// <summary>One of the four questions (a)–(d), its outcome and the figures behind it.</summary>
public sealed record PlacementAnswer(string Id, string Question, PlacementOutcome Outcome, int ExtraHosts, string Detail)
{
    public bool Fits => Outcome == PlacementOutcome.Fits;

    /// <summary>The answer in one word or phrase, as the plan prints it.</summary>
    public string Short => Outcome switch
    {
        PlacementOutcome.Fits => "yes",
        PlacementOutcome.NeedsHosts => string.Create(CultureInfo.InvariantCulture, $"needs {ExtraHosts} more host{(ExtraHosts == 1 ? string.Empty : "s")}"),
        _ => "no",
    };
}

/// <summary>
/// Whether the services fit the hosts, through a deployment and the loss of an AZ: the ECS scheduler's placement
/// (see <see cref="PlacementSimulator"/>) run with every task's reservation (<see cref="TaskReservation"/>) on hosts
/// of the smallest type the group may launch, each offering <see cref="InstanceTypeInfo.TaskMemoryMiB"/>.
/// </summary>
public sealed record PlacementReport(
    InstanceTypeInfo HostType,
    bool MixedTypes,
    int Zones,
    int DesiredHosts,
    int MaxHosts,
    PlacementResult AtDesired,
    IReadOnlyList<PlacementAnswer> Answers)
{
    public const string DesiredId = "a";
    public const string DeploymentId = "b";
    public const string ZoneLossId = "c";
    public const string MaxCountsId = "d";

    public PlacementAnswer this[string id] => Answers.Single(a => a.Id == id);

    public static PlacementReport For(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var fleet = FleetPlan.For(settings);
        var host = fleet.Smallest;
        var zones = settings.Network.AvailabilityZoneCount;
        var (desired, max) = (settings.Cluster.DesiredCapacity, settings.Cluster.MaxSize);
        var tasks = settings.Services.ToDictionary(s => s.Name, s => TaskReservation.For(settings, s), StringComparer.Ordinal);
        List<PlacementDemand> Demands(Func<ServiceSettings, int> count) =>
            [.. settings.Services.Select(s => new PlacementDemand(s.Name, tasks[s.Name], count(s)))];

        var atDesired = PlacementSimulator.Place(host, desired, zones, Demands(s => s.DesiredCount));
        return new PlacementReport(
            host,
            fleet.InstanceTypes.Count > 1,
            zones,
            desired,
            max,
            atDesired,
            [
                Desired(atDesired, desired),
                Deployment(settings, host, zones, desired, max, tasks, Demands(s => s.DesiredCount)),
                ZoneLoss(host, zones, desired, Demands(s => s.MinCount)),
                MaxCounts(host, zones, max, Demands(s => s.MaxCount)),
            ]);
    }

    /// <summary>Tasks a rolling deployment starts before it stops old ones: up to maximumPercent of the desired count, rounded down.</summary>
    public static int DeploymentExtraTasks(ServiceSettings service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Math.Max(0, (service.DesiredCount * service.MaximumPercent / 100) - service.DesiredCount);
    }

    private static PlacementAnswer Desired(PlacementResult result, int hosts) => new(
        DesiredId,
        "Desired counts fit on desiredCapacity hosts",
        result.AllPlaced ? PlacementOutcome.Fits : PlacementOutcome.DoesNotFit,
        0,
        result.AllPlaced
            ? Invariant($"every service's desired count fits on {hosts} host(s)")
            : Invariant($"{Unplaced(result)} find no host among {hosts}: the capacity provider scales out at the first deployment"));

    private static PlacementAnswer Deployment(
        StackSettings settings, InstanceTypeInfo host, int zones, int desired, int max,
        IReadOnlyDictionary<string, TaskReservation> tasks, List<PlacementDemand> atDesired)
    {
        const string Question = "A rolling deployment of the largest service fits";
        var largest = settings.Services
            .Select(s => (Service: s, Extra: DeploymentExtraTasks(s)))
            .Where(x => x.Extra > 0)
            .OrderByDescending(x => x.Extra * tasks[x.Service.Name].MemoryMiB)
            .ThenByDescending(x => x.Extra * tasks[x.Service.Name].Cpu)
            .Select(x => ((ServiceSettings Service, int Extra)?)x)
            .FirstOrDefault();
        if (largest is not { } l)
        {
            return new(DeploymentId, Question, PlacementOutcome.Fits, 0, "no service starts new tasks before stopping old ones (maximumPercent 100)");
        }

        var demands = atDesired.Append(new PlacementDemand(l.Service.Name, tasks[l.Service.Name], l.Extra)).ToList();
        var what = Invariant($"{l.Service.Name} starts {l.Extra} new task(s) beside its {l.Service.DesiredCount} (maximumPercent {l.Service.MaximumPercent})");
        for (var hosts = desired; hosts <= Math.Max(desired, max); hosts++)
        {
            if (PlacementSimulator.Place(host, hosts, zones, demands).AllPlaced)
            {
                var extra = hosts - desired;
                return extra == 0
                    ? new(DeploymentId, Question, PlacementOutcome.Fits, 0, $"{what}: fits on the {desired} host(s)")
                    : new(DeploymentId, Question, PlacementOutcome.NeedsHosts, extra, Invariant($"{what}: managed scaling adds {extra} host(s), {hosts} of maxSize {max}"));
            }
        }

        return new(DeploymentId, Question, PlacementOutcome.DoesNotFit, 0, Invariant($"{what}: does not fit even on maxSize {max} host(s); the deployment waits for capacity that never comes"));
    }

    private static PlacementAnswer ZoneLoss(InstanceTypeInfo host, int zones, int desired, List<PlacementDemand> minimums)
    {
        const string Question = "After losing the AZ with the most hosts, every service's minimum fits";
        var lost = Enumerable.Range(0, desired).Count(i => i % zones == 0);
        var result = PlacementSimulator.Place(host, desired, zones, minimums, lostZone: 0);
        var left = desired - lost;
        return result.AllPlaced
            ? new(ZoneLossId, Question, PlacementOutcome.Fits, 0, Invariant($"losing AZ 1 ({lost} of {desired} hosts) leaves {left}: every service's minCount fits"))
            : new(ZoneLossId, Question, PlacementOutcome.DoesNotFit, 0, Invariant($"losing AZ 1 ({lost} of {desired} hosts) leaves {left}: {Unplaced(result)} find no host"));
    }

    private static PlacementAnswer MaxCounts(InstanceTypeInfo host, int zones, int max, List<PlacementDemand> maximums)
    {
        const string Question = "At maxSize hosts, every service's maxCount fits";
        var result = PlacementSimulator.Place(host, max, zones, maximums);
        return result.AllPlaced
            ? new(MaxCountsId, Question, PlacementOutcome.Fits, 0, Invariant($"every service at maxCount fits on {max} host(s)"))
            : new(MaxCountsId, Question, PlacementOutcome.DoesNotFit, 0, Invariant($"{Unplaced(result)} find no host among {max}: service autoscaling would stall below maxCount"));
    }

    private static string Unplaced(PlacementResult result) =>
        string.Join(", ", result.Unplaced.Where(u => u.Value > 0).Select(u => Invariant($"{u.Value} task(s) of {u.Key}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
