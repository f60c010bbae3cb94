using System.Globalization;
using Infra.Model.Compute;
using Infra.Model.Cost;
using Infra.Model.LoadBalancing;
using Infra.Model.Naming;
using Infra.Model.Observability;
using Infra.Model.Outputs;
using Infra.Model.Services;
using Infra.Model.Settings;

namespace Infra.Tools.Plan;

/// <summary>
/// The sections of <c>plan --stack</c>, one small function each. Each prints a model plan of <see cref="StackPlan"/>
/// (subnets, security groups, listeners, target groups, routing, cluster, scaling, roles, names, cost inputs), the
/// same objects the components deploy from; only what no plan covers (tags, ALB attributes) comes from settings.
/// </summary>
public static class PlanSections
{
    public static Report For(StackSettings settings, CostAssumptions assumptions, PriceTable? prices = null)
    {
        var plan = StackPlan.For(settings);
        var cost = CostEstimator.Estimate(plan.CostInputs, assumptions, prices);
        var placement = PlacementReport.For(settings);
        return new Report(
            $"Plan for stack {settings.Stack} ({settings.Environment.ToString().ToLowerInvariant()}, {settings.Region})",
            [
                $"{plan.Services.Count} services on {plan.Cluster.DesiredCapacity} × {plan.Cluster.Instance.Name} in {plan.Subnets.Zones.Count} AZs; estimated {cost.TotalText}/month",
                .. cost.Warnings.Select(w => $"Warning: {w}"),
                .. placement.Answers.Where(a => a.Outcome == PlacementOutcome.DoesNotFit).Select(a => $"Warning: placement ({a.Id}) {a.Question}? no: {a.Detail}"),
            ],
            [
                Overview(settings),
                Subnets(plan),
                SecurityGroups(plan),
                Listeners(plan),
                Addressing(plan),
                Routing(plan),
                Cluster(plan),
                Placement(placement),
                Services(plan),
                Deployments(plan),
                Alarms(plan),
                Names(plan),
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

    public static Section Subnets(StackPlan p)
    {
        var s = p.Settings;
        var perAz = s.Network.NatGateways == NatGatewayMode.OnePerAz;
        return Section.Of(
            "subnets",
            "Subnets per AZ",
            ["AZ", "Public subnet", "Private subnet", "NAT gateway"],
            p.Subnets.Zones.Select(z => (IReadOnlyList<string>)
            [
                ZoneName(s, z.Index),
                z.Public.ToString(),
                z.Private.ToString(),
                perAz ? "yes, for this AZ" : z.Index == 0 ? "yes, for every AZ" : $"none (egress via {ZoneName(s, 0)})",
            ]),
            $"VPC {p.Subnets.Vpc}; public subnets route to the internet gateway, private ones (the hosts) to {(perAz ? "their AZ's" : "the single")} NAT gateway.");
    }

    public static Section SecurityGroups(StackPlan p) => Section.Of(
        "security-groups",
        "Security-group rules",
        ["Group", "Direction", "Protocol", "Ports", "Peer", "Purpose"],
        p.SecurityGroups.Rules.Select(r => (IReadOnlyList<string>)
        [
            Lower(r.Group),
            Lower(r.Direction),
            r.Protocol,
            r.FromPort == r.ToPort ? Int(r.FromPort) : $"{Int(r.FromPort)}-{Int(r.ToPort)}",
            r.Cidr is { } cidr ? cidr.ToString() : r.Peer is { } peer ? $"{Lower(peer)} security group" : "none",
            r.Description,
        ]),
        "No other rule exists: both groups have explicit egress, and the VPC's default group has none.");

    public static Section Listeners(StackPlan p)
    {
        var lb = p.Settings.LoadBalancer;
        return Section.Of(
            "listeners",
            "Load balancer listeners",
            ["Listener", "Action"],
            p.Listeners.Listeners.Select(l => (IReadOnlyList<string>)[$"{l.Protocol} :{Int(l.Port)}", ListenerAction(l)]),
            $"Internet-facing ALB in {p.Subnets.Public.Count} public subnets; clients use {p.Listeners.Scheme}://<ALB DNS name>; idle timeout {lb.IdleTimeoutSeconds} s; invalid header fields dropped; desync mitigation {lb.DesyncMitigationMode}; deletion protection {OnOff(lb.DeletionProtection)}; access logs {(lb.AccessLogsEnabled ? $"on ({lb.AccessLogsExpirationDays} days)" : "off")}; WAF {lb.WafWebAclArn ?? "none"}.");
    }

    public static Section Routing(StackPlan p)
    {
        var services = p.Services.ToDictionary(x => x.Name);
        var groups = p.Services.Select(x => x.TargetGroup)
            .Select(t => $"{t.TargetType} targets, {t.HealthCheck.Protocol} health checks on the {t.HealthCheck.Port}")
            .Distinct();
        return Section.Of(
            "routing",
            "Listener rules (evaluation order)",
            ["Priority", "Path pattern", "Service", "Target group", "Container port", "Health check", "Check timing", "Priority from"],
            p.Routes.Select(r =>
            {
                var service = services[r.Service];
                var health = service.TargetGroup.HealthCheck;
                return (IReadOnlyList<string>)
                [
                    Int(r.Priority),
                    r.PathPattern,
                    r.Service,
                    service.TargetGroup.LogicalName,
                    Int(service.TargetGroup.Port),
                    $"{health.Path} ({health.Matcher})",
                    $"every {health.IntervalSeconds} s, timeout {health.TimeoutSeconds} s; healthy after {health.HealthyThreshold}, unhealthy after {health.UnhealthyThreshold}; deregistration delay {service.TargetGroup.DeregistrationDelaySeconds} s{(service.TargetGroup.SlowStartSeconds is { } slow ? $"; slow start {slow} s" : string.Empty)}",
                    r.ExplicitPriority ? "configured" : "computed from the pattern",
                ];
            }),
            $"Rules are on the {p.Listeners.Serving.Protocol} :{Int(p.Listeners.Serving.Port)} listener; requests no rule matches get its default action ({DefaultAction(p.Listeners.Serving.DefaultAction)}).",
            $"Target groups: {string.Join("; ", groups)} (each task's own host port).");
    }

    public static Section Cluster(StackPlan p)
    {
        var c = p.Cluster;
        var host = c.Instance;
        var refresh = c.InstanceRefresh;
        var scaling = c.ManagedScaling;
        // Each task's share counts the Service Connect proxy ECS adds to it.
        var cpu = p.Services.Sum(x => ServiceConnect.TaskCpu(p.Settings, x.Settings) * x.Settings.DesiredCount);
        var memory = p.Services.Sum(x => ServiceConnect.TaskMemory(p.Settings, x.Settings) * x.Settings.DesiredCount);
        var proxies = ServiceConnect.Enabled(p.Settings) ? p.Services.Sum(x => x.Settings.DesiredCount) : 0;
        List<IReadOnlyList<string>> rows =
        [
            ["instance type", $"{host.Name}: {host.VCpus} vCPU, {host.MemoryMiB} MiB, {Lower(host.Architecture)}"],
            .. Fleet(p),
            ["hosts min / desired / max", $"{c.MinSize} / {c.DesiredCapacity} / {c.MaxSize}"],
            ["root volume", $"{c.RootVolume.SizeGiB} GiB {c.RootVolume.VolumeType}{(c.RootVolume.Encrypted ? ", encrypted" : ", not encrypted")}"],
            ["capacity provider", $"managed scaling to {scaling.TargetCapacityPercent} %, {scaling.MinimumStepSize}-{scaling.MaximumStepSize} hosts a step, warmup {scaling.InstanceWarmupSeconds} s; managed termination protection and draining"],
            ["instance refresh", $"{refresh.Strategy}, healthy {refresh.MinHealthyPercent}-{refresh.MaxHealthyPercent} %, warmup {refresh.InstanceWarmupSeconds} s, scale-in protected hosts: {refresh.ScaleInProtectedInstances}; {ClusterPlan.HealthCheckType} health checks, grace {c.HealthCheckGracePeriodSeconds} s"],
            ["monitoring", $"detailed {OnOff(c.DetailedMonitoring)}; Container Insights {c.ContainerInsights}"],
            ["host logs (CloudWatch agent)", string.Join(", ", c.InstanceLogs.Select(l => l.FilePath))],
            ["container stop timeout", $"{c.ContainerStopTimeoutSeconds} s"],
            ["for tasks per host", $"{host.CpuUnits} CPU units, {host.TaskMemoryMiB} MiB"],
            ["tasks at desired count need", $"{cpu} CPU units, {memory} MiB (hosts at desired give {host.CpuUnits * c.DesiredCapacity}, {host.TaskMemoryMiB * c.DesiredCapacity} MiB)"],
            ["Service Connect proxies' share", proxies == 0
                ? "none (serviceDiscovery: loadBalancer)"
                : $"{ServiceConnect.ProxyCpuUnits} CPU units, {ServiceConnect.ProxyMemoryMiB} MiB per task: {proxies * ServiceConnect.ProxyCpuUnits} CPU units, {proxies * ServiceConnect.ProxyMemoryMiB} MiB at desired count, {Percent(proxies * ServiceConnect.ProxyCpuUnits, host.CpuUnits * c.DesiredCapacity)} of the hosts' CPU and {Percent(proxies * ServiceConnect.ProxyMemoryMiB, host.TaskMemoryMiB * c.DesiredCapacity)} of their task memory"],
        ];

        var notes = cpu > host.CpuUnits * c.DesiredCapacity || memory > host.TaskMemoryMiB * c.DesiredCapacity
            ? new[] { "The tasks' desired counts exceed the desired hosts: the capacity provider will scale out at the first deployment." }
            : [];
        return Section.Of("cluster", "Cluster", ["Setting", "Value"], rows, notes);
    }

    /// <summary>The cluster rows on instance types, how hosts are bought and which image they boot.</summary>
    public static IEnumerable<IReadOnlyList<string>> Fleet(StackPlan p)
    {
        var fleet = FleetPlan.For(p.Settings);
        var purchase = fleet.Purchase;
        var (onDemand, spot) = fleet.Split(p.Cluster.DesiredCapacity);
        yield return ["instance types", fleet.UsesMixedInstancesPolicy
            ? $"{string.Join(", ", fleet.InstanceTypes.Select(t => t.Name))} (mixed instances policy, on-demand {FleetPlan.OnDemandAllocationStrategy} in this order)"
            : $"{fleet.InstanceTypes[0].Name} only (the launch template's type)"];
        yield return ["purchase", purchase.UsesSpot
            ? $"on-demand base {purchase.OnDemandBaseCapacity}, then {purchase.OnDemandPercentageAboveBase} % on-demand and {100 - purchase.OnDemandPercentageAboveBase} % Spot ({purchase.SpotAllocationStrategy}); at desired capacity {onDemand} on-demand, {spot} Spot; capacity rebalancing on; the ECS agent drains hosts on Spot interruption notices"
            : "on-demand only"];
        yield return fleet.PinnedAmiId is { } ami
            ? ["AMI", $"{ami} (pinned: hosts are replaced only when the pin changes)"]
            : ["AMI", $"current from the SSM parameter {p.Cluster.AmiParameter} (hosts are replaced whenever AWS publishes a new one; pin amiId to choose when)"];
    }

    /// <summary>Hosts per AZ with their tasks and headroom at the desired counts, and the answers (a)-(d).</summary>
    public static Section Placement(PlacementReport report)
    {
        var rows = report.AtDesired.Hosts.Select(h => (IReadOnlyList<string>)
        [
            $"host {Int(h.Index + 1)}",
            $"AZ {Int(h.Zone + 1)}",
            h.Tasks.Count == 0 ? "none" : string.Join(", ", h.Tasks.Select(t => $"{t.Value} × {t.Key}")),
            $"{Int(h.CpuUsed)} / {Int(h.CpuCapacity)}",
            $"{Int(h.MemoryUsedMiB)} / {Int(h.MemoryCapacityMiB)} MiB",
            $"{Int(h.CpuFree)} CPU units, {Int(h.MemoryFreeMiB)} MiB",
        ]).ToList();
        var notes = new List<string>
        {
            $"Simulated as the ECS scheduler places tasks (spread over AZs, then binpack by memory) on {Int(report.DesiredHosts)} host(s) at desiredCapacity, each a {report.HostType.Name}"
                + (report.MixedTypes ? " (the smallest of the instance types: the worst case)" : string.Empty)
                + $" offering {Int(report.HostType.CpuUnits)} CPU units and {Int(report.HostType.TaskMemoryMiB)} MiB to tasks: 90 % of its {Int(report.HostType.MemoryMiB)} MiB (the agent registers less than installed memory) less ECS_RESERVED_MEMORY {Int(InstanceTypeInfo.ReservedMemoryMiB)} MiB.",
        };
        notes.Add("Hosts per AZ: " + string.Join(", ", report.AtDesired.Hosts.GroupBy(h => h.Zone).OrderBy(g => g.Key).Select(g => $"AZ {Int(g.Key + 1)} {Int(g.Count())}")) + ".");
        notes.AddRange(report.Answers.Select(a => $"({a.Id}) {a.Question}? {a.Short}: {a.Detail}."));
        return Section.Of("placement", "Task placement", ["Host", "AZ", "Tasks at desired counts", "CPU used", "Memory used", "Headroom"], rows, [.. notes]);
    }

    /// <summary>The names the stack answers to and hands out: domain, record, certificate, and how services call each other.</summary>
    public static Section Addressing(StackPlan p)
    {
        var s = p.Settings;
        var lb = s.LoadBalancer;
        var domain = lb.Domain;
        List<IReadOnlyList<string>> rows =
        [
            ["domain name", domain?.Name ?? "none: clients use the load balancer's AWS DNS name"],
            ["alias record", domain?.HostedZoneId is { } zone ? $"A (alias to the load balancer) {domain.Name} in hosted zone {zone}" : domain is null ? "none" : "none: no hostedZoneId, point the name at albDnsName yourself"],
            ["certificate", !lb.HttpsEnabled ? "none (httpsEnabled: false)"
                : lb.CertificateArn is { } arn ? $"given: {arn}{(domain?.HostedZoneId is null ? string.Empty : " (wins over requesting one)")}"
                : $"requested: ACM, DNS-validated in {domain!.HostedZoneId}; the HTTPS listener waits for validation"],
            ["public base URL", ServiceAddresses.PublicBaseUrl(s, p.Listeners.Scheme, "<ALB DNS name>")],
            ["service discovery", ServiceConnect.Enabled(s)
                ? $"Service Connect in Cloud Map namespace {ServiceConnect.NamespaceName(s.Project, s.Stack)} (the cluster's default); plain HTTP inside the VPC"
                : "load balancer: services call each other through its public URL"],
        ];
        if (ServiceConnect.Enabled(s))
        {
            rows.AddRange(p.Services.Select(x => ServiceConnect.Endpoint(x.Settings)).Select(e => (IReadOnlyList<string>)
                [$"Service Connect ({e.PortName})", $"{e.Authority} (port name {e.PortName}, {e.AppProtocol})"]));
        }

        rows.AddRange(p.Services.SelectMany(x => x.Container.Environment ?? [], (x, v) => (x, v))
            .Where(t => t.x.Settings.ServiceUrlEnvironment.ContainsKey(t.v.Name))
            .Select(t => (IReadOnlyList<string>)[$"{t.x.Name}: {t.v.Name}", t.v.Value.Replace(StackPlan.AlbHostPlaceholder, "<ALB DNS name>", StringComparison.Ordinal)]));
        return Section.Of("addressing", "Names and service addressing", ["Setting", "Value"], rows);
    }

    public static Section Services(StackPlan p) => Section.Of(
        "services",
        "Services",
        ["Service", "Image", "Port", "Path", "CPU / memory", "Desired (min-max)", "Scaling targets"],
        p.Services.Select(x => (IReadOnlyList<string>)
        [
            x.Name,
            x.Container.Image,
            string.Join(", ", x.Container.PortMappings.Select(m => Int(m.ContainerPort))),
            x.Settings.PathPattern,
            $"{x.Container.Cpu} / {x.Container.Memory} MiB{(x.Container.MemoryReservation is { } r ? $" (soft {r})" : string.Empty)}",
            $"{x.Settings.DesiredCount} ({x.Scaling.MinCapacity}-{x.Scaling.MaxCapacity})",
            Scaling(x.Scaling),
        ]),
        $"Bridge networking with host port {string.Join(", ", p.Services.SelectMany(x => x.Container.PortMappings).Select(m => Int(m.HostPort)).Distinct().DefaultIfEmpty("0"))} (dynamic ports); deployments roll back on failure (circuit breaker).");

    public static Section Deployments(StackPlan p) => Section.Of(
        "deployments",
        "Deployments",
        ["Service", "Strategy", "Rolls back on"],
        p.Services.Select(x => (IReadOnlyList<string>)
        [
            x.Name,
            x.Deployment.Describe(),
            string.Join(", ", x.Deployment.RollbackAlarmNames),
        ]),
        "ECS built-in strategies (deployment controller ECS). Canary and blue/green put new tasks in the alternate target group (<service>-alt) and move the production rule's weights with a role scoped to the service's groups and rule; every strategy keeps the circuit breaker and rolls back when a listed alarm fires during the deployment.");

    public static Section Alarms(StackPlan p)
    {
        var s = p.Settings.Observability;
        return Section.Of(
            "alarms",
            "Alarms",
            ["Alarm", "Metric", "Condition", "Missing data", "Rolls back"],
            p.Alarms.Select(a => (IReadOnlyList<string>)
            [
                a.Name,
                a.MetricText,
                a.ConditionText,
                $"{a.TreatMissingData}: {a.MissingDataReason}",
                a.RollsBack ? $"{a.Service} deployments" : "no",
            ]),
            $"Every alarm and OK notification goes to the stack's SNS topic (output alarmTopicArn), encrypted with {(s.TopicKmsKeyArn is { } key ? key : "a KMS key the stack creates")}; email subscriptions: {(s.AlarmEmails.Count == 0 ? "none (subscribe with alarmEmails or from another stack)" : string.Join(", ", s.AlarmEmails))}.",
            $"{p.Alarms.Count} alarms evaluating {p.Alarms.Sum(a => a.MetricsEvaluated)} metrics; dashboard {DashboardBody.Name(p.Settings)} (output dashboardUrl).");
    }

    public static Section Names(StackPlan p)
    {
        var s = p.Settings;
        List<IReadOnlyList<string>> rows = [["load balancer", ResourceNames.LoadBalancer(s.Stack)]];
        rows.AddRange(p.Services.Select(x => (IReadOnlyList<string>)[$"target group ({x.Name})", x.TargetGroup.LogicalName]));
        rows.Add(["instance role", p.Roles.Instance.Name]);
        rows.Add(["task execution role", p.Roles.Execution.Name]);
        rows.AddRange(p.Services.Select(x => (IReadOnlyList<string>)[$"task role ({x.Name})", x.TaskRole.Name]));
        rows.Add(["flow logs role", p.FlowLogsRole.Name]);
        rows.Add(["flow log group", ResourceNames.FlowLogGroup(s.Project, s.Stack)]);
        rows.AddRange(p.Services.Select(x => (IReadOnlyList<string>)[$"log group ({x.Name})", x.LogGroupName]));
        rows.AddRange(p.Services.Select(x => (IReadOnlyList<string>)[$"task family ({x.Name})", x.TaskFamily]));
        rows.AddRange(p.Cluster.InstanceLogs.Select(l => (IReadOnlyList<string>)[$"instance log group ({l.Name})", l.LogGroupName]));
        rows.Add(["launch template (name prefix)", p.Cluster.LaunchTemplateNamePrefix]);
        rows.Add(["stack outputs", string.Join(", ", StackOutputs.For(p.Services.Select(x => x.Name)))]);
        return Section.Of(
            "names",
            "Names",
            ["Resource", "Name"],
            rows,
            $"ALB, target group and role names get Pulumi's {ResourceNames.AutoNameSuffixLength}-character suffix (-xxxxxxx), the launch template a unique suffix from AWS; log group names and task families are exact.");
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
        var incomplete = cost.Complete ? string.Empty : " (incomplete)";
        rows.Add(["Fixed", string.Empty, string.Empty, string.Empty, CostEstimate.Usd(cost.FixedUsd) + incomplete, "billed whether or not the stack serves traffic"]);
        rows.Add(["Usage", string.Empty, string.Empty, string.Empty, CostEstimate.Usd(cost.UsageUsd), "follows the assumptions"]);
        rows.Add(["Total", string.Empty, string.Empty, string.Empty, CostEstimate.Usd(cost.TotalUsd) + incomplete, cost.Complete ? "per month" : $"per month, incomplete: no price for {string.Join("; ", cost.Unpriced)}"]);

        var a = cost.Assumptions;
        var sources = cost.Lines.Where(l => l.PriceAsOf is not null).Select(l => l.PriceAsOf!).Distinct().Order(StringComparer.Ordinal);
        var notes = new List<string>
        {
            $"On-demand {cost.Currency} list prices for {cost.PriceRegion} as of {string.Join(", ", sources)} (infra.Model/Cost/prices.json, each figure with its source); {cost.HoursPerMonth} h per month; instances at the desired capacity.",
            $"Assumptions (--assume key=value): {CostAssumptions.NatDataGbKey}={Number(a.NatDataGbPerMonth)}, {CostAssumptions.AverageLcusKey}={Number(a.AverageLcus)}, {CostAssumptions.LogsIngestedGbKey}={Number(a.LogsIngestedGbPerMonth)}, {CostAssumptions.LogsStoredGbKey}={(a.LogsStoredGb is { } stored ? Number(stored) : "steady state of the retention")}, {CostAssumptions.SpotDiscountPercentKey}={Number(a.SpotDiscountPercent)} (applies to Spot hours only), {CostAssumptions.DnsQueriesMillionsKey}={Number(a.DnsQueriesMillions)} (priced only with records in a hosted zone).",
        };
        notes.AddRange(cost.Warnings.Select(w => $"Warning: {w}."));
        if (cost.NotPriced.Count > 0)
        {
            notes.Add($"Not priced: {string.Join("; ", cost.NotPriced)}.");
        }

        return Section.Of("cost", "Monthly cost estimate", ["Item", "Kind", "Quantity", "Unit price", "Monthly", "Basis"], rows, [.. notes]);
    }

    /// <summary>The target-tracking policies, grouped by cooldowns: <c>CPU 70 %, 1000 requests/target; cooldown out 60 s, in 300 s</c>.</summary>
    public static string Scaling(ScalingPlan plan) => string.Join("; ", plan.Policies
        .GroupBy(x => (x.ScaleOutCooldownSeconds, x.ScaleInCooldownSeconds))
        .Select(g => $"{string.Join(", ", g.Select(Target))}; cooldown out {g.Key.ScaleOutCooldownSeconds} s, in {g.Key.ScaleInCooldownSeconds} s"));

    /// <summary>What a listener does with a request; the serving listener evaluates the service rules first.</summary>
    public static string ListenerAction(ListenerSpec listener) =>
        (listener.ServesRoutes ? $"rules below, else {DefaultAction(listener.DefaultAction)}" : DefaultAction(listener.DefaultAction))
        + (listener.SslPolicy is { } policy ? $"; {policy}" : string.Empty)
        + (listener.CertificateArn is { } certificate ? $"; certificate {certificate}" : string.Empty);

    public static string DefaultAction(ListenerDefaultAction action) => action switch
    {
        RedirectAction r => $"redirect {r.StatusCode.Replace("HTTP_", string.Empty, StringComparison.Ordinal)} to {r.Protocol} :{r.Port}",
        FixedResponseAction f => $"fixed {f.StatusCode}",
        _ => action.ToString(),
    };

    private static string Target(TargetTrackingPolicy policy) => policy.MetricType switch
    {
        ScalingPlan.CpuMetric => $"CPU {Number(policy.TargetValue)} %",
        ScalingPlan.RequestsMetric => $"{Number(policy.TargetValue)} requests/target",
        _ => $"{policy.MetricType} {Number(policy.TargetValue)}",
    };

    private static string ZoneName(StackSettings s, int index) =>
        s.Network.AvailabilityZones?[index] ?? $"{s.Region} AZ {index + 1}";

    private static string OnOff(bool value) => value ? "on" : "off";

    private static string Percent(int part, int whole) =>
        whole == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0} %");

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Number(decimal value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);
}
