using Infra.Model.Compute;
using Infra.Model.Network;
using Infra.Model.Observability;
using Infra.Model.Settings;

namespace Infra.Model.Cost;

public enum VolumeType
{
    Gp2,
    Gp3,
}

/// <summary>
/// The billable resources of one deployment, described independently of settings so the reference architecture's
/// own resources can be priced the same way. <see cref="From(StackSettings)"/> describes what a stack's settings deploy.
/// </summary>
public sealed record CostInputs(
    string Region,
    string InstanceType,
    int Instances,
    int MaxInstances,
    int NatGateways,
    int LoadBalancerZones,
    int RootVolumeGiB,
    VolumeType RootVolumeType,
    int LogRetentionDays)
{
    /// <summary>The stack writes records into a Route 53 zone (a domain with <c>hostedZoneId</c>): DNS queries are billed.</summary>
    public bool HostedZoneRecords { get; init; }

    /// <summary>Costs the settings cause that the estimate does not price, so nobody reads the total as complete.</summary>
    public IReadOnlyList<string> NotPriced { get; init; } = [];

    /// <summary>Every type the hosts may be, first preferred (on-demand hosts are launched as the first).</summary>
    public IReadOnlyList<string> InstanceTypes { get; init; } = [InstanceType];

    /// <summary>How the hosts are bought: how many of <see cref="Instances"/> are on-demand and how many Spot.</summary>
    public PurchaseOptions Purchase { get; init; } = PurchaseOptions.OnDemandOnly;

    /// <summary>Metrics the stack's alarms evaluate (CloudWatch bills per alarm metric).</summary>
    public int AlarmMetrics { get; init; }

    /// <summary>CloudWatch dashboards the stack creates.</summary>
    public int Dashboards { get; init; }

    /// <summary>Customer managed KMS keys the stack creates (the alarm topic's, unless one is configured).</summary>
    public int KmsKeys { get; init; }

    /// <summary>What the settings deploy, from the same plans the components deploy from.</summary>
    public static CostInputs From(StackSettings settings) =>
        From(settings, ClusterPlan.For(settings), SubnetPlan.For(settings.Network));

    /// <summary>
    /// Instances at the cluster plan's desired capacity (what the Auto Scaling group starts with and keeps at rest)
    /// with its root volumes; NAT gateways as configured (awsx places one per AZ or a single one); an ALB node, and
    /// so a public IPv4 address, in every public subnet of the subnet plan.
    /// </summary>
    public static CostInputs From(StackSettings settings, ClusterPlan cluster, SubnetPlan subnets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(subnets);
        var network = settings.Network;
        var notPriced = new List<string>
        {
            "data transfer out to the internet and between AZs",
            $"Container Insights ({cluster.ContainerInsights}) metrics and logs",
        };
        if (cluster.DetailedMonitoring)
        {
            notPriced.Add("EC2 detailed monitoring metrics");
        }

        if (settings.LoadBalancer.AccessLogsEnabled)
        {
            notPriced.Add($"S3 storage of ALB access logs ({settings.LoadBalancer.AccessLogsExpirationDays} days)");
        }

        if (settings.LoadBalancer.WafWebAclArn is not null)
        {
            notPriced.Add("the WAF web ACL (billed where it is defined)");
        }

        if (settings.LoadBalancer.Domain?.HostedZoneId is not null)
        {
            notPriced.Add("the Route 53 hosted zone itself (created outside the stack)");
        }

        if (cluster.LogKmsKeyArn is not null)
        {
            notPriced.Add("KMS requests for log encryption");
        }

        return new CostInputs(
            settings.Region,
            cluster.Instance.Name,
            cluster.DesiredCapacity,
            cluster.MaxSize,
            network.NatGateways == NatGatewayMode.OnePerAz ? network.AvailabilityZoneCount : 1,
            subnets.Public.Count,
            cluster.RootVolume.SizeGiB,
            Enum.Parse<VolumeType>(cluster.RootVolume.VolumeType, ignoreCase: true),
            cluster.LogRetentionDays)
        {
            NotPriced = [.. notPriced, "SNS alarm notifications (email: the first 1,000 a month are free)", "KMS requests for the alarm topic"],
            InstanceTypes = settings.Cluster.InstanceTypes,
            Purchase = settings.Cluster.Purchase,
            AlarmMetrics = AlarmPlan.For(settings).Sum(a => a.MetricsEvaluated),
            Dashboards = 1,
            KmsKeys = settings.Observability.TopicKmsKeyArn is null ? 1 : 0,
            HostedZoneRecords = settings.LoadBalancer.Domain?.HostedZoneId is not null,
        };
    }
}
