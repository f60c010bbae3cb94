using Infra.Model.Network;
using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Infra.Components;

/// <param name="Settings">The validated stack settings (allowed CIDRs, HTTPS, services).</param>
/// <param name="VpcId">The VPC both groups belong to.</param>
public sealed record SecurityGroupsArgs(StackSettings Settings, Output<string> VpcId);

/// <summary>
/// The reference's security-groups.yaml, narrowed to what the architecture uses (see <see cref="SecurityGroupPlan"/>):
/// the load balancer's group open on 80, and on 443 when HTTPS is on, to the allowed CIDRs; the hosts' group open
/// only to it on the dynamic port range; explicit egress on both. Each rule is its own resource, so a change replaces
/// one rule, not the group's whole rule set. The groups carry no inline rules; the provider revokes the allow-all egress rule AWS
/// puts on every new group, so the planned egress rules are the only ones (N6).
/// </summary>
public sealed class SecurityGroups : ComponentResource
{
    [Output("albSecurityGroupId")]
    public Output<string> AlbSecurityGroupId { get; private set; }

    [Output("hostSecurityGroupId")]
    public Output<string> HostSecurityGroupId { get; private set; }

    public SecurityGroups(string name, SecurityGroupsArgs args, ComponentResourceOptions? options = null)
        : base("ecs-refarch:security:SecurityGroups", name, options)
    {
        var plan = SecurityGroupPlan.For(args.Settings);
        var groups = new Dictionary<SecurityGroupName, Aws.Ec2.SecurityGroup>
        {
            [SecurityGroupName.Alb] = Group($"{name}-alb", SecurityGroupName.Alb, args.VpcId),
            [SecurityGroupName.Host] = Group($"{name}-host", SecurityGroupName.Host, args.VpcId),
        };

        foreach (var rule in plan.Rules)
        {
            var groupId = groups[rule.Group].Id;
            // Exactly one of CIDR and referenced group is set; the other stays null, so it is not sent at all.
            Input<string>? peerId = rule.Peer is { } peer ? (Input<string>)groups[peer].Id : null;
            Input<string>? cidr = rule.Cidr is { } network ? (Input<string>)network.ToString() : null;
            var ruleOptions = new CustomResourceOptions { Parent = this };

            if (rule.Direction == RuleDirection.Ingress)
            {
                _ = new Aws.Vpc.SecurityGroupIngressRule($"{name}-{rule.Name}", new Aws.Vpc.SecurityGroupIngressRuleArgs
                {
                    SecurityGroupId = groupId,
                    IpProtocol = rule.Protocol,
                    FromPort = rule.FromPort,
                    ToPort = rule.ToPort,
                    CidrIpv4 = cidr,
                    ReferencedSecurityGroupId = peerId,
                    Description = rule.Description,
                }, ruleOptions);
            }
            else
            {
                _ = new Aws.Vpc.SecurityGroupEgressRule($"{name}-{rule.Name}", new Aws.Vpc.SecurityGroupEgressRuleArgs
                {
                    SecurityGroupId = groupId,
                    IpProtocol = rule.Protocol,
                    FromPort = rule.FromPort,
                    ToPort = rule.ToPort,
                    CidrIpv4 = cidr,
                    ReferencedSecurityGroupId = peerId,
                    Description = rule.Description,
                }, ruleOptions);
            }
        }

        AlbSecurityGroupId = groups[SecurityGroupName.Alb].Id;
        HostSecurityGroupId = groups[SecurityGroupName.Host].Id;
        RegisterOutputs();
    }

    private Aws.Ec2.SecurityGroup Group(string logicalName, SecurityGroupName group, Output<string> vpcId) =>
        new(logicalName, new Aws.Ec2.SecurityGroupArgs
        {
            VpcId = vpcId,
            Description = SecurityGroupPlan.Description(group),

            // Rules reference the other group: revoke them first, or deleting either group waits on the other forever.
            RevokeRulesOnDelete = true,
        }, new CustomResourceOptions { Parent = this });
}
