using Infra.Model.Settings;

namespace Infra.Tools.Plan.Tests;

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

    [Test]
    public void The_ALB_opens_80_and_443_to_each_allowed_CIDR_and_nothing_else_to_the_world()
    {
        var rules = PlanSections.SecurityGroupRules(Settings("prod", ("allowedIngressCidrs", """["203.0.113.0/24","198.51.100.0/24"]""")));

        var ingress = rules.Where(r => r.Group == "alb" && r.Direction == "ingress").Select(r => (r.Ports, r.Peer));
        Assert.That(ingress, Is.EquivalentTo(new[] { ("80", "203.0.113.0/24"), ("443", "203.0.113.0/24"), ("80", "198.51.100.0/24"), ("443", "198.51.100.0/24") }));
        Assert.That(rules.Where(r => r.Direction == "ingress" && r.Peer == "0.0.0.0/0"), Is.Empty);
    }

    [Test]
    public void Hosts_take_only_the_dynamic_port_range_and_only_from_the_ALB()
    {
        var rules = PlanSections.SecurityGroupRules(Settings("dev"));

        var host = rules.Where(r => r.Group == "host").Select(r => (r.Direction, r.Protocol, r.FromPort, r.ToPort, r.Peer));
        Assert.That(host, Is.EquivalentTo(new[]
        {
            ("ingress", "tcp", 32768, 65535, "alb security group"),
            ("egress", "tcp", 443, 443, "0.0.0.0/0"),
        }));
        Assert.That(rules.Single(r => r.Group == "alb" && r.Direction == "egress").Ports, Is.EqualTo("32768-65535"));
    }
}
