using System.Globalization;
using Infra.Components;
using Aws = Pulumi.Aws;

namespace Infra.Tests;

/// <summary>The SecurityGroups component under the mocked engine: exactly the planned rules, each its own resource.</summary>
public class SecurityGroupsTests
{
    private const string IngressType = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    private const string EgressType = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    private const string Anywhere = "0.0.0.0/0";

    /// <summary>A rule as the engine received it: the group it belongs to, what it lets through, from or to where.</summary>
    private sealed record Rule(string Group, string Protocol, int From, int To, string? Cidr, string? Peer);

    private sealed record Groups(string Alb, string Host);

    private static string? Optional(ImmutableDictionary<string, object> inputs, string key) =>
        inputs.TryGetValue(key, out var value) ? (string)value : null;

    private static Rule[] Rules(StackRun run, string type) =>
        [.. run.Registered(type).Select(r => new Rule(
            (string)r.Inputs["securityGroupId"],
            (string)r.Inputs["ipProtocol"],
            Convert.ToInt32(r.Inputs["fromPort"], CultureInfo.InvariantCulture),
            Convert.ToInt32(r.Inputs["toPort"], CultureInfo.InvariantCulture),
            Optional(r.Inputs, "cidrIpv4"),
            Optional(r.Inputs, "referencedSecurityGroupId")))];

    private static async Task<Groups> GroupIds(StackRun run) => new(
        await StackRun.Value(run.Single<Aws.Ec2.SecurityGroup>("security-alb").Id),
        await StackRun.Value(run.Single<Aws.Ec2.SecurityGroup>("security-host").Id));

    [Test]
    public async Task Dev_rules_are_exactly_the_plan()
    {
        var run = await StackRun.SharedAsync("dev");
        var (alb, host) = await GroupIds(run);

        Assert.That(Rules(run, IngressType), Is.EquivalentTo(new[]
        {
            new Rule(alb, "tcp", 80, 80, Anywhere, null),
            new Rule(host, "tcp", 32768, 65535, null, alb),
            new Rule(host, "tcp", 32768, 65535, null, host),
        }));

        // Service Connect: proxy to proxy between hosts; nothing leaves for the internet but HTTPS (N7).
        Assert.That(Rules(run, EgressType), Is.EquivalentTo(new[]
        {
            new Rule(alb, "tcp", 32768, 65535, null, host),
            new Rule(host, "tcp", 443, 443, Anywhere, null),
            new Rule(host, "tcp", 32768, 65535, null, host),
        }));
    }

    [Test]
    public async Task Prod_with_HTTPS_also_opens_443_on_the_load_balancer()
    {
        var run = await StackRun.SharedAsync("prod");
        var (alb, host) = await GroupIds(run);

        Assert.That(Rules(run, IngressType), Is.EquivalentTo(new[]
        {
            new Rule(alb, "tcp", 80, 80, Anywhere, null),
            new Rule(alb, "tcp", 443, 443, Anywhere, null),
            new Rule(host, "tcp", 32768, 65535, null, alb),
            new Rule(host, "tcp", 32768, 65535, null, host),
        }));
    }

    [Test]
    public async Task N4_allowed_ingress_CIDRs_replace_the_open_internet_on_the_load_balancer()
    {
        var run = await StackRun.SharedAsync("prod", c => c.With("allowedIngressCidrs", """["203.0.113.0/24","198.51.100.0/24"]"""));
        var (alb, _) = await GroupIds(run);

        var albIngress = Rules(run, IngressType).Where(r => r.Group == alb);

        Assert.That(albIngress.Select(r => (r.From, r.Cidr)), Is.EquivalentTo(new (int, string?)[]
        {
            (80, "203.0.113.0/24"), (443, "203.0.113.0/24"), (80, "198.51.100.0/24"), (443, "198.51.100.0/24"),
        }));
        Assert.That(Rules(run, IngressType).Select(r => r.Cidr), Has.None.EqualTo(Anywhere));
    }

    [Test]
    public async Task N5_N6_hosts_take_traffic_only_from_the_load_balancer_and_each_other_and_it_sends_only_to_them()
    {
        var run = await StackRun.SharedAsync("prod");
        var (alb, host) = await GroupIds(run);

        // Service Connect: the hosts' proxies also take the dynamic ports from the host group, never from a CIDR.
        Assert.That(Rules(run, IngressType).Where(r => r.Group == host), Has.All.Matches<Rule>(r => (r!.Peer == alb || r.Peer == host) && r.Cidr is null));
        Assert.That(Rules(run, IngressType).Where(r => r.Group == host).Select(r => r.Peer), Is.EquivalentTo(new[] { alb, host }));
        Assert.That(Rules(run, EgressType).Where(r => r.Group == alb), Has.All.Matches<Rule>(r => r!.Peer == host && r.Cidr is null && r.From == 32768 && r.To == 65535));
    }

    [Test]
    public async Task Groups_carry_no_inline_rules_and_revoke_theirs_on_delete()
    {
        var run = await StackRun.SharedAsync("dev");
        var vpcId = await StackRun.Value(run.Single<Network>("network").VpcId);

        foreach (var name in new[] { "security-alb", "security-host" })
        {
            var group = run.Inputs("aws:ec2/securityGroup:SecurityGroup", name);

            Assert.That(group["vpcId"], Is.EqualTo(vpcId), name);
            Assert.That(group["revokeRulesOnDelete"], Is.True, name);
            Assert.That(group, Does.Not.ContainKey("ingress").And.Not.ContainKey("egress"), name);
            Assert.That((string)group["description"], Is.Not.EqualTo("Managed by Pulumi"), name);
        }
    }

    [Test]
    public async Task Every_rule_says_what_it_is_for()
    {
        var run = await StackRun.SharedAsync("prod");

        var descriptions = run.Registered(IngressType).Concat(run.Registered(EgressType)).Select(r => Optional(r.Inputs, "description"));

        Assert.That(descriptions, Has.All.Matches<string?>(d => !string.IsNullOrWhiteSpace(d)));
    }

    [Test]
    public async Task Outputs_are_the_two_groups_and_every_child_is_parented_to_the_component()
    {
        var run = await StackRun.SharedAsync("dev");
        var component = run.Single<SecurityGroups>("security");
        var (alb, host) = await GroupIds(run);

        Assert.That(await StackRun.Value(component.AlbSecurityGroupId), Is.EqualTo(alb));
        Assert.That(await StackRun.Value(component.HostSecurityGroupId), Is.EqualTo(host));

        var children = run.All<Aws.Ec2.SecurityGroup>().Cast<Resource>()
            .Concat(run.All<Aws.Vpc.SecurityGroupIngressRule>())
            .Concat(run.All<Aws.Vpc.SecurityGroupEgressRule>())
            .ToList();
        Assert.That(children, Is.Not.Empty);
        Assert.That(children.Select(run.ParentOf), Has.All.EqualTo("security"));
    }
}
