using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Model.Compute;
using Infra.Model.Naming;
using Infra.Model.Network;
using Infra.Model.Routing;

namespace Infra.Model.Settings;

/// <summary>
/// Turns the raw configuration (key → string, JSON text for structured values, as Pulumi hands it to a
/// program) into <see cref="StackSettings"/>, validating the whole of it and reporting every problem at once.
/// The program and every test go through here.
/// </summary>
public static partial class SettingsLoader
{
    [GeneratedRegex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d$")]
    private static partial Regex RegionShape();

    [GeneratedRegex("^arn:(?<partition>aws[a-z-]*):acm:(?<region>[a-z0-9-]+):(?<account>\\d{12}):certificate/[A-Za-z0-9-]+$")]
    private static partial Regex CertificateArnShape();

    [GeneratedRegex("^arn:aws[a-z-]*:wafv2:(?<region>[a-z0-9-]+):\\d{12}:regional/webacl/[A-Za-z0-9_-]+/[A-Za-z0-9-]+$")]
    private static partial Regex WebAclArnShape();

    [GeneratedRegex("^arn:aws[a-z-]*:kms:(?<region>[a-z0-9-]+):\\d{12}:key/[A-Za-z0-9-]+$")]
    private static partial Regex KmsKeyArnShape();

    [GeneratedRegex("^ELBSecurityPolicy-[A-Za-z0-9-]+$")]
    private static partial Regex SslPolicyShape();

    /// <summary>One DNS label as a host name may have it (RFC 1123): letters, digits and inner hyphens, 1 to 63.</summary>
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^Z[A-Z0-9]{1,31}$")]
    private static partial Regex HostedZoneIdShape();

    public static readonly IReadOnlyList<string> RequiredTags = ["project", "stack", "owner"];

    /// <summary>The keys the subnet plan is computed from.</summary>
    private static readonly string[] NetworkKeys =
    [
        ConfigKeys.VpcCidr, ConfigKeys.AvailabilityZoneCount, ConfigKeys.AvailabilityZones, ConfigKeys.SubnetPrefixLength,
        ConfigKeys.PublicSubnetCidrs, ConfigKeys.PrivateSubnetCidrs,
    ];

    /// <summary>Loads and validates; throws <see cref="SettingsValidationException"/> listing every problem.</summary>
    public static StackSettings Load(
        IReadOnlyDictionary<string, string> raw, string stack, IReadOnlyList<string>? regionZones = null, string? accountId = null)
    {
        var (settings, errors) = TryLoad(raw, stack, regionZones, accountId);
        return errors.Count == 0 && settings is not null ? settings : throw new SettingsValidationException(errors);
    }

    /// <summary>
    /// Loads and validates. <paramref name="regionZones"/> are the AZs the region offers, where known (the
    /// program asks AWS before it creates anything); without them the zone count is checked against the plan only.
    /// <paramref name="accountId"/> is the account the stack deploys into, where known (the program asks AWS for the
    /// caller's identity first): ARNs of resources the stack uses but does not own must belong to it.
    /// </summary>
    public static (StackSettings? Settings, IReadOnlyList<ConfigError> Errors) TryLoad(
        IReadOnlyDictionary<string, string> raw, string stack, IReadOnlyList<string>? regionZones = null, string? accountId = null)
    {
        var errors = new List<ConfigError>();
        var r = new ConfigReader(raw, errors);
        var k = ConfigKeys.Full;

        RejectUnknownKeys(raw, r);

        var environmentKey = k(ConfigKeys.Environment);
        var environment = r.Raw(environmentKey) switch
        {
            "dev" => EnvironmentKind.Dev,
            "prod" => EnvironmentKind.Prod,
            var other => Fail(r, environmentKey, other, other is null ? "missing" : "not a known environment", "dev, prod"),
        };
        var d = EnvironmentDefaults.For(environment);

        var region = r.String(ConfigKeys.Region);
        if (region is null || !RegionShape().IsMatch(region))
        {
            r.Fail(ConfigKeys.Region, region, region is null ? "missing" : "not an AWS region name", "a region such as us-east-1 or eu-west-1");
        }
        else if (!AwsRegions.IsKnown(region))
        {
            r.Fail(ConfigKeys.Region, region, $"not a Region AWS offers ({AwsRegions.Source}; add a newer one to AwsRegions.cs)", string.Join(", ", AwsRegions.All));
            region = null;
        }

        var tags = ReadTags(r, stack);
        CheckStackName(r, stack);

        var network = ReadNetwork(r, d, regionZones, region);
        var loadBalancer = ReadLoadBalancer(r, d, region, accountId);
        var discovery = r.Choice(k(ConfigKeys.ServiceDiscovery), ServiceDiscoveryMode.ServiceConnect, new Dictionary<string, ServiceDiscoveryMode>
        {
            ["serviceConnect"] = ServiceDiscoveryMode.ServiceConnect,
            ["loadBalancer"] = ServiceDiscoveryMode.LoadBalancer,
        });
        CheckLoadBalancerDiscovery(r, discovery, loadBalancer);
        var cluster = ReadCluster(r, d, environment, network.AvailabilityZoneCount);
        cluster = ReadFleet(r, cluster, environment, network.AvailabilityZoneCount);
        var logging = ReadLogging(r, d, region);
        var read = ServiceSettingsReader.Read(r, environment);
        var observability = ObservabilitySettingsReader.Read(r, environment, region);

        // The stack's waitForSteadyState applies to every service that does not set its own.
        var waitForSteadyState = r.Bool(k(ConfigKeys.WaitForSteadyState), false);
        var services = read.Select(x => x.Service with { WaitForSteadyState = x.Service.WaitForSteadyState ?? waitForSteadyState }).ToList();
        CheckServices(r, read, cluster, stack, discovery == ServiceDiscoveryMode.ServiceConnect);
        CheckServiceUrls(r, read, loadBalancer, discovery);

        // The subnet plan builds on the network keys alone: check it whenever those are valid, so its problems are
        // reported together with the rest, not after they are fixed.
        if (!errors.Any(e => NetworkKeys.Any(network => e.Key.StartsWith(ConfigKeys.Full(network), StringComparison.Ordinal))))
        {
            errors.AddRange(SubnetPlan.Validate(network));
        }

        var candidate = errors.Count > 0
            ? null
            : new StackSettings(ConfigKeys.Project, stack, environment, region!, tags, network, loadBalancer, cluster, logging, services, discovery) { Observability = observability };
        CheckFleetHoldsTasks(r, cluster, read, candidate);
        if (errors.Count == 0 && candidate is not null)
        {
            // The placement check builds on every other setting: it runs once they are valid.
            CheckZoneLoss(r, candidate);
        }

        return errors.Count > 0 ? (null, errors) : (candidate, errors);
    }

    /// <summary>The certificate ARN this stack can use, as specific as what is known: partition, region, account.</summary>
    private static string CertificateArnWanted(string? region, string? accountId) =>
        $"arn:{(region is null ? "aws" : AwsRegions.Partition(region))}:acm:{region ?? "<region>"}:{accountId ?? "<your account id>"}:certificate/<certificate id>";

    /// <summary>Optional lists are declared with an empty default in Pulumi.yaml: empty means "not set".</summary>
    private static IReadOnlyList<T>? NullIfEmpty<T>(IReadOnlyList<T>? list) => list is { Count: > 0 } ? list : null;

    private static EnvironmentKind Fail(ConfigReader r, string key, string? value, string problem, string allowed)
    {
        r.Fail(key, value, problem, allowed);
        return EnvironmentKind.Dev;
    }

    private static void RejectUnknownKeys(IReadOnlyDictionary<string, string> raw, ConfigReader r)
    {
        var prefix = ConfigKeys.Project + ":";
        var known = ConfigKeys.All.Select(c => c.Name).ToList();
        foreach (var key in raw.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = key[prefix.Length..];
            if (known.Contains(name))
            {
                continue;
            }

            var suggestion = Suggest.Closest(name, known);
            r.Fail(key, raw[key], suggestion is null ? "unknown key" : $"unknown key (did you mean '{prefix}{suggestion}'?)", "the keys declared in Pulumi.yaml");
        }
    }

    /// <summary>
    /// Tags come from the provider's default tags in the stack file, so every resource carries them (G3);
    /// project and stack are filled in, owner must be given.
    /// </summary>
    private static IReadOnlyDictionary<string, string> ReadTags(ConfigReader r, string stack)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var raw = r.Raw(ConfigKeys.DefaultTags);
        if (raw is not null && r.ParseJson(ConfigKeys.DefaultTags, raw) is { } json)
        {
            if (json.ValueKind == JsonValueKind.Object
                && json.TryGetProperty("tags", out var map)
                && map.ValueKind == JsonValueKind.Object
                && map.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String))
            {
                foreach (var property in map.EnumerateObject())
                {
                    tags[property.Name] = property.Value.GetString()!;
                }
            }
            else
            {
                r.Fail(ConfigKeys.DefaultTags, raw, "not a map with a 'tags' map of strings", "aws:defaultTags: { tags: { owner: <team>, ... } }");
            }
        }

        foreach (var (tag, expected) in new[] { ("project", ConfigKeys.Project), ("stack", stack) })
        {
            if (tags.TryGetValue(tag, out var given) && given != expected)
            {
                r.Fail($"{ConfigKeys.DefaultTags}.tags.{tag}", given, $"does not match this {tag}", expected);
            }

            tags[tag] = expected;
        }

        if (!tags.TryGetValue("owner", out var owner) || string.IsNullOrWhiteSpace(owner))
        {
            r.Fail($"{ConfigKeys.DefaultTags}.tags.owner", null, "missing: every resource must say who owns it", "the owning team's name");
        }

        return tags;
    }

    /// <summary>The stack name reaches AWS names (the ALB's), so it must fit them.</summary>
    private static void CheckStackName(ConfigReader r, string stack)
    {
        if (ResourceNames.ElbNameProblem(ResourceNames.LoadBalancer(stack), ResourceNames.LoadBalancerNameLimit) is { } problem)
        {
            r.Fail("stack name", stack, $"names the load balancer, and {problem}", $"letters, digits and inner hyphens, at most {ResourceNames.LoadBalancerNameLimit - ResourceNames.AutoNameSuffixLength - ResourceNames.LoadBalancer(string.Empty).Length} characters, not starting with 'internal-'");
        }

        foreach (var role in new[] { ResourceNames.InstanceRole(stack), ResourceNames.ExecutionRole(stack), ResourceNames.FlowLogsRole(stack) })
        {
            if (ResourceNames.IamRoleNameProblem(role) is { } roleProblem)
            {
                r.Fail("stack name", stack, $"names IAM roles, and {roleProblem}", "a shorter stack name");
            }
        }
    }

    private static NetworkSettings ReadNetwork(ConfigReader r, EnvironmentDefaults d, IReadOnlyList<string>? regionZones, string? region)
    {
        var k = ConfigKeys.Full;
        var vpcRaw = r.String(k(ConfigKeys.VpcCidr)) ?? "10.180.0.0/16";
        var vpc = r.Cidr(k(ConfigKeys.VpcCidr), vpcRaw) ?? System.Net.IPNetwork.Parse("10.180.0.0/16");
        if (vpc.PrefixLength is < SubnetPlan.MinPrefix or > SubnetPlan.MaxPrefix && r.Errors.All(e => e.Key != k(ConfigKeys.VpcCidr)))
        {
            r.Fail(k(ConfigKeys.VpcCidr), vpcRaw, $"VPC prefix /{vpc.PrefixLength} is not one AWS allows", $"a prefix from /{SubnetPlan.MinPrefix} to /{SubnetPlan.MaxPrefix}");
            vpc = System.Net.IPNetwork.Parse("10.180.0.0/16");
        }

        var zones = NullIfEmpty(r.StringArray(k(ConfigKeys.AvailabilityZones)));
        var zoneCount = r.Int(k(ConfigKeys.AvailabilityZoneCount), zones?.Count ?? d.AvailabilityZoneCount, 2, 16);
        if (zones is not null && zones.Count != zoneCount)
        {
            r.Fail(k(ConfigKeys.AvailabilityZones), string.Join(",", zones), $"{zones.Count} zones named for availabilityZoneCount {zoneCount}", $"exactly {zoneCount} zone names");
        }
        else if (zones is not null && zones.Count < 2)
        {
            // The count follows the list when it is not set itself, so the list must meet the count's minimum.
            r.Fail(k(ConfigKeys.AvailabilityZones), string.Join(",", zones), "one AZ: the load balancer and the hosts need two", "at least 2 zone names");
        }

        foreach (var zone in (zones ?? []).GroupBy(z => z, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            r.Fail(k(ConfigKeys.AvailabilityZones), zone, "named more than once: both subnets of that AZ would share it", "distinct zone names, one per AZ");
        }

        // Offline too: an AZ's name starts with its region's, so a zone of another region is known wrong without asking AWS.
        foreach (var zone in (zones ?? []).Where(z => region is not null && AwsRegions.RegionOfZone(z) != region))
        {
            r.Fail(k(ConfigKeys.AvailabilityZones), zone, AwsRegions.RegionOfZone(zone) is { } other ? $"an AZ of {other}, not of the stack's region {region}" : "not an AZ name", $"AZ names of {region}, e.g. {region}a, {region}b");
        }

        if (regionZones is not null)
        {
            if (zoneCount > regionZones.Count)
            {
                r.Fail(k(ConfigKeys.AvailabilityZoneCount), zoneCount.ToString(CultureInfo.InvariantCulture), $"the region offers {regionZones.Count} AZs ({string.Join(", ", regionZones)})", $"from 2 to {regionZones.Count}");
            }

            foreach (var zone in (zones ?? []).Where(z => !regionZones.Contains(z) && (region is null || AwsRegions.RegionOfZone(z) == region)))
            {
                r.Fail(k(ConfigKeys.AvailabilityZones), zone, "not an AZ of the region", string.Join(", ", regionZones));
            }
        }

        var natGateways = r.Choice(k(ConfigKeys.NatGateways), d.NatGateways, new Dictionary<string, NatGatewayMode>
        {
            ["single"] = NatGatewayMode.Single,
            ["onePerAz"] = NatGatewayMode.OnePerAz,
        });

        var ingress = r.CidrArray(k(ConfigKeys.AllowedIngressCidrs)) ?? [System.Net.IPNetwork.Parse("0.0.0.0/0")];
        if (ingress.Count == 0)
        {
            r.Fail(k(ConfigKeys.AllowedIngressCidrs), "[]", "nobody could reach the load balancer", "at least one CIDR, e.g. 0.0.0.0/0");
        }

        return new NetworkSettings(
            vpc,
            zoneCount,
            r.Int(k(ConfigKeys.SubnetPrefixLength), 21, SubnetPlan.MinPrefix, SubnetPlan.MaxPrefix),
            NullIfEmpty(r.CidrArray(k(ConfigKeys.PublicSubnetCidrs))),
            NullIfEmpty(r.CidrArray(k(ConfigKeys.PrivateSubnetCidrs))),
            natGateways,
            ingress,
            zones);
    }

    private static LoadBalancerSettings ReadLoadBalancer(ConfigReader r, EnvironmentDefaults d, string? region, string? accountId)
    {
        var k = ConfigKeys.Full;
        var https = r.Bool(k(ConfigKeys.HttpsEnabled), d.HttpsEnabled);
        var certificate = r.String(k(ConfigKeys.CertificateArn));
        var wanted = CertificateArnWanted(region, accountId);
        var domain = ReadDomain(r);

        // A given certificate wins over one the stack could request in the zone; without either HTTPS cannot start.
        if (https && certificate is null && domain?.HostedZoneId is null)
        {
            r.Fail(k(ConfigKeys.CertificateArn), null, "HTTPS is enabled but no certificate is given and no hosted zone to validate one in", $"an ACM certificate ARN of this account and region, issued for the load balancer's host name: {wanted} (set it with: pulumi config set {k(ConfigKeys.CertificateArn)} <arn>), or {k(ConfigKeys.DomainName)} with {k(ConfigKeys.HostedZoneId)} (the stack requests and validates the certificate), or {k(ConfigKeys.HttpsEnabled)}: false");
        }
        else if (certificate is not null)
        {
            var match = CertificateArnShape().Match(certificate);
            if (!match.Success)
            {
                r.Fail(k(ConfigKeys.CertificateArn), certificate, "not an ACM certificate ARN", "arn:aws:acm:<region>:<account>:certificate/<id>");
            }
            else if (region is not null && match.Groups["region"].Value != region)
            {
                r.Fail(k(ConfigKeys.CertificateArn), certificate, $"a certificate of {match.Groups["region"].Value}; an ALB uses certificates of its own region", $"an ACM certificate ARN in {region}: {wanted}");
            }
            else if (region is not null && match.Groups["partition"].Value != AwsRegions.Partition(region))
            {
                r.Fail(k(ConfigKeys.CertificateArn), certificate, $"an ARN of partition {match.Groups["partition"].Value}, but {region} is in {AwsRegions.Partition(region)}", wanted);
            }
            else if (accountId is not null && match.Groups["account"].Value != accountId)
            {
                // CreateListener answers CertificateNotFound for another account's certificate, after the ALB exists.
                r.Fail(k(ConfigKeys.CertificateArn), certificate, $"a certificate of account {match.Groups["account"].Value}; the stack deploys into account {accountId}, and a listener can only use certificates of its own account", $"an issued ACM certificate of account {accountId}: {wanted} (set it with: pulumi config set {k(ConfigKeys.CertificateArn)} <arn>)");
            }
        }

        var sslPolicy = r.String(k(ConfigKeys.SslPolicy)) ?? ConfigKeys.DefaultSslPolicy;
        if (!SslPolicyShape().IsMatch(sslPolicy))
        {
            r.Fail(k(ConfigKeys.SslPolicy), sslPolicy, "not an ELB security policy name", $"an ELBSecurityPolicy-* name, e.g. {ConfigKeys.DefaultSslPolicy}");
        }

        var waf = r.String(k(ConfigKeys.WafWebAclArn));
        if (waf is not null)
        {
            var match = WebAclArnShape().Match(waf);
            if (!match.Success || (region is not null && match.Groups["region"].Value != region))
            {
                r.Fail(k(ConfigKeys.WafWebAclArn), waf, "not a regional WAFv2 web ACL ARN of the stack's region", $"arn:aws:wafv2:{region ?? "<region>"}:<account>:regional/webacl/<name>/<id>");
            }
        }

        return new LoadBalancerSettings(
            https,
            certificate,
            sslPolicy,
            r.Int(k(ConfigKeys.IdleTimeoutSeconds), 60, 1, 4000),
            r.Bool(k(ConfigKeys.DeletionProtection), d.DeletionProtection),
            r.Bool(k(ConfigKeys.AccessLogsEnabled), d.AccessLogsEnabled),
            r.Int(k(ConfigKeys.AccessLogsExpirationDays), 90, 1, 3650),
            waf,
            r.Choice(k(ConfigKeys.DesyncMitigationMode), "defensive", new Dictionary<string, string>
            {
                ["defensive"] = "defensive",
                ["strictest"] = "strictest",
            }),
            domain);
    }

    /// <summary>
    /// <c>domainName</c>, <c>hostedZoneId</c> and <c>hostedZoneName</c>: a host name (RFC 1123 labels, at most 253
    /// characters, lowercase, two labels or more), a Route 53 zone id, and the zone's own domain, which must end the
    /// name when given. A zone without a domain name has nothing to hold.
    /// </summary>
    private static DomainSettings? ReadDomain(ConfigReader r)
    {
        var k = ConfigKeys.Full;
        var name = r.String(k(ConfigKeys.DomainName))?.TrimEnd('.');
        var zoneId = r.String(k(ConfigKeys.HostedZoneId));
        var zoneName = r.String(k(ConfigKeys.HostedZoneName))?.TrimEnd('.');
        const string NameAllowed = "a lowercase host name such as shop.example.com: two or more labels of letters, digits and inner hyphens (1 to 63 each), at most 253 characters";

        if (name is not null && DomainNameProblem(name) is { } problem)
        {
            r.Fail(k(ConfigKeys.DomainName), name, problem, NameAllowed);
            name = null;
        }

        if (zoneId is not null && !HostedZoneIdShape().IsMatch(zoneId))
        {
            r.Fail(k(ConfigKeys.HostedZoneId), zoneId, "not a Route 53 hosted zone id", "the zone's id as Route 53 shows it, e.g. Z0123456789ABCDEFGHIJ (without /hostedzone/)");
        }

        if (zoneName is not null && DomainNameProblem(zoneName) is { } zoneProblem)
        {
            r.Fail(k(ConfigKeys.HostedZoneName), zoneName, zoneProblem, NameAllowed);
            zoneName = null;
        }

        if (name is null)
        {
            foreach (var (key, value) in new[] { (ConfigKeys.HostedZoneId, zoneId), (ConfigKeys.HostedZoneName, zoneName) }.Where(x => x.Item2 is not null))
            {
                if (r.Errors.All(e => e.Key != k(ConfigKeys.DomainName)))
                {
                    r.Fail(k(key), value, "set without domainName: there is no name to put in the zone", "domainName as well, or leave it empty");
                }
            }

            return null;
        }

        if (zoneName is not null && zoneId is null)
        {
            r.Fail(k(ConfigKeys.HostedZoneName), zoneName, "set without hostedZoneId: the name only checks the zone the stack writes to", "hostedZoneId as well, or leave it empty");
        }

        if (zoneName is not null && name != zoneName && !name.EndsWith("." + zoneName, StringComparison.Ordinal))
        {
            r.Fail(k(ConfigKeys.DomainName), name, $"not inside the hosted zone {zoneName}", $"{zoneName} or a name ending in .{zoneName}");
        }

        return new DomainSettings(name, zoneId, zoneName);
    }

    /// <summary>Why a name is not a usable host name for the load balancer, or null.</summary>
    public static string? DomainNameProblem(string name)
    {
        if (name.Length > 253)
        {
            return $"{name.Length} characters; DNS names have at most 253";
        }

        if (name.Any(char.IsUpper))
        {
            return "has uppercase letters (DNS is case-insensitive; certificates and records are written lowercase)";
        }

        var labels = name.Split('.');
        if (labels.Length < 2)
        {
            return "a single label; a public domain name has two or more";
        }

        return labels.FirstOrDefault(l => !DnsLabel().IsMatch(l)) is { } bad
            ? $"the label '{bad}' is not 1 to 63 letters, digits and inner hyphens"
            : null;
    }

    /// <summary>
    /// Services that call each other through the load balancer over HTTPS must be given a name its certificate
    /// covers: no certificate can be issued for the load balancer's own <c>*.elb.amazonaws.com</c> name.
    /// </summary>
    private static void CheckLoadBalancerDiscovery(ConfigReader r, ServiceDiscoveryMode discovery, LoadBalancerSettings loadBalancer)
    {
        if (discovery == ServiceDiscoveryMode.LoadBalancer && loadBalancer.HttpsEnabled && loadBalancer.Domain is null)
        {
            r.Fail(ConfigKeys.Full(ConfigKeys.ServiceDiscovery), "loadBalancer", "with HTTPS, service URLs through the load balancer would name it by its AWS DNS name, which no certificate covers", "domainName (a name the certificate covers) as well, or serviceDiscovery: serviceConnect");
        }
    }

    private static ClusterSettings ReadCluster(ConfigReader r, EnvironmentDefaults d, EnvironmentKind environment, int zoneCount)
    {
        var k = ConfigKeys.Full;
        var instanceType = r.String(k(ConfigKeys.InstanceType)) ?? d.InstanceType;
        if (!InstanceTypes.IsWellFormed(instanceType))
        {
            r.Fail(k(ConfigKeys.InstanceType), instanceType, "not an instance type", "family.size, e.g. t3.large");
        }
        else if (InstanceTypes.Find(instanceType) is null)
        {
            r.Fail(k(ConfigKeys.InstanceType), instanceType, "not an instance type this stack knows the size of", InstanceTypes.DescribeKnown());
        }

        var min = r.Int(k(ConfigKeys.MinSize), d.MinSize, 0, 1000);
        var max = r.Int(k(ConfigKeys.MaxSize), d.MaxSize, 1, 1000);
        var desired = r.Int(k(ConfigKeys.DesiredCapacity), d.DesiredCapacity, 0, 1000);
        if (min > max)
        {
            r.Fail(k(ConfigKeys.MinSize), min.ToString(CultureInfo.InvariantCulture), $"above maxSize ({max})", $"at most maxSize ({max})");
        }
        else if (desired < min || desired > max)
        {
            r.Fail(k(ConfigKeys.DesiredCapacity), desired.ToString(CultureInfo.InvariantCulture), $"outside [minSize, maxSize] = [{min}, {max}]", $"from {min} to {max}");
        }

        if (environment == EnvironmentKind.Prod && min < zoneCount)
        {
            r.Fail(k(ConfigKeys.MinSize), min.ToString(CultureInfo.InvariantCulture), $"fewer hosts than AZs ({zoneCount}) in prod leaves an AZ without capacity", $"at least {zoneCount} in prod");
        }

        return new ClusterSettings(
            instanceType,
            min,
            max,
            desired,
            r.Int(k(ConfigKeys.RootVolumeSizeGiB), 30, 30, 16384),
            r.Bool(k(ConfigKeys.DetailedMonitoring), d.DetailedMonitoring),
            r.Int(k(ConfigKeys.InstanceRefreshMinHealthyPercent), d.InstanceRefreshMinHealthyPercent, 0, 100),
            r.Int(k(ConfigKeys.TargetCapacityPercent), 100, 1, 100),
            r.Int(k(ConfigKeys.InstanceHealthCheckGracePeriodSeconds), 300, 0, 7200),
            r.Choice(k(ConfigKeys.ContainerInsights), "enabled", new Dictionary<string, string>
            {
                ["enabled"] = "enabled",
                ["enhanced"] = "enhanced",
            }));
    }

    private static LoggingSettings ReadLogging(ConfigReader r, EnvironmentDefaults d, string? region)
    {
        var k = ConfigKeys.Full;
        var retentionKey = k(ConfigKeys.LogRetentionDays);
        var retention = d.LogRetentionDays;
        if (r.Raw(retentionKey) is { } rawRetention)
        {
            if (int.TryParse(rawRetention.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                && ConfigKeys.AllowedRetentionDays.Contains(parsed))
            {
                retention = parsed;
            }
            else
            {
                r.Fail(retentionKey, rawRetention, "not a retention period CloudWatch Logs offers", string.Join(", ", ConfigKeys.AllowedRetentionDays));
            }
        }

        var kms = r.String(k(ConfigKeys.LogKmsKeyArn));
        var kmsMatch = KmsKeyArnShape().Match(kms ?? string.Empty);
        if (kms is not null && !kmsMatch.Success)
        {
            r.Fail(k(ConfigKeys.LogKmsKeyArn), kms, "not a KMS key ARN", "arn:aws:kms:<region>:<account>:key/<id>");
        }
        else if (kms is not null && region is not null && kmsMatch.Groups["region"].Value != region)
        {
            // CloudWatch Logs encrypts a group only with a key of the group's own region (CreateLogGroup rejects others).
            r.Fail(k(ConfigKeys.LogKmsKeyArn), kms, $"a key of {kmsMatch.Groups["region"].Value}; log groups use keys of their own region", $"a KMS key ARN in {region}: arn:{AwsRegions.Partition(region)}:kms:{region}:<account>:key/<id>");
        }

        return new LoggingSettings(retention, kms);
    }

    /// <summary>
    /// Rules across services: unique names, known URL references, tasks that fit a host, routes that work. Keys name
    /// each service by its position in the configured list, which differs from its index here once one is left out.
    /// </summary>
    private static void CheckServices(ConfigReader r, IReadOnlyList<(int Position, ServiceSettings Service)> services, ClusterSettings cluster, string stack, bool serviceConnect)
    {
        // Service Connect adds a proxy to every task: it must fit the host together with the service's container.
        var proxyCpu = serviceConnect ? Services.ServiceConnect.ProxyCpuUnits : 0;
        var proxyMemory = serviceConnect ? Services.ServiceConnect.ProxyMemoryMiB : 0;
        var withProxy = serviceConnect ? $" with the Service Connect proxy's {Services.ServiceConnect.ProxyCpuUnits} CPU units and {Services.ServiceConnect.ProxyMemoryMiB} MiB" : string.Empty;
        var key = (int i, string field) => ConfigKeys.ServiceKey(i, field);
        var host = InstanceTypes.Find(cluster.InstanceType);
        var names = services.Select(s => s.Service.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (i, service) in services)
        {
            if (!seen.Add(service.Name))
            {
                r.Fail(key(i, "name"), service.Name, "the same name as an earlier service", "a name no other service uses");
            }

            foreach (var (variable, target) in service.ServiceUrlEnvironment)
            {
                if (!names.Contains(target.Service))
                {
                    r.Fail($"{key(i, "serviceUrlEnvironment")}.{variable}", target.Service, "not the name of a service of this stack", string.Join(", ", names));
                }
            }

            if (host is not null)
            {
                if (service.Memory + proxyMemory > host.TaskMemoryMiB)
                {
                    r.Fail(key(i, "memory"), service.Memory.ToString(CultureInfo.InvariantCulture), $"more than a {host.Name} host leaves for tasks ({host.TaskMemoryMiB} MiB){withProxy}", $"at most {host.TaskMemoryMiB - proxyMemory} MiB, or a larger instanceType");
                }

                if (service.Cpu + proxyCpu > host.CpuUnits)
                {
                    r.Fail(key(i, "cpu"), service.Cpu.ToString(CultureInfo.InvariantCulture), $"more than a {host.Name} host has ({host.CpuUnits} CPU units){withProxy}", $"at most {host.CpuUnits - proxyCpu}, or a larger instanceType");
                }
            }

            if (ResourceNames.IamRoleNameProblem(ResourceNames.TaskRole(stack, service.Name)) is { } roleProblem)
            {
                r.Fail(key(i, "name"), service.Name, $"names the task role, and {roleProblem}", "a shorter service or stack name");
            }

            if (ResourceNames.ElbNameProblem(ResourceNames.TargetGroup(service.Name), ResourceNames.TargetGroupNameLimit) is { } tgProblem)
            {
                r.Fail(key(i, "name"), service.Name, $"names the target group, and {tgProblem}", $"at most {ServiceSettingsReader.MaxServiceNameLength} characters, not starting with 'internal-'");
            }
        }

        foreach (var error in RoutingPlan.Validate([.. services.Select(s => s.Service)], [.. services.Select(s => s.Position)]))
        {
            r.Errors.Add(error);
        }
    }

    /// <summary>
    /// A URL handed to a container must work from inside it. Through Service Connect it is plain HTTP inside the VPC
    /// and always does. Through the load balancer it leaves the VPC by NAT, and hosts may only send 443 to the
    /// internet (N7), so it must be HTTPS to a name the certificate covers: <c>form: url</c> (images that prepend
    /// <c>http://</c> themselves cannot make that call), with HTTPS on and a domain name (checked with
    /// <c>serviceDiscovery</c>).
    /// </summary>
    private static void CheckServiceUrls(ConfigReader r, IReadOnlyList<(int Position, ServiceSettings Service)> services, LoadBalancerSettings loadBalancer, ServiceDiscoveryMode discovery)
    {
        if (discovery == ServiceDiscoveryMode.ServiceConnect)
        {
            // Callers deploy after the services they call: calls in a circle have no such order.
            var known = services.Select(s => s.Service.Name).ToHashSet(StringComparer.Ordinal);
            var complete = known.Count == services.Count && services.All(s => s.Service.ServiceUrlEnvironment.Values.All(t => known.Contains(t.Service)));
            if (complete && Services.ServiceConnect.DeploymentOrder([.. services.Select(s => s.Service)]) is null)
            {
                foreach (var (i, service) in services.Where(s => Services.ServiceConnect.Calls(s.Service).Count > 0))
                {
                    r.Fail(ConfigKeys.ServiceKey(i, "serviceUrlEnvironment"), string.Join(", ", Services.ServiceConnect.Calls(service)), "calls that lead back to this service: with Service Connect each caller deploys after the services it calls, and a circle has no such order", "calls in one direction only (a service never reached again from the services it calls)");
                }
            }

            return;
        }

        foreach (var (i, service) in services)
        {
            foreach (var (variable, target) in service.ServiceUrlEnvironment)
            {
                var key = $"{ConfigKeys.ServiceKey(i, "serviceUrlEnvironment")}.{variable}";
                if (!loadBalancer.HttpsEnabled)
                {
                    r.Fail(key, target.Service, "a plain-HTTP URL through the load balancer's public address: hosts send only HTTPS to the internet", "serviceDiscovery: serviceConnect (calls stay inside the VPC), or httpsEnabled with domainName and form: url");
                }
                else if (target.Form == ServiceUrlForm.HostPath)
                {
                    r.Fail(key, target.Service, "host and path without a scheme: the image calls it over plain HTTP, which the load balancer only redirects to HTTPS", "serviceDiscovery: serviceConnect, or { service: <name>, form: url } for an image that calls HTTPS URLs");
                }
            }
        }
    }
}
