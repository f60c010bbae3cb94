using System.Text;
using Infra.Model.Outputs;
using EcsCluster = Pulumi.Aws.Ecs.Cluster;

namespace Infra.Tests;

/// <summary>
/// The Cluster component under the mocked engine: host launch template (C1–C5), Auto Scaling group (C6–C8),
/// capacity provider (E9), Container Insights (E1), instance log groups, and the wiring from the other components.
/// </summary>
public class ClusterTests
{
    private const string LaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate";
    private const string Group = "aws:autoscaling/group:Group";
    private const string CapacityProvider = "aws:ecs/capacityProvider:CapacityProvider";
    private const string ClusterCapacityProviders = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
    private const string EcsClusterType = "aws:ecs/cluster:Cluster";
    private const string LogGroup = "aws:cloudwatch/logGroup:LogGroup";

    private static readonly string[] LogNames = ["messages", "secure", "ecs-init", "ecs-agent", "ecs-audit"];

    private static ImmutableDictionary<string, object> Map(object value) => (ImmutableDictionary<string, object>)value;

    private static ImmutableArray<object> Items(object value) => (ImmutableArray<object>)value;

    [Test]
    public async Task C1_C2_instance_metadata_requires_tokens_and_stops_at_the_host()
    {
        var run = await StackRun.SharedAsync("dev");
        var metadata = Map(run.Inputs(LaunchTemplate, "cluster-hosts")["metadataOptions"]);

        Assert.That(metadata["httpEndpoint"], Is.EqualTo("enabled"));
        Assert.That(metadata["httpTokens"], Is.EqualTo("required"));
        Assert.That(metadata["httpPutResponseHopLimit"], Is.EqualTo(1.0));
    }

    [TestCase("dev", 30.0)]
    [TestCase("prod", 30.0)]
    public async Task C4_the_root_volume_is_encrypted_gp3(string stack, double size)
    {
        var run = await StackRun.SharedAsync(stack);
        var mapping = Map(Items(run.Inputs(LaunchTemplate, "cluster-hosts")["blockDeviceMappings"]).Single());
        var ebs = Map(mapping["ebs"]);

        Assert.That(mapping["deviceName"], Is.EqualTo("/dev/xvda"));
        Assert.That(ebs["encrypted"], Is.EqualTo("true"));
        Assert.That(ebs["volumeType"], Is.EqualTo("gp3"));
        Assert.That(ebs["volumeSize"], Is.EqualTo(size));
        Assert.That(ebs["deleteOnTermination"], Is.EqualTo("true"));
    }

    [Test]
    public async Task The_root_volume_size_comes_from_settings()
    {
        var run = await StackRun.SharedAsync("dev", c => c.With("rootVolumeSizeGiB", "80"));
        var ebs = Map(Map(Items(run.Inputs(LaunchTemplate, "cluster-hosts")["blockDeviceMappings"]).Single())["ebs"]);

        Assert.That(ebs["volumeSize"], Is.EqualTo(80.0));
    }

    [Test]
    public async Task C3_hosts_get_no_public_address_no_key_pair_and_only_the_host_security_group()
    {
        var run = await StackRun.SharedAsync("dev");
        var inputs = run.Inputs(LaunchTemplate, "cluster-hosts");
        var nic = Map(Items(inputs["networkInterfaces"]).Single());
        var hostSg = await run.OutputValue<string>(StackOutputs.HostSecurityGroupId);

        Assert.That(nic["associatePublicIpAddress"], Is.EqualTo("false"));
        Assert.That(hostSg, Does.StartWith("sg-"));
        Assert.That(Items(nic["securityGroups"]), Is.EqualTo(new object[] { hostSg }));
        Assert.That(inputs, Does.Not.ContainKey("vpcSecurityGroupIds"), "security groups belong on the interface only");
        Assert.That(inputs, Does.Not.ContainKey("keyName"), "no SSH key: Session Manager instead");
    }

    [Test]
    public async Task The_hosts_use_the_instance_profile_the_AMI_and_the_instance_type()
    {
        var run = await StackRun.SharedAsync("prod");
        var inputs = run.Inputs(LaunchTemplate, "cluster-hosts");
        var profileArn = await StackRun.Value(run.All<Pulumi.Aws.Iam.InstanceProfile>().Single().Arn);

        Assert.That(profileArn, Does.StartWith($"arn:aws:iam::{MockedAws.AccountId}:instance-profile/"));
        Assert.That(Map(inputs["iamInstanceProfile"])["arn"], Is.EqualTo(profileArn));
        Assert.That(inputs["imageId"], Is.EqualTo(TestConfig.From("prod").Values["ecs-refarch:amiId"]), "prod boots its pinned AMI");
        Assert.That(inputs["instanceType"], Is.EqualTo("t3.large"));
        Assert.That(Map(inputs["monitoring"])["enabled"], Is.EqualTo(true));
        Assert.That(inputs["updateDefaultVersion"], Is.EqualTo(true));
    }

    [Test]
    public async Task An_arm64_instance_type_reads_the_arm64_AMI_parameter()
    {
        var run = await StackRun.SharedAsync("dev", c => c.With("instanceType", "t4g.small"));

        Assert.That(
            run.Engine.Calls.Where(c => c.Token == "aws:ssm/getParameter:getParameter").Select(c => c.Args["name"]),
            Does.Contain("/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"));
        Assert.That(run.Inputs(LaunchTemplate, "cluster-hosts")["instanceType"], Is.EqualTo("t4g.small"));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task The_user_data_joins_the_cluster_the_stack_creates(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var clusterName = await StackRun.Value(run.Single<EcsCluster>("cluster-ecs").Name);
        var script = Encoding.UTF8.GetString(Convert.FromBase64String((string)run.Inputs(LaunchTemplate, "cluster-hosts")["userData"]));

        Assert.That(clusterName, Is.EqualTo($"cluster-ecs-{MockedAws.Suffix("cluster-ecs")}"));
        Assert.That(script, Does.StartWith("#!/bin/bash\n"));
        Assert.That(script.Split('\n'), Does.Contain($"ECS_CLUSTER={clusterName}"));
        Assert.That(script, Does.Contain($"/ec2/ecs-refarch/{stack}/ecs-agent"));
    }

    [Test]
    public async Task Instances_volumes_and_network_interfaces_are_tagged_with_the_stack_tags()
    {
        var run = await StackRun.SharedAsync("dev");
        var specs = Items(run.Inputs(LaunchTemplate, "cluster-hosts")["tagSpecifications"]).Select(Map).ToList();

        Assert.That(specs.Select(s => s["resourceType"]), Is.EquivalentTo(new[] { "instance", "volume", "network-interface" }));
        foreach (var spec in specs)
        {
            var tags = Map(spec["tags"]);
            Assert.That(tags["project"], Is.EqualTo("ecs-refarch"));
            Assert.That(tags["stack"], Is.EqualTo("dev"));
            Assert.That(tags["owner"], Is.EqualTo("platform-team"));
        }
    }

    [TestCase("dev", 2)]
    [TestCase("prod", 3)]
    public async Task C7_the_group_spans_the_private_subnets(string stack, int zones)
    {
        var run = await StackRun.SharedAsync(stack);
        var subnets = Items(run.Inputs(Group, "cluster-asg")["vpcZoneIdentifiers"]);

        Assert.That(subnets, Is.EquivalentTo(Enumerable.Range(0, zones).Select(i => $"subnet-private-{i}")));
        Assert.That(subnets, Is.EquivalentTo(await run.OutputValue<ImmutableArray<string>>(StackOutputs.PrivateSubnetIds)));
    }

    [Test]
    public async Task C6_the_group_launches_the_templates_current_numbered_version()
    {
        var run = await StackRun.SharedAsync("dev");
        var template = Map(run.Inputs(Group, "cluster-asg")["launchTemplate"]);

        Assert.That(template["id"], Is.EqualTo("lt-0abc"));
        Assert.That(template["version"], Is.EqualTo("1"), "the mocked template's latestVersion, as a string; never $Latest");
    }

    [TestCase("dev", 300.0)]
    [TestCase("prod", 300.0)]
    public async Task C8_hosts_are_health_checked_by_EC2_after_a_grace_period(string stack, double grace)
    {
        var run = await StackRun.SharedAsync(stack);
        var inputs = run.Inputs(Group, "cluster-asg");

        Assert.That(inputs["healthCheckType"], Is.EqualTo("EC2"));
        Assert.That(inputs["healthCheckGracePeriod"], Is.EqualTo(grace));
    }

    [Test]
    public async Task The_grace_period_comes_from_settings()
    {
        var run = await StackRun.SharedAsync("dev", c => c.With("instanceHealthCheckGracePeriodSeconds", "420"));

        Assert.That(run.Inputs(Group, "cluster-asg")["healthCheckGracePeriod"], Is.EqualTo(420.0));
    }

    [TestCase("dev", 2.0, 4.0, 2.0)]
    [TestCase("prod", 3.0, 9.0, 3.0)]
    public async Task The_group_is_sized_from_settings(string stack, double min, double max, double desired)
    {
        var inputs = (await StackRun.SharedAsync(stack)).Inputs(Group, "cluster-asg");

        Assert.That((inputs["minSize"], inputs["maxSize"], inputs["desiredCapacity"]), Is.EqualTo((min, max, desired)));
    }

    [Test]
    public async Task The_group_is_managed_by_ECS_and_can_be_destroyed()
    {
        var inputs = (await StackRun.SharedAsync("dev")).Inputs(Group, "cluster-asg");
        var tags = Items(inputs["tags"]).Select(Map).ToList();

        Assert.That(inputs["protectFromScaleIn"], Is.EqualTo(true));
        Assert.That(inputs["forceDelete"], Is.EqualTo(true));
        Assert.That(inputs["capacityRebalance"], Is.EqualTo(false));
        Assert.That(tags, Has.One.Matches<ImmutableDictionary<string, object>>(t =>
            t is not null && Equals(t["key"], "AmazonECSManaged") && Equals(t["value"], string.Empty) && Equals(t["propagateAtLaunch"], true)));
        Assert.That(Items(inputs["enabledMetrics"]), Is.SupersetOf(new[] { "GroupInServiceInstances", "GroupDesiredCapacity", "GroupPendingInstances" }));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task The_group_carries_the_stack_tags_itself_since_default_tags_do_not_reach_it(string stack)
    {
        var tags = Items((await StackRun.SharedAsync(stack)).Inputs(Group, "cluster-asg")["tags"]).Select(Map)
            .Where(t => !Equals(t["key"], "AmazonECSManaged"))
            .ToDictionary(t => (string)t["key"], t => (Value: (string)t["value"], Propagated: (bool)t["propagateAtLaunch"]));

        Assert.That(tags, Is.EquivalentTo(new Dictionary<string, (string, bool)>
        {
            ["project"] = ("ecs-refarch", false),
            ["stack"] = (stack, false),
            ["owner"] = ("platform-team", false),
        }));
    }

    [TestCase("dev", 50.0, 100.0)]
    [TestCase("prod", 100.0, 200.0)]
    public async Task A_template_change_rolls_the_hosts_including_protected_ones(string stack, double minHealthy, double maxHealthy)
    {
        var refresh = Map((await StackRun.SharedAsync(stack)).Inputs(Group, "cluster-asg")["instanceRefresh"]);
        var preferences = Map(refresh["preferences"]);

        Assert.That(refresh["strategy"], Is.EqualTo("Rolling"));
        Assert.That(preferences["minHealthyPercentage"], Is.EqualTo(minHealthy));
        Assert.That(preferences["maxHealthyPercentage"], Is.EqualTo(maxHealthy));
        Assert.That(preferences["scaleInProtectedInstances"], Is.EqualTo("Refresh"));
        Assert.That(preferences["instanceWarmup"], Is.EqualTo("300"));
    }

    [Test]
    public async Task E9_the_capacity_provider_protects_and_drains_the_groups_hosts()
    {
        var run = await StackRun.SharedAsync("dev", c => c.With("targetCapacityPercent", "90"));
        var inputs = run.Inputs(CapacityProvider, "cluster-capacity");
        var provider = Map(inputs["autoScalingGroupProvider"]);
        var scaling = Map(provider["managedScaling"]);
        var groupArn = await StackRun.Value(run.Single<Pulumi.Aws.AutoScaling.Group>("cluster-asg").Arn);

        Assert.That(groupArn, Does.Contain(":autoScalingGroupName/cluster-asg-"));
        Assert.That(provider["autoScalingGroupArn"], Is.EqualTo(groupArn));
        Assert.That(provider["managedTerminationProtection"], Is.EqualTo("ENABLED"));
        Assert.That(provider["managedDraining"], Is.EqualTo("ENABLED"));
        Assert.That(scaling["status"], Is.EqualTo("ENABLED"));
        Assert.That(scaling["targetCapacity"], Is.EqualTo(90.0));
        Assert.That((scaling["minimumScalingStepSize"], scaling["maximumScalingStepSize"]), Is.EqualTo((1.0, 2.0)));
        Assert.That(scaling["instanceWarmupPeriod"], Is.EqualTo(300.0));
        Assert.That(inputs, Does.Not.ContainKey("cluster"), "an Auto Scaling group provider must not name a cluster");
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task The_clusters_default_strategy_is_the_capacity_provider(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var inputs = run.Inputs(ClusterCapacityProviders, "cluster-capacity-providers");
        var providerName = await StackRun.Value(run.Single<Pulumi.Aws.Ecs.CapacityProvider>("cluster-capacity").Name);
        var clusterName = await StackRun.Value(run.Single<EcsCluster>("cluster-ecs").Name);
        var strategy = Map(Items(inputs["defaultCapacityProviderStrategies"]).Single());

        Assert.That(providerName, Does.StartWith("cluster-capacity-"));
        Assert.That(inputs["clusterName"], Is.EqualTo(clusterName));
        Assert.That(Items(inputs["capacityProviders"]), Is.EqualTo(new object[] { providerName }));
        Assert.That(strategy["capacityProvider"], Is.EqualTo(providerName));
        Assert.That((strategy["weight"], strategy["base"]), Is.EqualTo((1.0, 0.0)));
        Assert.That(await run.OutputValue<string>(StackOutputs.CapacityProviderName), Is.EqualTo(providerName));
    }

    [Test]
    public async Task Services_can_depend_on_the_clusters_capacity_providers()
    {
        var run = await StackRun.SharedAsync("dev");

        Assert.That(
            run.Single<Infra.Components.Cluster>("cluster").CapacityProviders,
            Is.SameAs(run.Single<Pulumi.Aws.Ecs.ClusterCapacityProviders>("cluster-capacity-providers")));
    }

    [TestCase("enabled")]
    [TestCase("enhanced")]
    public async Task E1_container_insights_follows_settings_and_the_cluster_is_auto_named(string insights)
    {
        var inputs = (await StackRun.SharedAsync("dev", c => c.With("containerInsights", insights))).Inputs(EcsClusterType, "cluster-ecs");
        var setting = Map(Items(inputs["settings"]).Single());

        Assert.That((setting["name"], setting["value"]), Is.EqualTo(("containerInsights", insights)));
        Assert.That(inputs, Does.Not.ContainKey("name"));
    }

    [TestCase("dev", 14.0)]
    [TestCase("prod", 365.0)]
    public async Task G1_the_stack_owns_each_instance_log_group_with_its_retention(string stack, double retention)
    {
        var run = await StackRun.SharedAsync(stack);

        foreach (var log in LogNames)
        {
            var inputs = run.Inputs(LogGroup, $"cluster-log-{log}");
            Assert.That(inputs["name"], Is.EqualTo($"/ec2/ecs-refarch/{stack}/{log}"));
            Assert.That(inputs["retentionInDays"], Is.EqualTo(retention));
            Assert.That(inputs, Does.Not.ContainKey("kmsKeyId"));
        }

        Assert.That(
            await run.OutputValue<ImmutableArray<string>>(StackOutputs.InstanceLogGroups),
            Is.EqualTo(LogNames.Select(l => $"/ec2/ecs-refarch/{stack}/{l}")));
    }

    [Test]
    public async Task G2_instance_log_groups_use_the_configured_KMS_key()
    {
        const string Key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var run = await StackRun.SharedAsync("dev", c => c.With("logKmsKeyArn", Key));

        Assert.That(LogNames.Select(l => run.Inputs(LogGroup, $"cluster-log-{l}")["kmsKeyId"]), Has.All.EqualTo(Key));
    }

    [Test]
    public async Task The_outputs_name_the_cluster_and_its_group()
    {
        var run = await StackRun.SharedAsync("dev");

        Assert.That(await run.OutputValue<string>(StackOutputs.ClusterName), Is.EqualTo($"cluster-ecs-{MockedAws.Suffix("cluster-ecs")}"));
        Assert.That(await run.OutputValue<string>(StackOutputs.ClusterArn), Is.EqualTo(
            $"arn:aws:ecs:{MockedAws.Region}:{MockedAws.AccountId}:cluster/cluster-ecs-{MockedAws.Suffix("cluster-ecs")}"));
        Assert.That(await run.OutputValue<string>(StackOutputs.AutoScalingGroupName), Is.EqualTo($"cluster-asg-{MockedAws.Suffix("cluster-asg")}"));
    }

    [Test]
    public async Task Every_cluster_resource_is_a_child_of_the_component()
    {
        var run = await StackRun.SharedAsync("dev");
        (string Type, string Name)[] children =
        [
            (EcsClusterType, "cluster-ecs"),
            (LaunchTemplate, "cluster-hosts"),
            (Group, "cluster-asg"),
            (CapacityProvider, "cluster-capacity"),
            (ClusterCapacityProviders, "cluster-capacity-providers"),
            .. LogNames.Select(l => (LogGroup, $"cluster-log-{l}")),
        ];

        Assert.That(run.Parents[("ecs-refarch:compute:Cluster", "cluster")], Is.Null);
        foreach (var child in children)
        {
            Assert.That(run.Parents[child], Is.EqualTo("cluster"), $"{child.Type} {child.Name}");
        }
        Assert.That(
            run.Engine.Registered.Where(r => r.Name!.StartsWith("cluster-", StringComparison.Ordinal)).Select(r => (r.Type!, r.Name!)),
            Is.EquivalentTo(children),
            "no resource of the component is left unlisted here");
    }
}
