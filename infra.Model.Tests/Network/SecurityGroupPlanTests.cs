using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.Model.Network;
using Infra.Model.Tests.Settings;

namespace Infra.Model.Tests.Network;

public class SecurityGroupPlanTests
{
    private const SecurityGroupName Alb = SecurityGroupName.Alb;
    private const SecurityGroupName Host = SecurityGroupName.Host;

    /// <summary>A rule as the tests compare it: what it lets through, from or to where.</summary>
    private static (SecurityGroupName, RuleDirection, string, int, int, string?, SecurityGroupName?) Shape(SecurityGroupRule r) =>
        (r.Group, r.Direction, r.Protocol, r.FromPort, r.ToPort, r.Cidr?.ToString(), r.Peer);

    private static StackSettings WithoutServiceCalls()
    {
        var services = JsonNode.Parse(StackFiles.Raw("dev")["ecs-refarch:services"])!.AsArray();
        foreach (var service in services)
        {
            service!.AsObject().Remove("serviceUrlEnvironment");
        }

        return RawConfig.From("dev").With("services", services.ToJsonString()).Load();
    }

    [Test]
    public void Dev_without_HTTPS_opens_only_HTTP_to_the_load_balancer_and_hosts_reach_each_other_for_service_connect()
    {
        var plan = SecurityGroupPlan.For(StackFiles.Settings("dev"));

        Assert.That(plan.Rules.Select(Shape), Is.EquivalentTo(new (SecurityGroupName, RuleDirection, string, int, int, string?, SecurityGroupName?)[]
        {
            (Alb, RuleDirection.Ingress, "tcp", 80, 80, "0.0.0.0/0", null),
            (Alb, RuleDirection.Egress, "tcp", 32768, 65535, null, Host),
            (Host, RuleDirection.Ingress, "tcp", 32768, 65535, null, Alb),
            (Host, RuleDirection.Ingress, "tcp", 32768, 65535, null, Host),
            (Host, RuleDirection.Egress, "tcp", 443, 443, "0.0.0.0/0", null),
            (Host, RuleDirection.Egress, "tcp", 32768, 65535, null, Host),
        }));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void N7_no_rule_lets_hosts_send_port_80_or_anything_but_443_to_the_internet(string stack)
    {
        var plan = SecurityGroupPlan.For(StackFiles.Settings(stack));

        var toInternet = plan.For(Host, RuleDirection.Egress).Where(r => r.Cidr is not null).ToList();

        Assert.That(toInternet.Select(r => (r.FromPort, r.ToPort, r.Cidr!.ToString())), Is.EqualTo(new[] { (443, 443, "0.0.0.0/0") }));
        Assert.That(plan.Rules, Has.None.Matches<SecurityGroupRule>(r => r!.Direction == RuleDirection.Egress && r.FromPort <= 80 && r.ToPort >= 80));
    }

    [Test]
    public void Through_the_load_balancer_hosts_do_not_open_their_ports_to_each_other()
    {
        var settings = RawConfig.From("prod").With("serviceDiscovery", "loadBalancer").With("domainName", "shop.example.com")
            .WithServiceField(1, "serviceUrlEnvironment", null).Load();

        var plan = SecurityGroupPlan.For(settings);

        Assert.That(plan.Rules, Has.None.Matches<SecurityGroupRule>(r => r!.Group == Host && r.Peer == Host));
    }

    [Test]
    public void Prod_with_HTTPS_also_opens_443_so_the_redirect_lands()
    {
        var plan = SecurityGroupPlan.For(StackFiles.Settings("prod"));

        Assert.That(plan.For(Alb, RuleDirection.Ingress).Select(Shape), Is.EquivalentTo(new (SecurityGroupName, RuleDirection, string, int, int, string?, SecurityGroupName?)[]
        {
            (Alb, RuleDirection.Ingress, "tcp", 80, 80, "0.0.0.0/0", null),
            (Alb, RuleDirection.Ingress, "tcp", 443, 443, "0.0.0.0/0", null),
        }));
        Assert.That(plan.For(Host, RuleDirection.Ingress).Select(Shape), Is.EqualTo(new (SecurityGroupName, RuleDirection, string, int, int, string?, SecurityGroupName?)[]
        {
            (Host, RuleDirection.Ingress, "tcp", 32768, 65535, null, Alb),
            (Host, RuleDirection.Ingress, "tcp", 32768, 65535, null, Host),
        }));
    }

    [Test]
    public void Allowed_ingress_CIDRs_become_the_load_balancer_rules_and_nothing_else_is_open_to_them()
    {
        var settings = RawConfig.From("prod").With("allowedIngressCidrs", """["10.0.0.0/8","192.168.0.0/16","10.0.0.0/8"]""").Load();

        var plan = SecurityGroupPlan.For(settings);

        Assert.That(plan.For(Alb, RuleDirection.Ingress).Select(r => (r.FromPort, r.Cidr?.ToString())), Is.EquivalentTo(new (int, string?)[]
        {
            (80, "10.0.0.0/8"), (443, "10.0.0.0/8"), (80, "192.168.0.0/16"), (443, "192.168.0.0/16"),
        }));
        Assert.That(plan.Rules.Where(r => r.Direction == RuleDirection.Ingress).Select(r => r.Cidr), Has.None.EqualTo(SecurityGroupPlan.Anywhere));
    }

    [Test]
    public void N4_only_the_load_balancer_on_80_and_443_is_open_to_the_internet()
    {
        var plan = SecurityGroupPlan.For(StackFiles.Settings("prod"));

        var open = plan.Rules.Where(r => r.Direction == RuleDirection.Ingress && r.Cidr is { PrefixLength: 0 }).ToList();

        Assert.That(open, Has.All.Matches<SecurityGroupRule>(r => r!.Group == Alb && r.FromPort == r.ToPort && (r.FromPort == 80 || r.FromPort == 443)));
    }

    [Test]
    public void N5_the_hosts_accept_only_the_load_balancer_group_and_their_own_and_never_a_CIDR()
    {
        var plan = SecurityGroupPlan.For(StackFiles.Settings("prod"));

        Assert.That(plan.For(Host, RuleDirection.Ingress), Has.All.Matches<SecurityGroupRule>(r => (r!.Peer == Alb || r.Peer == Host) && r.Cidr is null));
    }

    [Test]
    public void N6_the_load_balancer_sends_only_to_the_hosts_dynamic_ports()
    {
        var plan = SecurityGroupPlan.For(StackFiles.Settings("prod"));

        var egress = plan.For(Alb, RuleDirection.Egress).Single();

        Assert.That((egress.Protocol, egress.FromPort, egress.ToPort, egress.Peer, egress.Cidr), Is.EqualTo(("tcp", 32768, 65535, (SecurityGroupName?)Host, (IPNetwork?)null)));
    }

    [Test]
    public void Without_service_to_service_calls_the_hosts_send_only_HTTPS_out_and_their_ports_to_each_other()
    {
        var plan = SecurityGroupPlan.For(WithoutServiceCalls());

        Assert.That(plan.For(Host, RuleDirection.Egress).Select(Shape), Is.EqualTo(new (SecurityGroupName, RuleDirection, string, int, int, string?, SecurityGroupName?)[]
        {
            (Host, RuleDirection.Egress, "tcp", 443, 443, "0.0.0.0/0", null),
            (Host, RuleDirection.Egress, "tcp", 32768, 65535, null, Host),
        }));
    }

    [Test]
    public void No_rule_opens_all_protocols_or_DNS()
    {
        var plan = SecurityGroupPlan.For(StackFiles.Settings("prod"));

        Assert.That(plan.Rules.Select(r => r.Protocol), Has.All.EqualTo("tcp"));
        Assert.That(plan.Rules, Has.None.Matches<SecurityGroupRule>(r => r!.FromPort <= 53 && r.ToPort >= 53));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void Every_rule_has_one_target_a_unique_name_and_a_description_EC2_accepts(string stack)
    {
        var plan = SecurityGroupPlan.For(StackFiles.Settings(stack));
        var allowed = new Regex(SecurityGroupPlan.DescriptionCharacters);

        Assert.That(plan.Rules, Has.All.Matches<SecurityGroupRule>(r => (r!.Cidr is null) != (r.Peer is null)));
        Assert.That(plan.Rules.Select(r => r.Name), Is.Unique);
        Assert.That(plan.Rules.Select(r => r.Description), Has.All.Matches<string>(d => d is not null && allowed.IsMatch(d)));
        Assert.That(new[] { Alb, Host }.Select(SecurityGroupPlan.Description), Has.All.Matches<string>(d => d is not null && allowed.IsMatch(d)));
    }

    [Test]
    public void Rule_names_follow_the_CIDR_not_its_position()
    {
        var first = SecurityGroupPlan.For(RawConfig.From("dev").With("allowedIngressCidrs", """["10.0.0.0/8","192.168.0.0/16"]""").Load());
        var swapped = SecurityGroupPlan.For(RawConfig.From("dev").With("allowedIngressCidrs", """["192.168.0.0/16","10.0.0.0/8"]""").Load());

        Assert.That(swapped.Rules.Select(r => (r.Name, r.Cidr)), Is.EquivalentTo(first.Rules.Select(r => (r.Name, r.Cidr))));
        Assert.That(first.Rules.Select(r => r.Name), Does.Contain("alb-in-http-192-168-0-0-16"));
    }
}
