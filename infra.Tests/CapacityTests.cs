using System.Text;

namespace Infra.Tests;

/// <summary>
/// Instance types, Spot and the pinned AMI under the mocked engine: the Auto Scaling group carries a mixed instances
/// policy only when several types or a Spot share are configured, the user data turns on Spot draining only with Spot,
/// a pinned AMI replaces the SSM lookup, and the services redeploy onto whichever capacity provider the cluster has.
/// </summary>
public class CapacityTests
{
    private const string LaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate";
    private const string Group = "aws:autoscaling/group:Group";
    private const string CapacityProvider = "aws:ecs/capacityProvider:CapacityProvider";
    private const string ClusterCapacityProviders = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
    private const string EcsService = "aws:ecs/service:Service";
    private const string GetParameter = "aws:ssm/getParameter:getParameter";
    private const string SpotDraining = "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true";
    private const string ThreeTypes = """["t3.small","t3a.small","t2.small"]""";

    private static ImmutableDictionary<string, object> Map(object value) => (ImmutableDictionary<string, object>)value;

    private static ImmutableArray<object> Items(object value) => (ImmutableArray<object>)value;

    private static string[] UserDataLines(StackRun run) =>
        Encoding.UTF8.GetString(Convert.FromBase64String((string)run.Inputs(LaunchTemplate, "cluster-hosts")["userData"])).Split('\n');

    private static void DevOnSpot(TestConfig config) => config
        .With("instanceTypes", ThreeTypes)
        .With("onDemandBaseCapacity", "0")
        .With("onDemandPercentageAboveBase", "0");

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task One_on_demand_type_launches_the_template_without_a_mixed_policy_or_spot_draining(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var group = run.Inputs(Group, "cluster-asg");

        Assert.That(group, Does.ContainKey("launchTemplate"));
        Assert.That(group, Does.Not.ContainKey("mixedInstancesPolicy"));
        Assert.That(group["capacityRebalance"], Is.EqualTo(false));
        Assert.That(UserDataLines(run), Has.None.StartsWith("ECS_ENABLE_SPOT_INSTANCE_DRAINING"));
    }

    [Test]
    public async Task Spot_hosts_come_from_a_mixed_policy_over_the_same_template_with_rebalancing_and_draining()
    {
        var run = await StackRun.SharedAsync("dev", DevOnSpot);
        var group = run.Inputs(Group, "cluster-asg");
        var policy = Map(group["mixedInstancesPolicy"]);
        var template = Map(policy["launchTemplate"]);
        var specification = Map(template["launchTemplateSpecification"]);
        var distribution = Map(policy["instancesDistribution"]);

        Assert.That(group, Does.Not.ContainKey("launchTemplate"), "a group takes either a template or a mixed policy");
        Assert.That(specification["launchTemplateId"], Is.EqualTo("lt-0abc"));
        Assert.That(specification["version"], Is.EqualTo("1"), "the template's numbered version, never $Latest");
        Assert.That(Items(template["overrides"]).Select(o => Map(o)["instanceType"]), Is.EqualTo(new object[] { "t3.small", "t3a.small", "t2.small" }));
        Assert.That(distribution["onDemandBaseCapacity"], Is.EqualTo(0.0));
        Assert.That(distribution["onDemandPercentageAboveBaseCapacity"], Is.EqualTo(0.0));
        Assert.That(distribution["spotAllocationStrategy"], Is.EqualTo("price-capacity-optimized"));
        Assert.That(distribution["onDemandAllocationStrategy"], Is.EqualTo("prioritized"));
        Assert.That(group["capacityRebalance"], Is.EqualTo(true));
        Assert.That(UserDataLines(run), Does.Contain(SpotDraining));
    }

    [Test]
    public async Task Several_on_demand_types_use_the_mixed_policy_without_spot_rebalancing_or_draining()
    {
        var run = await StackRun.SharedAsync("dev", c => c.With("instanceTypes", """["t3.small","t3a.small"]"""));
        var group = run.Inputs(Group, "cluster-asg");
        var distribution = Map(Map(group["mixedInstancesPolicy"])["instancesDistribution"]);

        Assert.That(Items(Map(Map(group["mixedInstancesPolicy"])["launchTemplate"])["overrides"]).Select(o => Map(o)["instanceType"]),
            Is.EqualTo(new object[] { "t3.small", "t3a.small" }));
        Assert.That(distribution["onDemandPercentageAboveBaseCapacity"], Is.EqualTo(100.0));
        Assert.That(group["capacityRebalance"], Is.EqualTo(false));
        Assert.That(UserDataLines(run), Does.Not.Contain(SpotDraining));
    }

    [Test]
    public async Task The_launch_template_keeps_the_first_type_and_everything_else_under_the_mixed_policy()
    {
        var plain = PlannedInputs.ToJson((await StackRun.SharedAsync("dev")).Inputs(LaunchTemplate, "cluster-hosts"));
        var spot = PlannedInputs.ToJson((await StackRun.SharedAsync("dev", DevOnSpot)).Inputs(LaunchTemplate, "cluster-hosts"));

        Assert.That((string?)spot["instanceType"], Is.EqualTo("t3.small"));
        Assert.That(plain.Remove("userData") && spot.Remove("userData"), Is.True);
        Assert.That(spot.ToJsonString(), Is.EqualTo(plain.ToJsonString()), "switching to Spot changes the template's user data only (the draining line)");
    }

    [Test]
    public async Task A_pinned_ami_is_used_as_given_and_the_ssm_parameter_is_not_read()
    {
        var prod = await StackRun.SharedAsync("prod");
        var dev = await StackRun.SharedAsync("dev", c => c.With("amiId", "ami-0fedcba9876543210"));

        Assert.That(prod.Inputs(LaunchTemplate, "cluster-hosts")["imageId"], Is.EqualTo(TestConfig.From("prod").Values["ecs-refarch:amiId"]));
        Assert.That(prod.Engine.Calls.Select(c => c.Token), Does.Not.Contain(GetParameter));
        Assert.That(dev.Inputs(LaunchTemplate, "cluster-hosts")["imageId"], Is.EqualTo("ami-0fedcba9876543210"));
        Assert.That(dev.Engine.Calls.Select(c => c.Token), Does.Not.Contain(GetParameter));
    }

    [Test]
    public async Task Without_a_pin_dev_reads_the_current_ami_from_ssm()
    {
        var run = await StackRun.SharedAsync("dev");

        Assert.That(run.Engine.Calls.Where(c => c.Token == GetParameter).Select(c => c.Args["name"]),
            Does.Contain("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"));
        Assert.That(run.Inputs(LaunchTemplate, "cluster-hosts")["imageId"], Is.EqualTo(MockedAws.AmiId));
    }

    [TestCase("product-service")]
    [TestCase("website-service")]
    public async Task Each_service_redeploys_onto_the_capacity_provider_the_cluster_has(string service)
    {
        var run = await StackRun.SharedAsync("dev", DevOnSpot);
        var providerName = await StackRun.Value(run.Single<Pulumi.Aws.Ecs.CapacityProvider>("cluster-capacity").Name);
        var groupArn = await StackRun.Value(run.Single<Pulumi.Aws.AutoScaling.Group>("cluster-asg").Arn);
        var inputs = run.Inputs(EcsService, $"{service}-ecs");
        var strategy = Map(Items(inputs["capacityProviderStrategies"]).Single());

        // The chain a replacement travels: group → capacity provider → cluster association → service strategy and trigger.
        Assert.That(Map(run.Inputs(CapacityProvider, "cluster-capacity")["autoScalingGroupProvider"])["autoScalingGroupArn"], Is.EqualTo(groupArn));
        Assert.That(Items(run.Inputs(ClusterCapacityProviders, "cluster-capacity-providers")["capacityProviders"]), Is.EqualTo(new object[] { providerName }));
        Assert.That(strategy["capacityProvider"], Is.EqualTo(providerName));
        // ECS accepts a changed strategy only with a new deployment; without it the provider would replace the service.
        Assert.That(inputs["forceNewDeployment"], Is.EqualTo(true));
        Assert.That(Map(inputs["triggers"])["capacityProvider"], Is.EqualTo(providerName));
    }
}
