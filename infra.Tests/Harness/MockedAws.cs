using System.Collections.Concurrent;
using System.Globalization;
using Pulumi.Testing;

namespace Infra.Tests.Harness;

/// <summary>
/// The mocked engine's AWS: records every registered resource and invoke, and answers with the computed outputs
/// AWS would (ids, ARNs, auto-names, DNS names), so tests can follow values from one resource into another.
/// </summary>
public sealed class MockedAws : IMocks
{
    public const string AccountId = "123456789012";
    public const string Region = "us-east-1";
    public const string AmiId = "ami-0123456789abcdef0";
    public const string ElbLogDeliveryAccount = "127311923021";

    public static readonly ImmutableArray<string> Zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"];

    /// <summary>An instance type the mocked region offers in its first two zones only; every other type in all.</summary>
    public const string ScarceInstanceType = "m7g.large";

    private readonly ConcurrentQueue<MockResourceArgs> _resources = new();
    private readonly ConcurrentQueue<MockCallArgs> _calls = new();

    public IReadOnlyList<MockResourceArgs> Registered => [.. _resources];

    public IReadOnlyList<MockCallArgs> Calls => [.. _calls];

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        _resources.Enqueue(args);
        var type = args.Type ?? string.Empty;
        var name = args.Name ?? string.Empty;
        var state = args.Inputs.ToBuilder();
        var autoName = $"{name}-{Suffix(name)}";

        // A read (Resource.Get) keeps the id it asked for.
        var id = args.Id is { Length: > 0 } readId ? readId : $"{name}-id";

        void Set(string key, object value) => state[key] = value;
        void Default(string key, object value) => state.TryAdd(key, value);

        switch (type)
        {
            case "awsx:ec2:Vpc":
                var zones = args.Inputs.TryGetValue("availabilityZoneNames", out var z) && z is ImmutableArray<object> names ? names.Length : 2;
                Set("vpcId", "vpc-0abc");
                Set("publicSubnetIds", Enumerable.Range(0, zones).Select(i => (object)$"subnet-public-{i}").ToImmutableArray());
                Set("privateSubnetIds", Enumerable.Range(0, zones).Select(i => (object)$"subnet-private-{i}").ToImmutableArray());
                Set("isolatedSubnetIds", ImmutableArray<object>.Empty);

                // awsx returns its NAT gateways as resource references (Output<ImmutableArray<NatGateway>>). The mock
                // answers with gateways read into the engine, so the references resolve to resources with real ids.
                Set("natGateways", NatGateways(name, args.Inputs, zones));
                break;
            case "aws:ec2/natGateway:NatGateway":
                Default("connectivityType", "public");
                break;
            case "aws:sns/topic:Topic":
                Default("name", autoName);
                Set("arn", $"arn:aws:sns:{Region}:{AccountId}:{state["name"]}");
                id = (string)state["arn"];
                break;
            case "aws:kms/key:Key":
                id = $"{Suffix(name)}-0000-4000-8000-{Suffix(name + "-key")}00000";
                Set("keyId", id);
                Set("arn", $"arn:aws:kms:{Region}:{AccountId}:key/{id}");
                break;
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                Default("name", autoName);
                Set("arn", $"arn:aws:cloudwatch:{Region}:{AccountId}:alarm:{state["name"]}");
                id = (string)state["name"];
                break;
            case "aws:cloudwatch/dashboard:Dashboard":
                Set("dashboardArn", $"arn:aws:cloudwatch::{AccountId}:dashboard/{state["dashboardName"]}");
                id = (string)state["dashboardName"];
                break;
            case "aws:ec2/securityGroup:SecurityGroup":
                id = $"sg-{name}";
                break;
            case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
                id = "sg-default";
                break;
            case "aws:lb/loadBalancer:LoadBalancer":
                Default("name", autoName);
                Set("dnsName", $"{state["name"]}-1234567890.{Region}.elb.amazonaws.com");
                Set("zoneId", "Z35SXDOTRQ7X7K");
                Set("arnSuffix", $"app/{state["name"]}/50dc6c495c0c9188");
                Set("arn", $"arn:aws:elasticloadbalancing:{Region}:{AccountId}:loadbalancer/app/{state["name"]}/50dc6c495c0c9188");
                break;
            case "aws:lb/targetGroup:TargetGroup":
                Default("name", autoName);
                Set("arnSuffix", $"targetgroup/{state["name"]}/6d0ecf831eec9f09");
                Set("arn", $"arn:aws:elasticloadbalancing:{Region}:{AccountId}:targetgroup/{state["name"]}/6d0ecf831eec9f09");
                break;
            case "aws:lb/listener:Listener":
                Set("arn", $"arn:aws:elasticloadbalancing:{Region}:{AccountId}:listener/app/alb/50dc6c495c0c9188/{Suffix(name)}");
                break;
            case "aws:lb/listenerRule:ListenerRule":
                Set("arn", $"arn:aws:elasticloadbalancing:{Region}:{AccountId}:listener-rule/app/alb/50dc6c495c0c9188/{Suffix(name)}");
                break;
            case "aws:iam/role:Role":
                Default("name", autoName);
                Set("arn", $"arn:aws:iam::{AccountId}:role/{state["name"]}");
                break;
            case "aws:iam/instanceProfile:InstanceProfile":
                Default("name", autoName);
                Set("arn", $"arn:aws:iam::{AccountId}:instance-profile/{state["name"]}");
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                Default("name", state.TryGetValue("namePrefix", out var prefix) ? $"{prefix}{Suffix(name)}" : autoName);
                Set("arn", $"arn:aws:logs:{Region}:{AccountId}:log-group:{state["name"]}");
                id = (string)state["name"];
                break;
            case "aws:s3/bucket:Bucket":
                Default("bucket", autoName);
                Set("arn", $"arn:aws:s3:::{state["bucket"]}");
                id = (string)state["bucket"];
                break;
            case "aws:ec2/launchTemplate:LaunchTemplate":
                id = "lt-0abc";
                Set("latestVersion", 1);
                Set("defaultVersion", 1);
                break;
            case "aws:autoscaling/group:Group":
                Default("name", autoName);
                Set("arn", $"arn:aws:autoscaling:{Region}:{AccountId}:autoScalingGroup:0000:autoScalingGroupName/{state["name"]}");
                id = (string)state["name"];
                break;
            case "aws:ecs/cluster:Cluster":
                Default("name", autoName);
                Set("arn", $"arn:aws:ecs:{Region}:{AccountId}:cluster/{state["name"]}");
                break;
            case "aws:ecs/capacityProvider:CapacityProvider":
                Default("name", autoName);
                Set("arn", $"arn:aws:ecs:{Region}:{AccountId}:capacity-provider/{state["name"]}");
                break;
            case "aws:ecs/taskDefinition:TaskDefinition":
                Set("revision", 1);
                Set("arn", $"arn:aws:ecs:{Region}:{AccountId}:task-definition/{state["family"]}:1");
                Set("arnWithoutRevision", $"arn:aws:ecs:{Region}:{AccountId}:task-definition/{state["family"]}");
                break;
            case "aws:ecs/service:Service":
                Default("name", autoName);
                Set("arn", $"arn:aws:ecs:{Region}:{AccountId}:service/{ClusterName(state)}/{state["name"]}");
                break;
            case "aws:servicediscovery/httpNamespace:HttpNamespace":
                Default("name", autoName);
                id = $"ns-{Suffix(name)}";
                Set("arn", $"arn:aws:servicediscovery:{Region}:{AccountId}:namespace/{id}");
                Set("httpName", state["name"]);
                break;
            case "aws:acm/certificate:Certificate":
                Set("arn", $"arn:aws:acm:{Region}:{AccountId}:certificate/{Suffix(name)}-0000-4000-8000-000000000000");
                Set("domainValidationOptions", ImmutableArray.Create<object>(ImmutableDictionary<string, object>.Empty
                    .Add("domainName", state["domainName"])
                    .Add("resourceRecordName", $"_{Suffix(name)}.{state["domainName"]}.")
                    .Add("resourceRecordType", "CNAME")
                    .Add("resourceRecordValue", $"_{Suffix(name)}.acm-validations.aws.")));
                break;
            case "aws:route53/record:Record":
                Set("fqdn", ((string)state["name"]).TrimEnd('.'));
                break;
        }

        Default("arn", $"arn:aws:{Service(type)}:{Region}:{AccountId}:{name}");
        return Task.FromResult<(string?, object)>((id, state.ToImmutable()));
    }

    public Task<object> CallAsync(MockCallArgs args)
    {
        _calls.Enqueue(args);
        object result = args.Token switch
        {
            "aws:index/getAvailabilityZones:getAvailabilityZones" => new Dictionary<string, object>
            {
                ["id"] = Region,
                ["names"] = Zones,
                ["zoneIds"] = Zones.Select((_, i) => $"use1-az{i + 1}").ToImmutableArray(),
            },
            "aws:index/getPartition:getPartition" => new Dictionary<string, object>
            {
                ["id"] = "aws",
                ["partition"] = "aws",
                ["dnsSuffix"] = "amazonaws.com",
                ["reverseDnsPrefix"] = "com.amazonaws",
            },
            "aws:index/getRegion:getRegion" => new Dictionary<string, object>
            {
                ["id"] = Region,
                ["name"] = Region,
                ["region"] = Region,
                ["endpoint"] = $"ec2.{Region}.amazonaws.com",
                ["description"] = "US East (N. Virginia)",
            },
            "aws:index/getCallerIdentity:getCallerIdentity" => new Dictionary<string, object>
            {
                ["id"] = AccountId,
                ["accountId"] = AccountId,
                ["arn"] = $"arn:aws:iam::{AccountId}:user/ci",
                ["userId"] = "AIDAEXAMPLE",
            },
            "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings" => InstanceTypeOfferings(args),
            "aws:ssm/getParameter:getParameter" => new Dictionary<string, object>
            {
                ["id"] = args.Args["name"],
                ["name"] = args.Args["name"],
                ["arn"] = $"arn:aws:ssm:{Region}::parameter{args.Args["name"]}",
                ["type"] = "String",
                ["value"] = AmiId,
                ["insecureValue"] = AmiId,
                ["version"] = 1,
                ["withDecryption"] = false,
            },
            "aws:elb/getServiceAccount:getServiceAccount" => new Dictionary<string, object>
            {
                ["id"] = ElbLogDeliveryAccount,
                ["arn"] = $"arn:aws:iam::{ElbLogDeliveryAccount}:root",
                ["region"] = Region,
            },
            _ => throw new NotSupportedException($"The mocks do not answer the invoke {args.Token}; add it to MockedAws.CallAsync."),
        };
        return Task.FromResult(result);
    }

    /// <summary>The id the mock gives the VPC's NAT gateway at <paramref name="index"/>.</summary>
    public static string NatGatewayId(string vpcName, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"nat-0{index}{Suffix(vpcName)}");

    /// <summary>
    /// One NAT gateway per AZ, or one, as the VPC's natGateways.strategy asks, read into the engine with
    /// <c>NatGateway.Get</c> so that awsx's resource references to them resolve.
    /// </summary>
    private static ImmutableArray<object> NatGateways(string vpcName, ImmutableDictionary<string, object> inputs, int zones)
    {
        var onePerAz = inputs.TryGetValue("natGateways", out var config)
            && config is ImmutableDictionary<string, object> natConfig
            && natConfig.TryGetValue("strategy", out var strategy)
            && strategy is "OnePerAz";
        var count = onePerAz ? zones : 1;
        return [.. Enumerable.Range(0, count).Select(i => (object)Pulumi.Aws.Ec2.NatGateway.Get($"{vpcName}-nat-{i}", NatGatewayId(vpcName, i)))];
    }

    /// <summary>DescribeInstanceTypeOfferings by AZ for the one instance type the program filters on.</summary>
    private static Dictionary<string, object> InstanceTypeOfferings(MockCallArgs args)
    {
        var filters = args.Args.TryGetValue("filters", out var given) && given is ImmutableArray<object> list ? list : [];
        var type = filters.OfType<ImmutableDictionary<string, object>>()
            .Where(filter => Equals(filter["name"], "instance-type"))
            .SelectMany(filter => filter["values"] is ImmutableArray<object> values ? values.Select(v => (string)v) : Enumerable.Empty<string>())
            .FirstOrDefault() ?? throw new NotSupportedException("the program asks for offerings of one instance type");
        var zones = type == ScarceInstanceType ? Zones.Take(2).ToImmutableArray() : Zones;
        return new Dictionary<string, object>
        {
            ["id"] = Region,
            ["locationType"] = "availability-zone",
            ["locations"] = zones,
            ["locationTypes"] = zones.Select(_ => "availability-zone").ToImmutableArray(),
            ["instanceTypes"] = zones.Select(_ => type).ToImmutableArray(),
        };
    }

    /// <summary>Pulumi's auto-name suffix: 7 characters, stable per logical name so assertions can name it.</summary>
    public static string Suffix(string name) =>
        ((uint)name.Aggregate(17, (h, c) => unchecked((h * 31) + c))).ToString("x8", CultureInfo.InvariantCulture)[..7];

    private static string Service(string type) => type.Split(':', '/') is [_, var module, ..] ? module : "unknown";

    private static string ClusterName(IDictionary<string, object> state) =>
        state.TryGetValue("cluster", out var cluster) && cluster is string arn ? arn[(arn.LastIndexOf('/') + 1)..] : "cluster";
}
