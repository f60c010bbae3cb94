using Infra.Model.Network;

namespace Infra.Model.Tests.Network;

/// <summary>The AZs the stack spreads over: the region's, and only those that offer the hosts' instance type.</summary>
public class ZoneChoiceTests
{
    private static readonly string[] Region = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e"];

    [Test]
    public void The_first_zones_that_offer_the_instance_type_are_taken_in_the_region_order()
    {
        var network = StackFiles.Settings("prod").Network;

        var (zones, errors) = ZoneChoice.For(network, "t3.large", Region, ["us-east-1e", "us-east-1d", "us-east-1b", "us-east-1a"]);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(zones, Is.EqualTo(new[] { "us-east-1a", "us-east-1b", "us-east-1d" }), "us-east-1c skipped: it does not offer t3.large");
        });
    }

    [Test]
    public void Fewer_offering_zones_than_the_count_name_the_count_and_the_zones_that_would_do()
    {
        var network = StackFiles.Settings("prod").Network;

        var (_, errors) = ZoneChoice.For(network, "m7g.large", Region, ["us-east-1a", "us-east-1c"]);

        var error = errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Key, Is.EqualTo("ecs-refarch:availabilityZoneCount"));
            Assert.That(error.Value, Is.EqualTo("3"));
            Assert.That(error.Problem, Is.EqualTo("only 2 AZ(s) of the region offer m7g.large"));
            Assert.That(error.Allowed, Is.EqualTo("from 2 to 2, or another instanceType"));
        });
    }

    [Test]
    public void An_explicit_zone_without_the_instance_type_is_named_with_the_zones_that_offer_it()
    {
        var network = RawConfig.From("dev").With("availabilityZones", """["us-east-1a","us-east-1e"]""").Load().Network;

        var (zones, errors) = ZoneChoice.For(network, "t3.small", Region, ["us-east-1a", "us-east-1b", "us-east-1c"]);

        Assert.Multiple(() =>
        {
            Assert.That(zones, Is.EqualTo(new[] { "us-east-1a", "us-east-1e" }), "explicit zones are kept as given");
            Assert.That(errors.Select(e => (e.Key, e.Value)), Is.EqualTo(new[] { ("ecs-refarch:availabilityZones", (string?)"us-east-1e") }));
            Assert.That(errors.Single().Allowed, Is.EqualTo("AZs that offer t3.small: us-east-1a, us-east-1b, us-east-1c; or another instanceType"));
        });
    }

    [Test]
    public void Explicit_zones_that_all_offer_the_type_pass_in_their_given_order()
    {
        var network = RawConfig.From("dev").With("availabilityZones", """["us-east-1c","us-east-1a"]""").Load().Network;

        var (zones, errors) = ZoneChoice.For(network, "t3.small", Region, Region);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(zones, Is.EqualTo(new[] { "us-east-1c", "us-east-1a" }));
        });
    }
}
