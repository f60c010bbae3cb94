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

    [GeneratedRegex("^arn:(?<partition>aws[a-z-]*):acm:(?<region>[a-z0-9-]+):\\d{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex CertificateArnShape();

    [GeneratedRegex("^arn:aws[a-z-]*:wafv2:(?<region>[a-z0-9-]+):\\d{12}:regional/webacl/[A-Za-z0-9_-]+/[A-Za-z0-9-]+$")]
    private static partial Regex WebAclArnShape();

    [GeneratedRegex("^arn:aws[a-z-]*:kms:(?<region>[a-z0-9-]+):\\d{12}:key/[A-Za-z0-9-]+$")]
    private static partial Regex KmsKeyArnShape();

    [GeneratedRegex("^ELBSecurityPolicy-[A-Za-z0-9-]+$")]
    private static partial Regex SslPolicyShape();

    public static readonly IReadOnlyList<string> RequiredTags = ["project", "stack", "owner"];

    /// <summary>The keys the subnet plan is computed from.</summary>
    private static readonly string[] NetworkKeys =
    [
        ConfigKeys.VpcCidr, ConfigKeys.AvailabilityZoneCount, ConfigKeys.AvailabilityZones, ConfigKeys.SubnetPrefixLength,
        ConfigKeys.PublicSubnetCidrs, ConfigKeys.PrivateSubnetCidrs,
    ];

    /// <summary>Loads and validates; throws <see cref="SettingsValidationException"/> listing every problem.</summary>
    public static StackSettings Load(IReadOnlyDictionary<string, string> raw, string stack, IReadOnlyList<string>? regionZones = null)
    {
        var (settings, errors) = TryLoad(raw, stack, regionZones);
        return errors.Count == 0 && settings is not null ? settings : throw new SettingsValidationException(errors);
    }

    /// <summary>
    /// Loads and validates. <paramref name="regionZones"/> are the AZs the region offers, where known (the
    /// program asks AWS before it creates anything); without them the zone count is checked against the plan only.
    /// </summary>
    public static (StackSettings? Settings, IReadOnlyList<ConfigError> Errors) TryLoad(
        IReadOnlyDictionary<string, string> raw, string stack, IReadOnlyList<string>? regionZones = null)
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

        var tags = ReadTags(r, stack);
        CheckStackName(r, stack);

        var network = ReadNetwork(r, d, regionZones);
        var loadBalancer = ReadLoadBalancer(r, d, region);
        var cluster = ReadCluster(r, d, environment, network.AvailabilityZoneCount);
        var logging = ReadLogging(r, d);
        var read = ServiceSettingsReader.Read(r);
        var services = read.Select(x => x.Service).ToList();
        CheckServices(r, read, cluster, stack);
        CheckServiceUrls(r, read, loadBalancer);

        // The subnet plan builds on the network keys alone: check it whenever those are valid, so its problems are
        // reported together with the rest, not after they are fixed.
        if (!errors.Any(e => NetworkKeys.Any(network => e.Key.StartsWith(ConfigKeys.Full(network), StringComparison.Ordinal))))
        {
            errors.AddRange(SubnetPlan.Validate(network));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new StackSettings(ConfigKeys.Project, stack, environment, region!, tags, network, loadBalancer, cluster, logging, services), errors);
    }

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

    private static NetworkSettings ReadNetwork(ConfigReader r, EnvironmentDefaults d, IReadOnlyList<string>? regionZones)
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

        if (regionZones is not null)
        {
            if (zoneCount > regionZones.Count)
            {
                r.Fail(k(ConfigKeys.AvailabilityZoneCount), zoneCount.ToString(CultureInfo.InvariantCulture), $"the region offers {regionZones.Count} AZs ({string.Join(", ", regionZones)})", $"from 2 to {regionZones.Count}");
            }

            foreach (var zone in (zones ?? []).Where(z => !regionZones.Contains(z)))
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

    private static LoadBalancerSettings ReadLoadBalancer(ConfigReader r, EnvironmentDefaults d, string? region)
    {
        var k = ConfigKeys.Full;
        var https = r.Bool(k(ConfigKeys.HttpsEnabled), d.HttpsEnabled);
        var certificate = r.String(k(ConfigKeys.CertificateArn));
        if (https && certificate is null)
        {
            r.Fail(k(ConfigKeys.CertificateArn), null, "HTTPS is enabled but no certificate is given", "an ACM certificate ARN in the stack's region, or httpsEnabled: false");
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
                r.Fail(k(ConfigKeys.CertificateArn), certificate, $"a certificate of {match.Groups["region"].Value}; an ALB uses certificates of its own region", $"an ACM certificate ARN in {region}");
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
            }));
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

    private static LoggingSettings ReadLogging(ConfigReader r, EnvironmentDefaults d)
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
        if (kms is not null && !KmsKeyArnShape().IsMatch(kms))
        {
            r.Fail(k(ConfigKeys.LogKmsKeyArn), kms, "not a KMS key ARN", "arn:aws:kms:<region>:<account>:key/<id>");
        }

        return new LoggingSettings(retention, kms);
    }

    /// <summary>
    /// Rules across services: unique names, known URL references, tasks that fit a host, routes that work. Keys name
    /// each service by its position in the configured list, which differs from its index here once one is left out.
    /// </summary>
    private static void CheckServices(ConfigReader r, IReadOnlyList<(int Position, ServiceSettings Service)> services, ClusterSettings cluster, string stack)
    {
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
                if (service.Memory > host.TaskMemoryMiB)
                {
                    r.Fail(key(i, "memory"), service.Memory.ToString(CultureInfo.InvariantCulture), $"more than a {host.Name} host leaves for tasks ({host.TaskMemoryMiB} MiB)", $"at most {host.TaskMemoryMiB} MiB, or a larger instanceType");
                }

                if (service.Cpu > host.CpuUnits)
                {
                    r.Fail(key(i, "cpu"), service.Cpu.ToString(CultureInfo.InvariantCulture), $"more than a {host.Name} host has ({host.CpuUnits} CPU units)", $"at most {host.CpuUnits}, or a larger instanceType");
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
    /// A URL handed to a container must work from inside it. Through the load balancer that means plain HTTP: with
    /// HTTPS on, the HTTP listener only redirects, an HTTPS call to the load balancer's own name fails certificate
    /// verification (no certificate covers <c>*.elb.amazonaws.com</c>), and the reference images are built without
    /// CA certificates. So service URLs and HTTPS do not go together through the load balancer.
    /// </summary>
    private static void CheckServiceUrls(ConfigReader r, IReadOnlyList<(int Position, ServiceSettings Service)> services, LoadBalancerSettings loadBalancer)
    {
        if (!loadBalancer.HttpsEnabled)
        {
            return;
        }

        foreach (var (i, service) in services)
        {
            foreach (var (variable, target) in service.ServiceUrlEnvironment)
            {
                r.Fail(
                    $"{ConfigKeys.ServiceKey(i, "serviceUrlEnvironment")}.{variable}",
                    target.Service,
                    "a service URL through the load balancer with httpsEnabled: its HTTP listener only redirects to HTTPS, and HTTPS to the load balancer's own name fails certificate verification",
                    "httpsEnabled: false for a stack whose services call each other, or no serviceUrlEnvironment");
            }
        }
    }
}
