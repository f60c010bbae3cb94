using Infra.Model.Settings;

namespace Infra.Tools.Plan.Tests;

/// <summary>The printed rules are the security-group plan's: the rows a reviewer reads are the rules deployed.</summary>
public class SecurityGroupRulesTests
{
    private static StackSettings Settings(string stack, params (string Key, string Value)[] changes)
    {
        var raw = new Dictionary<string, string>(StackConfigFile.Load(Path.Combine(PlanRun.StacksDirectory, "Pulumi.yaml"), PlanRun.StackFile(stack)));
        foreach (var (key, value) in changes)
        {
            raw[ConfigKeys.Full(key)] = value;
        }

        return SettingsLoader.Load(raw, stack);
    }

    /// <summary>Rows as (group, direction, protocol, ports, peer).</summary>
    private static IEnumerable<(string Group, string Direction, string Protocol, string Ports, string Peer)> Rules(StackSettings settings) =>
        PlanSections.SecurityGroups(StackPlan.For(settings)).Rows.Select(r => (r[0], r[1], r[2], r[3], r[4]));

    [Test]
    public void With_HTTPS_the_ALB_opens_80_and_443_to_each_allowed_CIDR_and_nothing_else_to_the_world()
    {
        var rules = Rules(Settings("prod", ("allowedIngressCidrs", """["203.0.113.0/24","198.51.100.0/24"]""")));

        var ingress = rules.Where(r => r.Group == "alb" && r.Direction == "ingress").Select(r => (r.Ports, r.Peer));
        Assert.That(ingress, Is.EquivalentTo(new[] { ("80", "203.0.113.0/24"), ("443", "203.0.113.0/24"), ("80", "198.51.100.0/24"), ("443", "198.51.100.0/24") }));
        Assert.That(rules.Where(r => r.Direction == "ingress" && r.Peer == "0.0.0.0/0"), Is.Empty);
    }

    [Test]
    public void Without_HTTPS_the_ALB_opens_only_80()
    {
        // dev: httpsEnabled false, allowedIngressCidrs defaulted to anywhere; no HTTPS listener, so no 443 rule.
        var rules = Rules(Settings("dev"));

        var ingress = rules.Where(r => r.Group == "alb" && r.Direction == "ingress").Select(r => (r.Protocol, r.Ports, r.Peer));
        Assert.That(ingress, Is.EqualTo(new[] { ("tcp", "80", "0.0.0.0/0") }));
    }

    [Test]
    public void Hosts_take_only_the_dynamic_port_range_and_only_from_the_ALB_and_each_other()
    {
        var rules = Rules(Settings("dev")).ToList();

        // The website calls the product service through Service Connect: proxy to proxy on the hosts' dynamic ports,
        // inside the VPC, so nothing but 443 goes to the internet.
        var host = rules.Where(r => r.Group == "host").Select(r => (r.Direction, r.Protocol, r.Ports, r.Peer));
        Assert.That(host, Is.EquivalentTo(new[]
        {
            ("ingress", "tcp", "32768-65535", "alb security group"),
            ("ingress", "tcp", "32768-65535", "host security group"),
            ("egress", "tcp", "443", "0.0.0.0/0"),
            ("egress", "tcp", "32768-65535", "host security group"),
        }));
        Assert.That(rules.Single(r => r.Group == "alb" && r.Direction == "egress"), Is.EqualTo(("alb", "egress", "tcp", "32768-65535", "host security group")));
    }

    [Test]
    public void Hosts_get_no_HTTP_egress_to_the_internet_when_no_service_calls_another()
    {
        var services = """
            [{"name":"product-service","image":"example.com/product:1","containerPort":8001,"pathPattern":"/products","cpu":128,"memory":128}]
            """;

        var rules = Rules(Settings("dev", ("services", services)));

        Assert.That(rules.Where(r => r.Group == "host" && r.Direction == "egress" && r.Peer == "0.0.0.0/0").Select(r => r.Ports), Is.EqualTo(new[] { "443" }));
    }
}
