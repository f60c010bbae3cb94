using System.Globalization;
using Infra.Model.Compute;
using Infra.Model.Cost;
using Infra.Model.Routing;
using Infra.Model.Services;
using Infra.Model.Settings;

namespace Infra.Tools.Plan;

/// <summary>
/// The sections of <c>plan diff</c>: what changes between two versions of a stack file, at the level of settings
/// (effective values, services, routing, sizing) and cost. One small function per section.
/// </summary>
public static class DiffSections
{
    private const string None = "—";
    private const string Worse = "yes → no";

    public static Report For(ValidatedStackFile baseStack, ValidatedStackFile headStack, CostAssumptions assumptions, PriceTable? prices = null)
    {
        var (b, h) = (baseStack.Settings, headStack.Settings);
        var (basePlan, headPlan) = (StackPlan.For(b), StackPlan.For(h));
        var delta = new CostDelta(
            CostEstimator.Estimate(basePlan.CostInputs, assumptions, prices),
            CostEstimator.Estimate(headPlan.CostInputs, assumptions, prices));
        var placement = Placement(PlacementReport.For(b), PlacementReport.For(h));
        var settings = Settings(b, h);
        var services = Services(b, h);
        var routing = Routing(basePlan, headPlan);
        return new Report(
            baseStack.Stack == headStack.Stack
                ? $"Changes to stack {headStack.Stack} ({Path.GetFileName(headStack.File)})"
                : $"Changes from stack {baseStack.Stack} to stack {headStack.Stack}",
            [
                $"{settings.Rows.Count} setting(s) changed; {Count(services, "added")} service(s) added, {Count(services, "removed")} removed, {services.Rows.Select(r => r[0]).Distinct().Count() - Count(services, "added") - Count(services, "removed")} changed; {routing.Rows.Count} routing change(s)",
                Headline(delta),
                .. placement.Rows.Where(r => r[4] == Worse).Select(r => $"Placement ({r[0]}) {r[1]}: {r[2]} → {r[3]}"),
            ],
            [settings, services, routing, Sizing(basePlan, headPlan), placement, Cost(delta)])
        {
            CostDelta = delta,
        };
    }

    public static Section Settings(StackSettings b, StackSettings h)
    {
        var (before, after) = (EffectiveSettings.Of(b), EffectiveSettings.Of(h));
        return Section.Of(
            "settings",
            "Settings (effective values, defaults applied)",
            ["Key", "Base", "Head"],
            Changes(before, after).Select(c => (IReadOnlyList<string>)[c.Key, c.Base, c.Head]),
            "Services are compared below, by name.");
    }

    public static Section Services(StackSettings b, StackSettings h)
    {
        var before = b.Services.ToDictionary(s => s.Name);
        var after = h.Services.ToDictionary(s => s.Name);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            if (!after.TryGetValue(name, out var head))
            {
                rows.Add([name, "removed", Describe(before[name]), None]);
            }
            else if (!before.TryGetValue(name, out var @base))
            {
                rows.Add([name, "added", None, Describe(head)]);
            }
            else
            {
                rows.AddRange(Changes(EffectiveSettings.Service(@base), EffectiveSettings.Service(head))
                    .Select(c => (IReadOnlyList<string>)[name, c.Key, c.Base, c.Head]));
            }
        }

        return Section.Of("services", "Services", ["Service", "Change", "Base", "Head"], rows);
    }

    public static Section Routing(StackPlan b, StackPlan h)
    {
        var before = b.Routes.ToDictionary(r => r.Service);
        var after = h.Routes.ToDictionary(r => r.Service);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var (x, y) = (before.GetValueOrDefault(name), after.GetValueOrDefault(name));
            if (x != y)
            {
                rows.Add([name, x is null ? "rule added" : y is null ? "rule removed" : "rule changed", Rule(x), Rule(y)]);
            }
        }

        var order = (StackPlan p) => string.Join(" → ", p.Routes.Select(r => r.PathPattern));
        var (orderBefore, orderAfter) = (order(b), order(h));
        return Section.Of(
            "routing",
            "Listener rules",
            ["Service", "Change", "Base", "Head"],
            rows,
            orderBefore == orderAfter ? $"Evaluation order unchanged: {orderAfter}." : $"Evaluation order: {orderBefore} becomes {orderAfter}.");
    }

    /// <summary>What each side deploys, from its plans: subnets, NAT gateways priced, cluster, services' tasks.</summary>
    public static Section Sizing(StackPlan b, StackPlan h)
    {
        var rows = new (string What, Func<StackPlan, string> Value)[]
        {
            ("availability zones", p => Int(p.Subnets.Zones.Count)),
            ("NAT gateways", p => $"{p.CostInputs.NatGateways} ({(p.Settings.Network.NatGateways == NatGatewayMode.OnePerAz ? "one per AZ" : "single")})"),
            ("instance type", p => $"{p.Cluster.Instance.Name} ({p.Cluster.Instance.VCpus} vCPU, {p.Cluster.Instance.MemoryMiB} MiB)"),
            ("hosts min / desired / max", p => $"{p.Cluster.MinSize} / {p.Cluster.DesiredCapacity} / {p.Cluster.MaxSize}"),
            ("root volume", p => $"{p.Cluster.RootVolume.SizeGiB} GiB"),
            ("tasks desired (max)", p => $"{p.Services.Sum(x => x.Settings.DesiredCount)} ({p.Services.Sum(x => x.Scaling.MaxCapacity)})"),
            ("task CPU / memory at desired", p => $"{p.Services.Sum(x => ServiceConnect.TaskCpu(p.Settings, x.Settings) * x.Settings.DesiredCount)} units / {p.Services.Sum(x => ServiceConnect.TaskMemory(p.Settings, x.Settings) * x.Settings.DesiredCount)} MiB (with Service Connect proxies)"),
        };
        return Section.Of(
            "sizing",
            "Sizing",
            ["What", "Base", "Head", "Changed"],
            rows.Select(r => (IReadOnlyList<string>)[r.What, r.Value(b), r.Value(h), r.Value(b) == r.Value(h) ? string.Empty : "yes"]));
    }

    /// <summary>The cost headline: a delta only when both sides are fully priced, otherwise what is unpriced.</summary>
    public static string Headline(CostDelta delta) => delta.Complete
        ? $"Monthly cost {CostEstimate.Usd(delta.Base.TotalUsd)} → {CostEstimate.Usd(delta.Head.TotalUsd)} ({Signed(delta.DeltaUsd)})"
        : $"Monthly cost {delta.Base.TotalText} → {delta.Head.TotalText}: incomplete, the change is not known";

    /// <summary>The four placement answers of each side; a change from yes to anything else is marked worse.</summary>
    public static Section Placement(PlacementReport b, PlacementReport h)
    {
        var rows = h.Answers.Select(y =>
        {
            var x = b[y.Id];
            var change = x.Short == y.Short ? string.Empty : x.Fits && !y.Fits ? Worse : y.Fits && !x.Fits ? "better" : "changed";
            return (IReadOnlyList<string>)[y.Id, y.Question, x.Short, y.Short, change];
        });
        return Section.Of(
            "placement",
            "Task placement",
            ["", "Question", "Base", "Head", "Change"],
            rows,
            $"Simulated on hosts of the smallest instance type of each side (base {b.HostType.Name}, head {h.HostType.Name}); see `plan --stack` for the hosts and the figures.");
    }

    public static Section Cost(CostDelta delta)
    {
        // Lines are matched by item: a side may have lines the other has not (Spot hours, for one).
        var before = delta.Base.Lines.ToDictionary(l => l.Item, StringComparer.Ordinal);
        var after = delta.Head.Lines.ToDictionary(l => l.Item, StringComparer.Ordinal);
        var items = delta.Head.Lines.Select(l => l.Item).Concat(delta.Base.Lines.Select(l => l.Item)).Distinct(StringComparer.Ordinal);
        var rows = items.Select(item =>
        {
            var x = before.GetValueOrDefault(item);
            var y = after.GetValueOrDefault(item);
            return (IReadOnlyList<string>)
            [
                item,
                x is null ? None : Money(x.MonthlyUsd),
                y is null ? None : Money(y.MonthlyUsd),
                (x?.Priced ?? true) && (y?.Priced ?? true) ? Signed((y?.MonthlyUsd ?? 0m) - (x?.MonthlyUsd ?? 0m)) : "no price",
            ];
        }).ToList();
        rows.Add([
            "Total",
            CostEstimate.Usd(delta.Base.TotalUsd) + (delta.Base.Complete ? string.Empty : " (incomplete)"),
            CostEstimate.Usd(delta.Head.TotalUsd) + (delta.Head.Complete ? string.Empty : " (incomplete)"),
            delta.Complete ? Signed(delta.DeltaUsd) : "incomplete",
        ]);
        var notes = delta.Base.Warnings.Select(w => $"Base: {w}.").Concat(delta.Head.Warnings.Select(w => $"Head: {w}.")).ToList();
        notes.Insert(0, "Per month, same assumptions on both sides (see `plan --stack` for the basis of each line).");
        return Section.Of("cost", "Monthly cost", ["Item", "Base", "Head", "Delta"], rows, [.. notes]);
    }

    public static string Signed(decimal amount) => amount switch
    {
        > 0 => "+" + CostEstimate.Usd(amount),
        < 0 => "-" + CostEstimate.Usd(-amount),
        _ => CostEstimate.Usd(0m),
    };

    private static IEnumerable<(string Key, string Base, string Head)> Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(k => (Key: k, Base: before.GetValueOrDefault(k) ?? None, Head: after.GetValueOrDefault(k) ?? None))
            .Where(c => c.Base != c.Head)
            .Select(c => (c.Key, Show(c.Base), Show(c.Head)));

    private static string Describe(ServiceSettings s) =>
        $"{s.Image}, port {s.ContainerPort}, path {s.PathPattern}, {s.Cpu} CPU / {s.Memory} MiB, {s.DesiredCount} ({s.MinCount}-{s.MaxCount})";

    private static string Rule(RouteRule? rule) => rule is null ? None : $"{rule.PathPattern} at priority {rule.Priority}{(rule.ExplicitPriority ? " (configured)" : string.Empty)}";

    private static int Count(Section services, string change) => services.Rows.Count(r => r[1] == change);

    private static string Money(decimal? amount) => amount is { } value ? CostEstimate.Usd(value) : "no price";

    private static string Show(string value) => value.Length == 0 ? "(none)" : value;

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
