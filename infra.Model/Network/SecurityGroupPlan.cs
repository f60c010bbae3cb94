using System.Globalization;
using System.Net;
using Infra.Model.Settings;

namespace Infra.Model.Network;

/// <summary>The stack's two security groups.</summary>
public enum SecurityGroupName
{
    /// <summary>The load balancer's: the only group open to the internet.</summary>
    Alb,

    /// <summary>The container instances': reachable only from the load balancer.</summary>
    Host,
}

public enum RuleDirection
{
    Ingress,
    Egress,
}

/// <summary>
/// One security-group rule: ingress names its source, egress its destination, either as an IPv4 CIDR or as the
/// other security group (never both).
/// </summary>
public sealed record SecurityGroupRule(
    string Name,
    SecurityGroupName Group,
    RuleDirection Direction,
    string Protocol,
    int FromPort,
    int ToPort,
    IPNetwork? Cidr,
    SecurityGroupName? Peer,
    string Description);

/// <summary>
/// The traffic the architecture needs, and only that (the reference opened all traffic from anywhere to the load
/// balancer and all traffic from it to the hosts). Decisions:
/// <list type="bullet">
/// <item>ALB ingress (N4): tcp 80 from each allowed CIDR always (it serves, or redirects to HTTPS); tcp 443 only
/// when HTTPS is on, because without an HTTPS listener the port leads nowhere.</item>
/// <item>ALB egress (N6): only the hosts' ephemeral range, only to the host group: forwarding and health checks.</item>
/// <item>Host ingress (N5): only the ephemeral range (bridge mode, host port 0), from the ALB group, and with
/// Service Connect from the host group too (proxy to proxy).</item>
/// <item>Host egress (N6, N7): tcp 443 anywhere, through the NAT gateways: ECR, ECS, SSM, CloudWatch, S3 layers,
/// and Amazon Linux 2023's package repositories (HTTPS); with Service Connect the ephemeral range to the host group.
/// Nothing else to the internet: services call each other inside the VPC. No DNS, NTP or metadata rules: security
/// groups do not filter traffic to the VPC resolver, the Time Sync Service or the instance metadata service.</item>
/// </list>
/// </summary>
public sealed record SecurityGroupPlan(IReadOnlyList<SecurityGroupRule> Rules)
{
    /// <summary>Bridge-mode dynamic host ports: the Linux ephemeral range the ECS agent maps container ports into.</summary>
    public const int EphemeralFrom = 32768;
    public const int EphemeralTo = 65535;

    public static readonly IPNetwork Anywhere = IPNetwork.Parse("0.0.0.0/0");

    /// <summary>What EC2 accepts in group and rule descriptions (no apostrophes, for one).</summary>
    public const string DescriptionCharacters = "^[A-Za-z0-9 ._:/()#,@\\[\\]+=&;{}!$*-]{1,255}$";

    public static string Description(SecurityGroupName group) => group switch
    {
        SecurityGroupName.Alb => "Application Load Balancer: HTTP(S) from the allowed CIDRs, forwards to the hosts",
        // Kept as first deployed: EC2 replaces a group whose description changes.
        _ => "ECS container instances: dynamic ports from the load balancer only, HTTPS out",
    };

    public IEnumerable<SecurityGroupRule> For(SecurityGroupName group, RuleDirection direction) =>
        Rules.Where(r => r.Group == group && r.Direction == direction);

    public static SecurityGroupPlan For(StackSettings settings)
    {
        var rules = new List<SecurityGroupRule>();
        var ports = settings.LoadBalancer.HttpsEnabled
            ? new[] { (Name: "http", Port: 80), (Name: "https", Port: 443) }
            : [(Name: "http", Port: 80)];

        // AWS rejects a rule that duplicates another, so a CIDR listed twice yields one rule.
        foreach (var cidr in settings.Network.AllowedIngressCidrs.Distinct())
        {
            foreach (var (portName, port) in ports)
            {
                rules.Add(new(
                    $"alb-in-{portName}-{NameOf(cidr)}",
                    SecurityGroupName.Alb,
                    RuleDirection.Ingress,
                    "tcp",
                    port,
                    port,
                    cidr,
                    null,
                    $"{portName.ToUpperInvariant()} from {cidr}"));
            }
        }

        rules.Add(new(
            "alb-out-hosts",
            SecurityGroupName.Alb,
            RuleDirection.Egress,
            "tcp",
            EphemeralFrom,
            EphemeralTo,
            null,
            SecurityGroupName.Host,
            "Forwarding and health checks to tasks on the dynamic ports of the hosts"));

        rules.Add(new(
            "host-in-alb",
            SecurityGroupName.Host,
            RuleDirection.Ingress,
            "tcp",
            EphemeralFrom,
            EphemeralTo,
            null,
            SecurityGroupName.Alb,
            "Dynamic ports of bridge-mode tasks, from the load balancer only"));

        rules.Add(new(
            "host-out-https",
            SecurityGroupName.Host,
            RuleDirection.Egress,
            "tcp",
            443,
            443,
            Anywhere,
            null,
            "HTTPS through NAT: ECR, ECS, SSM, CloudWatch, S3, package repositories"));

        // Service Connect in bridge mode: a client task's proxy connects to the server task's proxy on the ephemeral
        // host port ECS gives it, on this host or another one in the same group.
        if (Services.ServiceConnect.Enabled(settings))
        {
            rules.Add(new(
                "host-in-hosts",
                SecurityGroupName.Host,
                RuleDirection.Ingress,
                "tcp",
                EphemeralFrom,
                EphemeralTo,
                null,
                SecurityGroupName.Host,
                "Service Connect: proxy to proxy on the dynamic ports, from the hosts only"));
            rules.Add(new(
                "host-out-hosts",
                SecurityGroupName.Host,
                RuleDirection.Egress,
                "tcp",
                EphemeralFrom,
                EphemeralTo,
                null,
                SecurityGroupName.Host,
                "Service Connect: proxy to proxy on the dynamic ports of the hosts"));
        }

        return new SecurityGroupPlan(rules);
    }

    /// <summary>A CIDR as part of a logical name: stable while the CIDR stays listed, whatever its position.</summary>
    private static string NameOf(IPNetwork cidr) =>
        string.Create(CultureInfo.InvariantCulture, $"{cidr.BaseAddress.ToString().Replace('.', '-')}-{cidr.PrefixLength}");
}
