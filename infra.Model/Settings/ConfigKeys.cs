namespace Infra.Model.Settings;

/// <summary>The type of a configuration key, as Pulumi.yaml's project-level <c>config:</c> block names it.</summary>
public enum ConfigType
{
    String,
    Integer,
    Boolean,
    Array,
}

/// <summary>
/// One key of the project namespace. <see cref="ProjectDefault"/> is what Pulumi.yaml declares, for
/// environment-independent keys only: Pulumi writes a declared default into every stack, which would hide the
/// environment's own. Keys whose default depends on the environment take it from <see cref="EnvironmentDefaults"/>
/// and, like the structured <c>services</c> list (Pulumi.yaml has no object type), are not declared there.
/// </summary>
public sealed record ConfigKey(string Name, ConfigType Type, string Description, string? ProjectDefault = null, string? EnvironmentDefault = null)
{
    /// <summary>Declared in Pulumi.yaml's <c>config:</c> block (the required <c>environment</c> and every key with a project default).</summary>
    public bool DeclaredInProject => ProjectDefault is not null || Name == ConfigKeys.Environment;
}

/// <summary>Every key this project reads. A key in the project namespace that is not here is a typo and an error.</summary>
public static class ConfigKeys
{
    public const string Project = "ecs-refarch";
    public const string Region = "aws:region";
    public const string DefaultTags = "aws:defaultTags";

    public const string Environment = "environment";
    public const string VpcCidr = "vpcCidr";
    public const string AvailabilityZoneCount = "availabilityZoneCount";
    public const string AvailabilityZones = "availabilityZones";
    public const string SubnetPrefixLength = "subnetPrefixLength";
    public const string PublicSubnetCidrs = "publicSubnetCidrs";
    public const string PrivateSubnetCidrs = "privateSubnetCidrs";
    public const string NatGateways = "natGateways";
    public const string AllowedIngressCidrs = "allowedIngressCidrs";
    public const string HttpsEnabled = "httpsEnabled";
    public const string CertificateArn = "certificateArn";
    public const string SslPolicy = "sslPolicy";
    public const string IdleTimeoutSeconds = "idleTimeoutSeconds";
    public const string DeletionProtection = "deletionProtection";
    public const string AccessLogsEnabled = "accessLogsEnabled";
    public const string AccessLogsExpirationDays = "accessLogsExpirationDays";
    public const string WafWebAclArn = "wafWebAclArn";
    public const string DesyncMitigationMode = "desyncMitigationMode";
    public const string InstanceType = "instanceType";
    public const string MinSize = "minSize";
    public const string MaxSize = "maxSize";
    public const string DesiredCapacity = "desiredCapacity";
    public const string RootVolumeSizeGiB = "rootVolumeSizeGiB";
    public const string DetailedMonitoring = "detailedMonitoring";
    public const string InstanceRefreshMinHealthyPercent = "instanceRefreshMinHealthyPercent";
    public const string TargetCapacityPercent = "targetCapacityPercent";
    public const string InstanceHealthCheckGracePeriodSeconds = "instanceHealthCheckGracePeriodSeconds";
    public const string ContainerInsights = "containerInsights";
    public const string LogRetentionDays = "logRetentionDays";
    public const string LogKmsKeyArn = "logKmsKeyArn";
    public const string Services = "services";
    public const string WaitForSteadyState = "waitForSteadyState";
    public const string InstanceTypes = "instanceTypes";
    public const string OnDemandBaseCapacity = "onDemandBaseCapacity";
    public const string OnDemandPercentageAboveBase = "onDemandPercentageAboveBase";
    public const string SpotAllocationStrategy = "spotAllocationStrategy";
    public const string AmiId = "amiId";
    public const string AlarmEmails = "alarmEmails";
    public const string AlarmTopicKmsKeyArn = "alarmTopicKmsKeyArn";
    public const string AlarmLoadBalancer5xxPerMinute = "alarmLoadBalancer5xxPerMinute";
    public const string AlarmTarget5xxPercent = "alarmTarget5xxPercent";
    public const string AlarmResponseTimeP99Ms = "alarmResponseTimeP99Ms";
    public const string AlarmUnhealthyHostMinutes = "alarmUnhealthyHostMinutes";
    public const string AlarmServiceCpuPercent = "alarmServiceCpuPercent";
    public const string AlarmServiceMemoryPercent = "alarmServiceMemoryPercent";
    public const string AlarmClusterCpuReservationPercent = "alarmClusterCpuReservationPercent";
    public const string AlarmClusterMemoryReservationPercent = "alarmClusterMemoryReservationPercent";
    public const string DomainName = "domainName";
    public const string HostedZoneId = "hostedZoneId";
    public const string HostedZoneName = "hostedZoneName";
    public const string ServiceDiscovery = "serviceDiscovery";

    public const string DefaultSslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    /// <summary>CloudWatch Logs accepts only these retention periods.</summary>
    public static readonly IReadOnlyList<int> AllowedRetentionDays =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    public static readonly IReadOnlyList<ConfigKey> All =
    [
        new(Environment, ConfigType.String, "Which environment's defaults apply: dev or prod."),
        new(VpcCidr, ConfigType.String, "IPv4 CIDR of the VPC, /16 to /28.", "10.180.0.0/16"),
        new(AvailabilityZoneCount, ConfigType.Integer, "How many AZs to spread subnets, NAT and hosts over (2 or more).", EnvironmentDefault: "dev 2, prod 3"),
        new(AvailabilityZones, ConfigType.Array, "Explicit AZ names; empty: the region's first availabilityZoneCount zones.", "[]"),
        new(SubnetPrefixLength, ConfigType.Integer, "Prefix length of each planned subnet.", "21"),
        new(PublicSubnetCidrs, ConfigType.Array, "Explicit public subnet CIDRs, one per AZ; empty: planned from vpcCidr.", "[]"),
        new(PrivateSubnetCidrs, ConfigType.Array, "Explicit private subnet CIDRs, one per AZ; empty: planned from vpcCidr.", "[]"),
        new(NatGateways, ConfigType.String, "NAT gateways: single or onePerAz.", EnvironmentDefault: "dev single, prod onePerAz"),
        new(AllowedIngressCidrs, ConfigType.Array, "CIDRs allowed to reach the load balancer on 80/443.", """["0.0.0.0/0"]"""),
        new(HttpsEnabled, ConfigType.Boolean, "Serve HTTPS on 443 and redirect HTTP to it (needs certificateArn).", EnvironmentDefault: "dev false, prod true"),
        new(CertificateArn, ConfigType.String, "ACM certificate ARN for the HTTPS listener, in the stack's region.", ""),
        new(SslPolicy, ConfigType.String, "TLS policy of the HTTPS listener.", DefaultSslPolicy),
        new(IdleTimeoutSeconds, ConfigType.Integer, "Load balancer idle timeout, 1 to 4000 seconds.", "60"),
        new(DeletionProtection, ConfigType.Boolean, "Protect the load balancer from deletion.", EnvironmentDefault: "dev false, prod true"),
        new(AccessLogsEnabled, ConfigType.Boolean, "Write load balancer access logs to an S3 bucket the stack owns.", EnvironmentDefault: "dev false, prod true"),
        new(AccessLogsExpirationDays, ConfigType.Integer, "Days access logs are kept, 1 to 3650.", "90"),
        new(WafWebAclArn, ConfigType.String, "WAFv2 web ACL ARN to associate with the load balancer; empty: none.", ""),
        new(DesyncMitigationMode, ConfigType.String, "HTTP desync mitigation: defensive or strictest.", "defensive"),
        new(InstanceType, ConfigType.String, "EC2 instance type of the cluster hosts (family.size).", EnvironmentDefault: "dev t3.small, prod t3.large"),
        new(MinSize, ConfigType.Integer, "Minimum number of hosts.", EnvironmentDefault: "dev 2, prod 3"),
        new(MaxSize, ConfigType.Integer, "Maximum number of hosts.", EnvironmentDefault: "dev 4, prod 9"),
        new(DesiredCapacity, ConfigType.Integer, "Hosts at creation; the capacity provider owns it afterwards.", EnvironmentDefault: "dev 2, prod 3"),
        new(RootVolumeSizeGiB, ConfigType.Integer, "Encrypted gp3 root volume size, 30 GiB (the AMI's snapshot) to 16384.", "30"),
        new(DetailedMonitoring, ConfigType.Boolean, "One-minute EC2 metrics.", EnvironmentDefault: "dev false, prod true"),
        new(InstanceRefreshMinHealthyPercent, ConfigType.Integer, "Healthy share of hosts kept during an instance refresh, 0 to 100.", EnvironmentDefault: "dev 50, prod 100"),
        new(TargetCapacityPercent, ConfigType.Integer, "Capacity provider managed-scaling target utilisation, 1 to 100.", "100"),
        new(InstanceHealthCheckGracePeriodSeconds, ConfigType.Integer, "Auto Scaling health-check grace period for new hosts, 0 to 7200.", "300"),
        new(ContainerInsights, ConfigType.String, "Container Insights: enabled or enhanced.", "enabled"),
        new(LogRetentionDays, ConfigType.Integer, "Retention of every log group the stack owns (a CloudWatch Logs period).", EnvironmentDefault: "dev 14, prod 365"),
        new(LogKmsKeyArn, ConfigType.String, "KMS key ARN to encrypt log groups with; empty: CloudWatch Logs' own encryption.", ""),
        new(Services, ConfigType.Array, "The services behind the load balancer (objects); default: the reference's product and website services."),
        new(WaitForSteadyState, ConfigType.Boolean, "Make pulumi up wait until each service's deployment reaches steady state and fail if it does not; a service's own waitForSteadyState overrides it.", "false"),
        new(InstanceTypes, ConfigType.Array, "Host instance types, first preferred and equal to instanceType; empty: instanceType alone.", "[]"),
        new(OnDemandBaseCapacity, ConfigType.Integer, "Hosts that are always on-demand before any Spot share applies.", EnvironmentDefault: "dev 0, prod 3"),
        new(OnDemandPercentageAboveBase, ConfigType.Integer, "On-demand share of hosts above the base, 0 to 100 (100: no Spot).", EnvironmentDefault: "dev 100, prod 100"),
        new(SpotAllocationStrategy, ConfigType.String, "Spot pool choice: price-capacity-optimized, capacity-optimized, capacity-optimized-prioritized, lowest-price.", "price-capacity-optimized"),
        new(AmiId, ConfigType.String, "Pinned ECS-optimized AMI id (ami-...); empty: the SSM parameter's current AMI at every run.", ""),
        new(AlarmEmails, ConfigType.Array, "Email addresses subscribed to the alarm topic; each must confirm the subscription AWS mails it.", "[]"),
        new(AlarmTopicKmsKeyArn, ConfigType.String, "Customer managed KMS key for the alarm topic, usable by cloudwatch.amazonaws.com; empty: the stack creates one.", ""),
        new(AlarmLoadBalancer5xxPerMinute, ConfigType.Integer, "Alarm when the load balancer itself answers more 5XX per minute than this.", EnvironmentDefault: "dev 50, prod 10"),
        new(AlarmTarget5xxPercent, ConfigType.Integer, "Alarm (and roll a deployment back) when more than this % of a target group's requests get a 5XX from the tasks, 1 to 100.", EnvironmentDefault: "dev 10, prod 5"),
        new(AlarmResponseTimeP99Ms, ConfigType.Integer, "Alarm when a target group's p99 response time exceeds this many milliseconds.", EnvironmentDefault: "dev 3000, prod 1000"),
        new(AlarmUnhealthyHostMinutes, ConfigType.Integer, "Alarm (and roll a deployment back) when a target is unhealthy this many minutes in a row, 1 to 60.", EnvironmentDefault: "dev 5, prod 3"),
        new(AlarmServiceCpuPercent, ConfigType.Integer, "Alarm when a service's average CPU stays above this % for 15 minutes.", EnvironmentDefault: "dev 90, prod 80"),
        new(AlarmServiceMemoryPercent, ConfigType.Integer, "Alarm when a service's average memory stays above this % for 15 minutes.", EnvironmentDefault: "dev 90, prod 80"),
        new(AlarmClusterCpuReservationPercent, ConfigType.Integer, "Alarm when tasks reserve more than this % of the hosts' CPU for 15 minutes.", EnvironmentDefault: "dev 90, prod 85"),
        new(AlarmClusterMemoryReservationPercent, ConfigType.Integer, "Alarm when tasks reserve more than this % of the hosts' memory for 15 minutes.", EnvironmentDefault: "dev 90, prod 85"),
        new(DomainName, ConfigType.String, "The load balancer's own name (e.g. shop.example.com); empty: its AWS DNS name.", ""),
        new(HostedZoneId, ConfigType.String, "Route 53 public hosted zone of domainName: the stack adds the alias record and, without certificateArn, validates a certificate there.", ""),
        new(HostedZoneName, ConfigType.String, "The hosted zone's domain, to check that domainName is inside it; empty: not checked.", ""),
        new(ServiceDiscovery, ConfigType.String, "How services reach each other: serviceConnect (inside the VPC) or loadBalancer (its public URL).", "serviceConnect"),
    ];

    public static string Full(string key) => $"{Project}:{key}";

    /// <summary>The full key of the services list's entry at <paramref name="index"/>, or of one of its fields (<c>ecs-refarch:services[1].memory</c>).</summary>
    public static string ServiceKey(int index, string? field = null) =>
        field is null ? $"{Full(Services)}[{index}]" : $"{Full(Services)}[{index}].{field}";
}
