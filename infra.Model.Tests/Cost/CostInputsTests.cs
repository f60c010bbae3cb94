using Infra.Model.Compute;
using Infra.Model.Cost;
using Infra.Model.Network;

namespace Infra.Model.Tests.Cost;

public class CostInputsTests
{
    [Test]
    public void Instances_and_volumes_are_the_cluster_plans_and_ALB_nodes_the_public_subnets()
    {
        var settings = StackFiles.Settings("prod");
        var cluster = ClusterPlan.For(settings) with
        {
            DesiredCapacity = 5,
            MaxSize = 11,
            RootVolume = new RootVolumePlan("/dev/xvda", "gp2", 64, Encrypted: true, DeleteOnTermination: true),
        };
        var subnets = SubnetPlan.For(settings.Network);
        var twoZones = subnets with { Zones = [.. subnets.Zones.Take(2)] };

        var inputs = CostInputs.From(settings, cluster, twoZones);

        // What the plans say, not what the settings say (prod: desiredCapacity 3, maxSize 9, 30 GiB gp3, 3 AZs).
        Assert.That((inputs.Instances, inputs.MaxInstances), Is.EqualTo((5, 11)));
        Assert.That((inputs.RootVolumeGiB, inputs.RootVolumeType), Is.EqualTo((64, VolumeType.Gp2)));
        Assert.That(inputs.LoadBalancerZones, Is.EqualTo(2));
        // natGateways onePerAz in 3 AZs: one NAT gateway (and its EIP) per AZ.
        Assert.That(inputs.NatGateways, Is.EqualTo(3));
    }

    [Test]
    public void From_settings_prices_what_the_plans_of_those_settings_deploy()
    {
        var settings = StackFiles.Settings("dev");

        var inputs = CostInputs.From(settings);

        // dev: desiredCapacity 2 and maxSize 4 of t3.small, 30 GiB gp3 roots (default), 2 AZs, a single NAT gateway.
        // Observability: 22 alarm metrics (see CostEstimatorTests), one dashboard, the topic's own key (none configured).
        Assert.That(inputs, Is.EqualTo(new CostInputs("us-east-1", "t3.small", 2, 4, 1, 2, 30, VolumeType.Gp3, 14)
        {
            NotPriced = inputs.NotPriced,
            InstanceTypes = inputs.InstanceTypes,
            AlarmMetrics = 22,
            Dashboards = 1,
            KmsKeys = 1,
        }));
        Assert.That(inputs.InstanceTypes, Is.EqualTo(new[] { "t3.small" }));
        Assert.That(inputs.Purchase, Is.EqualTo(PurchaseOptions.OnDemandOnly));
    }
}
