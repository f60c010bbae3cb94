using System.Text.Json;
using Infra.Components;
using Aws = Pulumi.Aws;
using Awsx = Pulumi.Awsx;

namespace Infra.Tests;

/// <summary>The Network component under the mocked engine: the awsx VPC's inputs, flow logs, the default group.</summary>
public class NetworkTests
{
    private const string VpcType = "awsx:ec2:Vpc";
    private const string FlowLogsGroupArn = $"arn:aws:logs:{MockedAws.Region}:{MockedAws.AccountId}:log-group:/vpc/ecs-refarch/dev/flow-logs";

    private static ImmutableDictionary<string, object> Map(object value) => (ImmutableDictionary<string, object>)value;

    private static string[] Strings(object value) => [.. ((ImmutableArray<object>)value).Select(v => (string)v)];

    private static string[] SubnetCidrs(ImmutableDictionary<string, object> vpc, string type) =>
        Strings(Map(((ImmutableArray<object>)vpc["subnetSpecs"]).Single(s => (string)Map(s)["type"] == type))["cidrBlocks"]);

    private static JsonElement Statement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Statement").EnumerateArray().Single().Clone();
    }

    private static JsonElement[] Statements(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("Statement").EnumerateArray().Select(s => s.Clone())];
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    [Test]
    public async Task Dev_VPC_has_the_reference_subnets_in_two_zones_behind_a_single_NAT()
    {
        var run = await StackRun.SharedAsync("dev");

        var vpc = run.Inputs(VpcType, "network-vpc");

        Assert.That(vpc["cidrBlock"], Is.EqualTo("10.180.0.0/16"));
        Assert.That(Strings(vpc["availabilityZoneNames"]), Is.EqualTo(new[] { "us-east-1a", "us-east-1b" }));
        Assert.That(SubnetCidrs(vpc, "Public"), Is.EqualTo(new[] { "10.180.8.0/21", "10.180.16.0/21" }));
        Assert.That(SubnetCidrs(vpc, "Private"), Is.EqualTo(new[] { "10.180.24.0/21", "10.180.32.0/21" }));
        Assert.That(((ImmutableArray<object>)vpc["subnetSpecs"]).Select(s => (string)Map(s)["type"]), Is.EquivalentTo(new[] { "Public", "Private" }));
        Assert.That(Map(vpc["natGateways"])["strategy"], Is.EqualTo("Single"));
        Assert.That(vpc["subnetStrategy"], Is.EqualTo("Auto"), "Legacy would ignore the explicit CIDR blocks");
        Assert.That(vpc["enableDnsSupport"], Is.True);
        Assert.That(vpc["enableDnsHostnames"], Is.True);
    }

    [Test]
    public async Task Prod_VPC_spans_three_zones_with_a_NAT_gateway_in_each()
    {
        var run = await StackRun.SharedAsync("prod");

        var vpc = run.Inputs(VpcType, "network-vpc");

        Assert.That(Strings(vpc["availabilityZoneNames"]), Is.EqualTo(new[] { "us-east-1a", "us-east-1b", "us-east-1c" }));
        Assert.That(SubnetCidrs(vpc, "Public"), Is.EqualTo(new[] { "10.180.8.0/21", "10.180.16.0/21", "10.180.40.0/21" }));
        Assert.That(SubnetCidrs(vpc, "Private"), Is.EqualTo(new[] { "10.180.24.0/21", "10.180.32.0/21", "10.180.48.0/21" }));
        Assert.That(Map(vpc["natGateways"])["strategy"], Is.EqualTo("OnePerAz"));
    }

    [Test]
    public async Task Configured_zones_and_NAT_mode_reach_the_VPC_in_order()
    {
        var run = await StackRun.SharedAsync("dev", c => c
            .With("availabilityZones", """["us-east-1d","us-east-1b"]""")
            .With("natGateways", "onePerAz"));

        var vpc = run.Inputs(VpcType, "network-vpc");

        Assert.That(Strings(vpc["availabilityZoneNames"]), Is.EqualTo(new[] { "us-east-1d", "us-east-1b" }));
        Assert.That(Map(vpc["natGateways"])["strategy"], Is.EqualTo("OnePerAz"));
    }

    [Test]
    public async Task N1_flow_logs_record_all_traffic_into_the_stack_log_group()
    {
        var run = await StackRun.SharedAsync("dev");
        var network = run.Single<Network>("network");

        var flowLog = run.Inputs("aws:ec2/flowLog:FlowLog", "network-flow-log");
        var group = run.Inputs("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs");

        Assert.That(flowLog["vpcId"], Is.EqualTo(await StackRun.Value(network.VpcId)));
        Assert.That(flowLog["trafficType"], Is.EqualTo("ALL"));
        Assert.That(flowLog["logDestinationType"], Is.EqualTo("cloud-watch-logs"));
        Assert.That(flowLog["logDestination"], Is.EqualTo(FlowLogsGroupArn));
        Assert.That(flowLog["iamRoleArn"], Is.EqualTo(await StackRun.Value(run.Single<Aws.Iam.Role>("dev-flow-logs").Arn)));
        Assert.That(group["name"], Is.EqualTo("/vpc/ecs-refarch/dev/flow-logs"));
        Assert.That(group["retentionInDays"], Is.EqualTo(14d));
        Assert.That(group, Does.Not.ContainKey("kmsKeyId"));
        Assert.That(await StackRun.Value(network.FlowLogGroupName), Is.EqualTo("/vpc/ecs-refarch/dev/flow-logs"));
    }

    [Test]
    public async Task G1_G2_flow_log_group_keeps_prod_retention_and_uses_the_configured_key()
    {
        const string key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var run = await StackRun.SharedAsync("prod", c => c.With("logKmsKeyArn", key));

        var group = run.Inputs("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs");

        Assert.That(group["retentionInDays"], Is.EqualTo(365d));
        Assert.That(group["kmsKeyId"], Is.EqualTo(key));
    }

    [Test]
    public async Task Flow_logs_role_is_assumable_only_by_this_accounts_flow_logs_and_writes_only_to_its_group()
    {
        var run = await StackRun.SharedAsync("dev");
        var roleName = await StackRun.Value(run.Single<Aws.Iam.Role>("dev-flow-logs").Name);

        var trust = Statement((string)run.Inputs("aws:iam/role:Role", "dev-flow-logs")["assumeRolePolicy"]);
        var delivery = run.Inputs("aws:iam/rolePolicy:RolePolicy", "network-flow-logs-delivery");
        var statements = Statements((string)delivery["policy"]);
        var condition = trust.GetProperty("Condition");

        Assert.That(Strings(trust.GetProperty("Principal"), "Service"), Is.EqualTo(new[] { "vpc-flow-logs.amazonaws.com" }));
        Assert.That(trust.GetProperty("Principal").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "Service" }));
        Assert.That(Strings(condition.GetProperty("StringEquals"), "aws:SourceAccount"), Is.EqualTo(new[] { MockedAws.AccountId }));
        Assert.That(Strings(condition.GetProperty("ArnLike"), "aws:SourceArn"), Is.EqualTo(new[] { $"arn:aws:ec2:{MockedAws.Region}:{MockedAws.AccountId}:vpc-flow-log/*" }));
        Assert.That(delivery["role"], Is.EqualTo(roleName));
        Assert.That(Strings(statements[0], "Action"), Is.EqualTo(new[] { "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams" }));
        Assert.That(Strings(statements[0], "Resource"), Is.EqualTo(new[] { FlowLogsGroupArn, $"{FlowLogsGroupArn}:log-stream:*" }));
        Assert.That(Strings(statements[1], "Action"), Is.EqualTo(new[] { "logs:DescribeLogGroups" }));
        Assert.That(Strings(statements[1], "Resource"), Is.EqualTo(new[] { "*" }));
        Assert.That(statements, Has.Length.EqualTo(2));
    }

    [Test]
    public async Task N2_the_default_security_group_is_adopted_with_no_rules()
    {
        var run = await StackRun.SharedAsync("dev");

        var defaultGroup = run.Inputs("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg");

        Assert.That(defaultGroup["vpcId"], Is.EqualTo(await StackRun.Value(run.Single<Network>("network").VpcId)));
        Assert.That(defaultGroup.TryGetValue("ingress", out var ingress) ? (ImmutableArray<object>)ingress : [], Is.Empty);
        Assert.That(defaultGroup.TryGetValue("egress", out var egress) ? (ImmutableArray<object>)egress : [], Is.Empty);
    }

    [Test]
    public async Task Outputs_pass_on_the_VPC_and_keep_public_and_private_subnets_apart()
    {
        var run = await StackRun.SharedAsync("prod");
        var network = run.Single<Network>("network");

        Assert.That(await StackRun.Value(network.VpcId), Is.EqualTo("vpc-0abc"));
        Assert.That(await StackRun.Value(network.VpcCidr), Is.EqualTo("10.180.0.0/16"));
        Assert.That(await StackRun.Value(network.PublicSubnetIds), Is.EqualTo(new[] { "subnet-public-0", "subnet-public-1", "subnet-public-2" }));
        Assert.That(await StackRun.Value(network.PrivateSubnetIds), Is.EqualTo(new[] { "subnet-private-0", "subnet-private-1", "subnet-private-2" }));
    }

    [Test]
    public async Task Every_child_is_parented_to_the_network()
    {
        var run = await StackRun.SharedAsync("dev");

        var children = new Resource[]
        {
            run.Single<Awsx.Ec2.Vpc>("network-vpc"),
            run.Single<Aws.CloudWatch.LogGroup>("network-flow-logs"),
            run.Single<Aws.Iam.Role>("dev-flow-logs"),
            run.Single<Aws.Iam.RolePolicy>("network-flow-logs-delivery"),
            run.Single<Aws.Ec2.FlowLog>("network-flow-log"),
            run.Single<Aws.Ec2.DefaultSecurityGroup>("network-default-sg"),
        };

        Assert.That(children.Select(run.ParentOf), Has.All.EqualTo("network"));
    }
}
