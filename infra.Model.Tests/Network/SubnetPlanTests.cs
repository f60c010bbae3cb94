using System.Net;
using Infra.Model.Network;

namespace Infra.Model.Tests.Network;

public class SubnetPlanTests
{
    private static IPNetwork N(string cidr) => IPNetwork.Parse(cidr);

    [Test]
    public void Two_AZs_reproduce_the_reference_layout()
    {
        var plan = SubnetPlan.For(StackFiles.Settings("dev").Network);

        Assert.That(plan.Public, Is.EqualTo(new[] { N("10.180.8.0/21"), N("10.180.16.0/21") }));
        Assert.That(plan.Private, Is.EqualTo(new[] { N("10.180.24.0/21"), N("10.180.32.0/21") }));
    }

    [Test]
    public void A_third_AZ_takes_the_next_free_blocks_and_moves_nothing()
    {
        var plan = SubnetPlan.For(StackFiles.Settings("prod").Network);

        Assert.That(plan.Public, Is.EqualTo(new[] { N("10.180.8.0/21"), N("10.180.16.0/21"), N("10.180.40.0/21") }));
        Assert.That(plan.Private, Is.EqualTo(new[] { N("10.180.24.0/21"), N("10.180.32.0/21"), N("10.180.48.0/21") }));
    }

    [Test]
    public void Planned_subnets_are_inside_the_VPC_and_disjoint_for_every_AZ_count_that_fits()
    {
        for (var zones = 2; zones <= 15; zones++)
        {
            var settings = RawConfig.From("dev").With("availabilityZoneCount", zones.ToString(System.Globalization.CultureInfo.InvariantCulture)).Load();
            var all = SubnetPlan.For(settings.Network).Zones.SelectMany(z => new[] { z.Public, z.Private }).ToList();

            Assert.That(all, Has.All.Matches<IPNetwork>(s => SubnetPlan.Inside(N("10.180.0.0/16"), s)), $"{zones} AZs");
            Assert.That(all.SelectMany((a, i) => all.Skip(i + 1).Where(b => SubnetPlan.Overlaps(a, b))), Is.Empty, $"{zones} AZs");
        }
    }

    [Test]
    public void Too_many_AZs_for_the_VPC_names_the_count_and_the_limit()
    {
        var error = RawConfig.From("dev").With("availabilityZoneCount", "16").Errors().Single();

        Assert.That(error.Key, Is.EqualTo("ecs-refarch:availabilityZoneCount"));
        Assert.That(error.Allowed, Does.Contain("at most 15 AZs"));
    }

    [Test]
    public void Smaller_VPCs_scale_the_plan_down()
    {
        var settings = RawConfig.From("dev").With("vpcCidr", "10.1.0.0/24").With("subnetPrefixLength", "27").Load();

        var plan = SubnetPlan.For(settings.Network);

        Assert.That(plan.Public, Is.EqualTo(new[] { N("10.1.0.32/27"), N("10.1.0.64/27") }));
        Assert.That(plan.Private, Is.EqualTo(new[] { N("10.1.0.96/27"), N("10.1.0.128/27") }));
    }

    [Test]
    public void Explicit_subnets_are_used_as_given()
    {
        var settings = RawConfig.From("dev")
            .With("publicSubnetCidrs", """["10.180.0.0/24","10.180.1.0/24"]""")
            .With("privateSubnetCidrs", """["10.180.64.0/18","10.180.128.0/18"]""")
            .Load();

        var plan = SubnetPlan.For(settings.Network);

        Assert.That(plan.Zones[1].Public, Is.EqualTo(N("10.180.1.0/24")));
        Assert.That(plan.Zones[1].Private, Is.EqualTo(N("10.180.128.0/18")));
    }
}
