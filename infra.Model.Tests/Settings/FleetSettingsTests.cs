using Infra.Model.Compute;

namespace Infra.Model.Tests.Settings;

/// <summary>instanceTypes, the on-demand base and share, the Spot strategy and the pinned AMI: read, defaulted and checked.</summary>
public class FleetSettingsTests
{
    private const string Types = "instanceTypes";

    private static bool HasError(IReadOnlyList<ConfigError> errors, string key, string? value, string fragment) =>
        errors.Any(e => e.Key == key && e.Value == value && (e.Problem + " " + e.Allowed).Contains(fragment, StringComparison.Ordinal));

    [Test]
    public void Without_instance_types_the_hosts_are_instance_type_bought_on_demand()
    {
        var dev = StackFiles.Settings("dev").Cluster;
        var prod = StackFiles.Settings("prod").Cluster;

        Assert.That(dev.InstanceTypes, Is.EqualTo(new[] { "t3.small" }));
        Assert.That(dev.Purchase, Is.EqualTo(new PurchaseOptions(0, 100, "price-capacity-optimized")));
        Assert.That(prod.Purchase, Is.EqualTo(new PurchaseOptions(3, 100, "price-capacity-optimized")));
        Assert.That(dev.AmiId, Is.Null, "dev follows the SSM parameter");
        Assert.That(prod.AmiId, Does.Match("^ami-[0-9a-f]{17}$"), "prod is pinned");
    }

    [Test]
    public void The_environment_defaults_apply_when_the_stack_file_leaves_the_keys_out()
    {
        var prod = RawConfig.From("prod").Without("onDemandBaseCapacity").Without("onDemandPercentageAboveBase").Load().Cluster;

        Assert.That(prod.Purchase, Is.EqualTo(new PurchaseOptions(CapacityDefaults.Prod.OnDemandBaseCapacity, CapacityDefaults.Prod.OnDemandPercentageAboveBase, "price-capacity-optimized")));
    }

    [Test]
    public void Listed_types_are_read_in_order()
    {
        var cluster = RawConfig.From("dev").With(Types, """["t3.small","t3a.small","t2.small"]""").Load().Cluster;

        Assert.That(cluster.InstanceTypes, Is.EqualTo(new[] { "t3.small", "t3a.small", "t2.small" }));
        Assert.That(cluster.InstanceType, Is.EqualTo("t3.small"));
    }

    [Test]
    public void The_list_may_stand_alone_when_instance_type_is_left_out()
    {
        var cluster = RawConfig.From("dev").Without("instanceType").With(Types, """["t3a.small","t3.small"]""").Load().Cluster;

        Assert.That(cluster.InstanceTypes, Is.EqualTo(new[] { "t3a.small", "t3.small" }));
    }

    [Test]
    public void The_first_listed_type_must_be_instance_type()
    {
        var errors = RawConfig.From("dev").With(Types, """["t3a.small","t3.small"]""").Errors();

        Assert.That(HasError(errors, "ecs-refarch:instanceTypes", "t3a.small, t3.small", "a list starting with t3.small"), Is.True, string.Join("\n", errors));
    }

    [Test]
    public void Every_listed_type_must_be_known_and_listed_once()
    {
        var errors = RawConfig.From("dev").With(Types, """["t3.small","zz9.huge","t3small","t3.small"]""").Errors();

        Assert.Multiple(() =>
        {
            Assert.That(HasError(errors, "ecs-refarch:instanceTypes[1]", "zz9.huge", "knows the size of"), Is.True);
            Assert.That(HasError(errors, "ecs-refarch:instanceTypes[2]", "t3small", "family.size"), Is.True);
            Assert.That(HasError(errors, "ecs-refarch:instanceTypes[3]", "t3.small", "each type once"), Is.True);
        });
    }

    [Test]
    public void Every_listed_type_shares_the_first_ones_architecture()
    {
        var errors = RawConfig.From("dev").With(Types, """["t3.small","t4g.small","t3a.small"]""").Errors();

        Assert.That(errors, Has.Exactly(1).Matches<ConfigError>(e =>
            e is not null && e.Key == "ecs-refarch:instanceTypes[1]" && e.Value == "t4g.small" && e.Problem.Contains("one AMI", StringComparison.Ordinal) && e.Allowed == "x64 types only"));
    }

    [Test]
    public void Every_listed_type_must_hold_the_largest_task()
    {
        // t3.nano offers 512 × 0.9 − 256 = 204 MiB; a 400 MiB task (464 MiB with the Service Connect proxy's 64) fits
        // a t3.small (1587 MiB) only.
        var errors = RawConfig.From("dev").WithServiceField(0, "memory", 400).With(Types, """["t3.small","t3.nano"]""").Errors();

        Assert.That(errors, Has.Exactly(1).Matches<ConfigError>(e =>
            e is not null && e.Key == "ecs-refarch:instanceTypes[1]" && e.Value == "t3.nano" && e.Problem.Contains("product-service", StringComparison.Ordinal)
            && e.Problem.Contains("464 MiB", StringComparison.Ordinal) && e.Problem.Contains("204 MiB", StringComparison.Ordinal)));
    }

    [Test]
    public void A_listed_type_with_too_few_cpu_units_is_rejected()
    {
        // t2.small has one vCPU (1024 units).
        var errors = RawConfig.From("dev").WithServiceField(0, "cpu", 1536).With(Types, """["t3.small","t2.small"]""").Errors();

        Assert.That(HasError(errors, "ecs-refarch:instanceTypes[1]", "t2.small", "1024 units"), Is.True, string.Join("\n", errors));
    }

    [Test]
    public void Spot_in_prod_needs_an_on_demand_host_per_AZ()
    {
        var errors = RawConfig.From("prod").With("onDemandPercentageAboveBase", "50").With("onDemandBaseCapacity", "2").Errors();

        Assert.That(HasError(errors, "ecs-refarch:onDemandBaseCapacity", "2", "at least 3 in prod"), Is.True, string.Join("\n", errors));
    }

    [Test]
    public void Spot_in_prod_with_a_host_per_AZ_on_demand_passes()
    {
        var settings = RawConfig.From("prod").With("onDemandPercentageAboveBase", "50").With("onDemandBaseCapacity", "3").Load();

        Assert.That(settings.Cluster.Purchase.UsesSpot, Is.True);
    }

    [Test]
    public void Spot_in_dev_needs_no_base()
    {
        var settings = RawConfig.From("dev").With("onDemandPercentageAboveBase", "0").Load();

        Assert.That(settings.Cluster.Purchase, Is.EqualTo(new PurchaseOptions(0, 0, "price-capacity-optimized")));
    }

    [TestCase("onDemandPercentageAboveBase", "101", "from 0 to 100")]
    [TestCase("onDemandBaseCapacity", "-1", "from 0 to 1000")]
    [TestCase("spotAllocationStrategy", "cheapest", "price-capacity-optimized, capacity-optimized")]
    [TestCase("amiId", "ami-123", "ami- and 8 or 17 hex digits")]
    [TestCase("amiId", "ubuntu-22.04", "ami- and 8 or 17 hex digits")]
    public void Bad_purchase_and_image_values_name_the_key_and_what_is_allowed(string key, string value, string allowed)
    {
        var errors = RawConfig.From("dev").With(key, value).Errors();

        Assert.That(HasError(errors, $"ecs-refarch:{key}", value, allowed), Is.True, string.Join("\n", errors));
    }

    [Test]
    public void A_pinned_ami_is_read_as_given()
    {
        Assert.That(RawConfig.From("dev").With("amiId", "ami-0123456789abcdef0").Load().Cluster.AmiId, Is.EqualTo("ami-0123456789abcdef0"));
    }

    [Test]
    public void The_split_keeps_the_base_on_demand_and_rounds_the_share_up_in_favour_of_on_demand()
    {
        var options = new PurchaseOptions(1, 50, "price-capacity-optimized");

        // 5 hosts: base 1, then 4 × 50 % = 2 on-demand, 2 Spot. 4 hosts: 1 + ceil(1.5) = 3, 1 Spot.
        Assert.That(options.Split(5), Is.EqualTo((3, 2)));
        Assert.That(options.Split(4), Is.EqualTo((3, 1)));
        Assert.That(options.Split(1), Is.EqualTo((1, 0)));
        Assert.That(PurchaseOptions.OnDemandOnly.Split(9), Is.EqualTo((9, 0)));
        Assert.That(new PurchaseOptions(0, 0, "lowest-price").Split(2), Is.EqualTo((0, 2)));
    }

    [Test]
    public void The_fleet_uses_a_mixed_policy_only_for_several_types_or_spot()
    {
        var single = FleetPlan.For(StackFiles.Settings("dev"));
        var types = FleetPlan.For(RawConfig.From("dev").With(Types, """["t3.small","t3a.small"]""").Load());
        var spot = FleetPlan.For(RawConfig.From("dev").With("onDemandPercentageAboveBase", "0").Load());

        Assert.That((single.UsesMixedInstancesPolicy, single.CapacityRebalance), Is.EqualTo((false, false)));
        Assert.That((types.UsesMixedInstancesPolicy, types.CapacityRebalance), Is.EqualTo((true, false)));
        Assert.That((spot.UsesMixedInstancesPolicy, spot.CapacityRebalance), Is.EqualTo((true, true)));
    }
}
