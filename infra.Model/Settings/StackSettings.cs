using System.Net;

namespace Infra.Model.Settings;

/// <summary>The environments this stack knows; each has its defaults in <see cref="EnvironmentDefaults"/>.</summary>
public enum EnvironmentKind
{
    Dev,
    Prod,
}

/// <summary>How many NAT gateways carry the private subnets' egress.</summary>
public enum NatGatewayMode
{
    /// <summary>One NAT gateway for all AZs: cheaper, but an AZ outage cuts egress for the others.</summary>
    Single,

    /// <summary>One NAT gateway per AZ: egress survives the loss of an AZ.</summary>
    OnePerAz,
}

/// <summary>The whole, validated configuration of one stack. Built only by <see cref="SettingsLoader"/>.</summary>
public sealed record StackSettings(
    string Project,
    string Stack,
    EnvironmentKind Environment,
    string Region,
    IReadOnlyDictionary<string, string> Tags,
    NetworkSettings Network,
    LoadBalancerSettings LoadBalancer,
    ClusterSettings Cluster,
    LoggingSettings Logging,
    IReadOnlyList<ServiceSettings> Services,
    ServiceDiscoveryMode ServiceDiscovery = ServiceDiscoveryMode.ServiceConnect)
{
    public bool IsProd => Environment == EnvironmentKind.Prod;

    /// <summary>Alarm thresholds, where alarms go, the topic's key.</summary>
    public ObservabilitySettings Observability { get; init; } = ObservabilitySettings.For(Environment);
}

/// <summary>How services address each other (<c>serviceUrlEnvironment</c>).</summary>
public enum ServiceDiscoveryMode
{
    /// <summary>ECS Service Connect in the stack's Cloud Map namespace: plain HTTP inside the VPC, proxy to proxy.</summary>
    ServiceConnect,

    /// <summary>The load balancer's public URL: leaves through NAT and comes back in.</summary>
    LoadBalancer,
}

/// <summary>
/// The load balancer's own name. <see cref="HostedZoneId"/> set: the stack writes the alias record and, without a
/// certificate ARN, requests and DNS-validates a certificate there. <see cref="HostedZoneName"/> only checks that the
/// name is inside the zone.
/// </summary>
public sealed record DomainSettings(string Name, string? HostedZoneId, string? HostedZoneName)
{
    /// <summary>The stack requests the certificate itself: HTTPS on, no ARN given, and a zone to validate it in.</summary>
    public bool RequestsCertificate(LoadBalancerSettings loadBalancer) =>
        loadBalancer.HttpsEnabled && loadBalancer.CertificateArn is null && HostedZoneId is not null;
}

public sealed record NetworkSettings(
    IPNetwork VpcCidr,
    int AvailabilityZoneCount,
    int SubnetPrefixLength,
    IReadOnlyList<IPNetwork>? PublicSubnetCidrs,
    IReadOnlyList<IPNetwork>? PrivateSubnetCidrs,
    NatGatewayMode NatGateways,
    IReadOnlyList<IPNetwork> AllowedIngressCidrs,
    IReadOnlyList<string>? AvailabilityZones);

public sealed record LoadBalancerSettings(
    bool HttpsEnabled,
    string? CertificateArn,
    string SslPolicy,
    int IdleTimeoutSeconds,
    bool DeletionProtection,
    bool AccessLogsEnabled,
    int AccessLogsExpirationDays,
    string? WafWebAclArn,
    string DesyncMitigationMode,
    DomainSettings? Domain = null);

public sealed record ClusterSettings(
    string InstanceType,
    int MinSize,
    int MaxSize,
    int DesiredCapacity,
    int RootVolumeSizeGiB,
    bool DetailedMonitoring,
    int InstanceRefreshMinHealthyPercent,
    int TargetCapacityPercent,
    int HealthCheckGracePeriodSeconds,
    string ContainerInsights)
{
    /// <summary>Every type the hosts may use, first preferred; <see cref="InstanceType"/> is the first.</summary>
    public IReadOnlyList<string> InstanceTypes { get; init; } = [InstanceType];

    /// <summary>How hosts are bought: on-demand base, on-demand share above it, Spot pool strategy.</summary>
    public PurchaseOptions Purchase { get; init; } = PurchaseOptions.OnDemandOnly;

    /// <summary>The pinned AMI, or null: the public SSM parameter's current AMI at every run.</summary>
    public string? AmiId { get; init; }
}

/// <summary>
/// The Auto Scaling group's instances distribution. <see cref="OnDemandPercentageAboveBase"/> 100 buys no Spot
/// (the reference's behaviour); below 100 the rest of the hosts above <see cref="OnDemandBaseCapacity"/> are Spot.
/// </summary>
public sealed record PurchaseOptions(int OnDemandBaseCapacity, int OnDemandPercentageAboveBase, string SpotAllocationStrategy)
{
    public const string DefaultSpotAllocationStrategy = "price-capacity-optimized";

    public static readonly PurchaseOptions OnDemandOnly = new(0, 100, DefaultSpotAllocationStrategy);

    public bool UsesSpot => OnDemandPercentageAboveBase < 100;

    /// <summary>
    /// On-demand and Spot hosts among <paramref name="hosts"/>: the base first, then the on-demand share of the rest,
    /// rounded up in favour of on-demand as Auto Scaling does.
    /// </summary>
    public (int OnDemand, int Spot) Split(int hosts)
    {
        var baseHosts = Math.Min(hosts, OnDemandBaseCapacity);
        var above = hosts - baseHosts;
        var onDemandAbove = (int)Math.Ceiling(above * OnDemandPercentageAboveBase / 100m);
        return (baseHosts + onDemandAbove, above - onDemandAbove);
    }
}

public sealed record LoggingSettings(int RetentionDays, string? KmsKeyArn);

public sealed record HealthCheckSettings(
    string Path,
    string Matcher,
    int IntervalSeconds,
    int TimeoutSeconds,
    int HealthyThreshold,
    int UnhealthyThreshold);

/// <summary>Target tracking: CPU always, ALB requests per target when set.</summary>
public sealed record ScalingSettings(
    int CpuTargetPercent,
    int? RequestsPerTarget,
    int ScaleInCooldownSeconds,
    int ScaleOutCooldownSeconds);

/// <summary>A container health check run by the ECS agent (in addition to the ALB's).</summary>
public sealed record ContainerHealthCheckSettings(
    IReadOnlyList<string> Command,
    int IntervalSeconds,
    int TimeoutSeconds,
    int Retries,
    int StartPeriodSeconds);

public sealed record ServiceSettings(
    string Name,
    string Image,
    int ContainerPort,
    string PathPattern,
    int? Priority,
    HealthCheckSettings HealthCheck,
    int Cpu,
    int Memory,
    int? MemoryReservation,
    int DesiredCount,
    int MinCount,
    int MaxCount,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, ServiceUrlReference> ServiceUrlEnvironment,
    IReadOnlyDictionary<string, string> Secrets,
    bool ReadonlyRootFilesystem,
    ScalingSettings Scaling,
    int MinimumHealthyPercent,
    int MaximumPercent,
    int DeregistrationDelaySeconds,
    int? SlowStartSeconds,
    int HealthCheckGracePeriodSeconds,
    int StopTimeoutSeconds,
    ContainerHealthCheckSettings? ContainerHealthCheck,
    bool? WaitForSteadyState)
{
    /// <summary>How ECS replaces the service's tasks (rolling in dev, canary in prod unless configured).</summary>
    public DeploymentSettings Deployment { get; init; } = DeploymentSettings.Rolling;
}
