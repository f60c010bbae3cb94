using System.Globalization;
using Infra.Model.Compute;
using Infra.Model.Cost;
using Infra.Model.Naming;
using Infra.Model.Network;
using Infra.Model.Outputs;
using Infra.Model.Routing;
using Infra.Model.Settings;

namespace Infra.Tools.Plan;

/// <summary>A security-group rule as the plan prints it; ports inclusive.</summary>
public sealed record PlannedRule(string Group, string Direction, string Protocol, int FromPort, int ToPort, string Peer, string Purpose)
{
    public string Ports => FromPort == ToPort ? FromPort.ToString(CultureInfo.InvariantCulture) : $"{FromPort}-{ToPort}";
}

/// <summary>
/// The sections of <c>plan --stack</c>, one small function each, computed from validated settings and the model's
/// plans (subnets, routing, names, cost), so each can switch to a fuller model plan without touching the others.
/// </summary>
public static class PlanSections
{
    /// <summary>Bridge-mode tasks get host ports from the kernel's ephemeral range.</summary>
    public const int EphemeralFrom = 32768;
    public const int EphemeralTo = 65535;

    public static Report For(StackSettings settings, CostAssumptions assumptions)
    {
        var cost = CostEstimator.Estimate(CostInputs.From(settings), assumptions);
        return new Report(
            $"Plan for stack {settings.Stack} ({settings.Environment.ToString().ToLowerInvariant()}, {settings.Region})",
            [
                $"{settings.Services.Count} services on {settings.Cluster.DesiredCapacity} × {settings.Cluster.InstanceType} in {settings.Network.AvailabilityZoneCount} AZs; estimated {CostEstimate.Usd(cost.TotalUsd)}/month{(cost.Complete ? string.Empty : " (lower bound: some prices missing)")}",
                .. cost.Warnings.Select(w => $"Warning: {w}"),
            ],
            [
                Overview(settings),
                Subnets(settings),
                SecurityGroups(settings),
                Listeners(settings),
                Routing(settings),
                Cluster(settings),
                Services(settings),
                Names(settings),
                Cost(cost),
            ])
        {
            Cost = cost,
        };
    }

    public static Section Overview(StackSettings s) => Section.Of(
        "overview",
        "Stack",
        ["Setting", "Value"],
        [
            ["project", s.Project],
            ["stack", s.Stack],
            ["environment", s.Environment.ToString().ToLowerInvariant()],
            ["region", s.Region],
            ["tags", string.Join(", ", s.Tags.Select(t => $"{t.Key}={t.Value}"))],
            ["log retention", $"{s.Logging.RetentionDays} days{(s.Logging.KmsKeyArn is null ? string.Empty : $", KMS {s.Logging.KmsKeyArn}")}"],
        ]);

    public static Section Subnets(StackSettings s)
    {
        var plan = SubnetPlan.For(s.Network);
        var perAz = s.Network.NatGateways == NatGatewayMode.OnePerAz;
        return Section.Of(
            "subnets",
            "Subnets per AZ",
            ["AZ", "Public subnet", "Private subnet", "NAT gateway"],
            plan.Zones.Select(z => (IReadOnlyList<string>)
            [
                ZoneName(s, z.Index),
                z.Public.ToString(),
                z.Private.ToString(),
                perAz ? "yes, for this AZ" : z.Index == 0 ? "yes, for every AZ" : $"none (egress via {ZoneName(s, 0)})",
            ]),
            $"VPC {s.Network.VpcCidr}; public subnets route to the internet gateway, private ones (the hosts) to {(perAz ? "their AZ's" : "the single")} NAT gateway.");
    }

    public static Section SecurityGroups(StackSettings s) => Section.Of(
        "security-groups",
        "Security-group rules",
        ["Group", "Direction", "Protocol", "Ports", "Peer", "Purpose"],
        SecurityGroupRules(s).Select(r => (IReadOnlyList<string>)[r.Group, r.Direction, r.Protocol, r.Ports, r.Peer, r.Purpose]),
        "No other rule exists: both groups have explicit egress, and the VPC's default group has none.");

    public static IReadOnlyList<PlannedRule> SecurityGroupRules(StackSettings s) =>
    [
        .. s.Network.AllowedIngressCidrs.SelectMany(cidr => new PlannedRule[]
        {
            new("alb", "ingress", "tcp", 80, 80, cidr.ToString(), s.LoadBalancer.HttpsEnabled ? "HTTP, redirected to HTTPS" : "HTTP"),
            new("alb", "ingress", "tcp", 443, 443, cidr.ToString(), s.LoadBalancer.HttpsEnabled ? "HTTPS" : "HTTPS (no listener while httpsEnabled is false)"),
        }),
        new("alb", "egress", "tcp", EphemeralFrom, EphemeralTo, "host security group", "to tasks' dynamic host ports"),
        new("host", "ingress", "tcp", EphemeralFrom, EphemeralTo, "alb security group", "dynamic host ports, from the ALB only"),
        new("host", "egress", "tcp", 443, 443, "0.0.0.0/0", "AWS APIs, ECR, SSM, CloudWatch (via NAT)"),
    ];

    public static Section Listeners(StackSettings s)
    {
        var lb = s.LoadBalancer;
        var rows = new List<IReadOnlyList<string>>();
        if (lb.HttpsEnabled)
        {
            rows.Add(["HTTP :80", "redirect 301 to HTTPS :443"]);
            rows.Add(["HTTPS :443", $"rules below, else fixed 404; {lb.SslPolicy}; certificate {lb.CertificateArn}"]);
        }
        else
        {
            rows.Add(["HTTP :80", "rules below, else fixed 404"]);
        }

        return Section.Of(
            "listeners",
            "Load balancer listeners",
            ["Listener", "Action"],
            rows,
            $"Internet-facing ALB in {s.Network.AvailabilityZoneCount} public subnets; idle timeout {lb.IdleTimeoutSeconds} s; invalid header fields dropped; desync mitigation {lb.DesyncMitigationMode}; deletion protection {OnOff(lb.DeletionProtection)}; access logs {(lb.AccessLogsEnabled ? $"on ({lb.AccessLogsExpirationDays} days)" : "off")}; WAF {lb.WafWebAclArn ?? "none"}.");
    }

    public static Section Routing(StackSettings s)
    {
        var services = s.Services.ToDictionary(x => x.Name);
        return Section.Of(
            "routing",
            "Listener rules (evaluation order)",
            ["Priority", "Path pattern", "Service", "Target group", "Container port", "Health check", "Priority from"],
            RoutingPlan.For(s.Services).Select(r => (IReadOnlyList<string>)
            [
                Int(r.Priority),
                r.PathPattern,
                r.Service,
                ResourceNames.TargetGroup(r.Service),
                Int(services[r.Service].ContainerPort),
                $"{services[r.Service].HealthCheck.Path} ({services[r.Service].HealthCheck.Matcher})",
                r.ExplicitPriority ? "configured" : "computed from the pattern",
            ]),
            "Requests no rule matches get the listener's fixed 404.");
    }

    public static Section Cluster(StackSettings s)
    {
        var c = s.Cluster;
        var host = InstanceTypes.Find(c.InstanceType);
        List<IReadOnlyList<string>> rows =
        [
            ["instance type", host is null ? $"{c.InstanceType} (size unknown to the model)" : $"{host.Name}: {host.VCpus} vCPU, {host.MemoryMiB} MiB, {host.Architecture.ToString().ToLowerInvariant()}"],
            ["AMI (SSM parameter)", host?.AmiParameter ?? InstanceTypes.Find("t3.small")!.AmiParameter],
            ["hosts min / desired / max", $"{c.MinSize} / {c.DesiredCapacity} / {c.MaxSize}"],
            ["root volume", $"{c.RootVolumeSizeGiB} GiB gp3, encrypted"],
            ["capacity provider", $"managed scaling to {c.TargetCapacityPercent} %, managed termination protection and draining"],
            ["instance refresh", $"min healthy {c.InstanceRefreshMinHealthyPercent} %; health-check grace {c.HealthCheckGracePeriodSeconds} s"],
            ["monitoring", $"detailed {OnOff(c.DetailedMonitoring)}; Container Insights {c.ContainerInsights}"],
        ];

        var notes = new List<string>();
        if (host is not null)
        {
            var cpu = s.Services.Sum(x => x.Cpu * x.DesiredCount);
            var memory = s.Services.Sum(x => x.Memory * x.DesiredCount);
            rows.Add(["for tasks per host", $"{host.CpuUnits} CPU units, {host.TaskMemoryMiB} MiB"]);
            rows.Add(["tasks at desired count need", $"{cpu} CPU units, {memory} MiB (hosts at desired give {host.CpuUnits * c.DesiredCapacity}, {host.TaskMemoryMiB * c.DesiredCapacity} MiB)"]);
            if (cpu > host.CpuUnits * c.DesiredCapacity || memory > host.TaskMemoryMiB * c.DesiredCapacity)
            {
                notes.Add("The tasks' desired counts exceed the desired hosts: the capacity provider will scale out at the first deployment.");
            }
        }

        return Section.Of("cluster", "Cluster", ["Setting", "Value"], rows, [.. notes]);
    }

    public static Section Services(StackSettings s) => Section.Of(
        "services",
        "Services",
        ["Service", "Image", "Port", "Path", "CPU / memory", "Desired (min-max)", "Scaling targets"],
        s.Services.Select(x => (IReadOnlyList<string>)
        [
            x.Name,
            x.Image,
            Int(x.ContainerPort),
            x.PathPattern,
            $"{x.Cpu} / {x.Memory} MiB{(x.MemoryReservation is { } r ? $" (soft {r})" : string.Empty)}",
            $"{x.DesiredCount} ({x.MinCount}-{x.MaxCount})",
            Scaling(x.Scaling),
        ]),
        "Bridge networking with host port 0 (dynamic ports); deployments roll back on failure (circuit breaker).");

    public static Section Names(StackSettings s)
    {
        List<IReadOnlyList<string>> rows = [["load balancer", ResourceNames.LoadBalancer(s.Stack)]];
        rows.AddRange(s.Services.Select(x => (IReadOnlyList<string>)[$"target group ({x.Name})", ResourceNames.TargetGroup(x.Name)]));
        rows.Add(["instance role", ResourceNames.InstanceRole(s.Stack)]);
        rows.Add(["task execution role", ResourceNames.ExecutionRole(s.Stack)]);
        rows.AddRange(s.Services.Select(x => (IReadOnlyList<string>)[$"task role ({x.Name})", ResourceNames.TaskRole(s.Stack, x.Name)]));
        rows.Add(["flow logs role", ResourceNames.FlowLogsRole(s.Stack)]);
        rows.Add(["flow log group", ResourceNames.FlowLogGroup(s.Project, s.Stack)]);
        rows.AddRange(s.Services.Select(x => (IReadOnlyList<string>)[$"log group ({x.Name})", ResourceNames.ServiceLogGroup(s.Project, s.Stack, x.Name)]));
        rows.Add(["instance log groups", ResourceNames.InstanceLogGroup(s.Project, s.Stack, "<log name>")]);
        rows.Add(["stack outputs", string.Join(", ", StackOutputs.For(s.Services.Select(x => x.Name)))]);
        return Section.Of(
            "names",
            "Names",
            ["Resource", "Name"],
            rows,
            $"ALB, target group and role names get Pulumi's {ResourceNames.AutoNameSuffixLength}-character suffix (-xxxxxxx); log group names are exact.");
    }

    public static Section Cost(CostEstimate cost)
    {
        var rows = cost.Lines.Select(l => (IReadOnlyList<string>)
        [
            l.Item,
            l.Kind.ToString().ToLowerInvariant(),
            $"{Number(l.Quantity)} {l.Unit}",
            l.UnitUsd is { } unit ? $"${unit.ToString(CultureInfo.InvariantCulture)}" : "no price",
            l.MonthlyUsd is { } monthly ? CostEstimate.Usd(monthly) : "no price",
            l.Basis,
        ]).ToList();
        rows.Add(["Fixed", string.Empty, string.Empty, string.Empty, CostEstimate.Usd(cost.FixedUsd), "billed whether or not the stack serves traffic"]);
        rows.Add(["Usage", string.Empty, string.Empty, string.Empty, CostEstimate.Usd(cost.UsageUsd), "follows the assumptions"]);
        rows.Add(["Total", string.Empty, string.Empty, string.Empty, CostEstimate.Usd(cost.TotalUsd), cost.Complete ? "per month" : "per month, a lower bound: some prices are missing"]);

        var a = cost.Assumptions;
        var sources = cost.Lines.Where(l => l.PriceAsOf is not null).Select(l => l.PriceAsOf!).Distinct().Order(StringComparer.Ordinal);
        var notes = new List<string>
        {
            $"On-demand {cost.Currency} list prices for {cost.PriceRegion} as of {string.Join(", ", sources)} (infra.Model/Cost/prices.json, each figure with its source); {cost.HoursPerMonth} h per month; instances at the desired capacity.",
            $"Assumptions (--assume key=value): {CostAssumptions.NatDataGbKey}={Number(a.NatDataGbPerMonth)}, {CostAssumptions.AverageLcusKey}={Number(a.AverageLcus)}, {CostAssumptions.LogsIngestedGbKey}={Number(a.LogsIngestedGbPerMonth)}, {CostAssumptions.LogsStoredGbKey}={(a.LogsStoredGb is { } stored ? Number(stored) : "steady state of the retention")}.",
        };
        notes.AddRange(cost.Warnings.Select(w => $"Warning: {w}."));
        if (cost.NotPriced.Count > 0)
        {
            notes.Add($"Not priced: {string.Join("; ", cost.NotPriced)}.");
        }

        return Section.Of("cost", "Monthly cost estimate", ["Item", "Kind", "Quantity", "Unit price", "Monthly", "Basis"], rows, [.. notes]);
    }

    public static string Scaling(ScalingSettings x) =>
        $"CPU {x.CpuTargetPercent} %{(x.RequestsPerTarget is { } r ? $", {r} requests/target" : string.Empty)}; cooldown out {x.ScaleOutCooldownSeconds} s, in {x.ScaleInCooldownSeconds} s";

    private static string ZoneName(StackSettings s, int index) =>
        s.Network.AvailabilityZones?[index] ?? $"{s.Region} AZ {index + 1}";

    private static string OnOff(bool value) => value ? "on" : "off";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);
}
