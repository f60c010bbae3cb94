namespace Infra.Model.Policy;

internal sealed class N1VpcFlowLogs() : PolicyCheck(
    "N1",
    PolicyScope.EveryStack,
    "VPC flow logs to a log group",
    "Sees the VPCs (awsx:ec2:Vpc inputs, or aws:ec2/vpc:Vpc) and aws:ec2/flowLog:FlowLog inputs: a VPC-level flow log "
    + "(vpcId, not subnetId/eniId) of destination type cloud-watch-logs whose logDestination, where known, is a CloudWatch "
    + "Logs ARN. Cannot tie a flow log to one VPC when there are several (the awsx VPC id is an output, not an input): it "
    + "requires as many VPC-level flow logs as VPCs.")
{
    private static readonly string[] NarrowerTargets = ["subnetId", "eniId", "transitGatewayId", "transitGatewayAttachmentId"];

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var vpcs = plan.OfType(ResourceTypes.AwsxVpc, ResourceTypes.Vpc).ToList();
        var vpcFlowLogs = new List<PlannedResource>();
        foreach (var flowLog in plan.OfType(ResourceTypes.FlowLog))
        {
            var i = flowLog.Inputs;
            if (NarrowerTargets.Any(k => i[k] is not null))
            {
                continue;
            }

            vpcFlowLogs.Add(flowLog);
            if ((PlanJson.Text(i["logDestinationType"]) ?? "cloud-watch-logs") != "cloud-watch-logs")
            {
                yield return Flag(flowLog, "logDestinationType", "send VPC flow logs to a CloudWatch Logs group the stack owns (cloud-watch-logs)");
            }
            else if (PlanJson.Text(i["logDestination"]) is { } destination && !destination.Contains(":logs:", StringComparison.Ordinal))
            {
                yield return Flag(flowLog, "logDestination", "use the ARN of the stack's flow-log log group");
            }
        }

        foreach (var vpc in vpcs.Skip(vpcFlowLogs.Count))
        {
            yield return Flag(vpc, "flowLog", "add an aws.ec2.FlowLog with vpcId = this VPC's id and a CloudWatch log group destination");
        }
    }
}

internal sealed class N2DefaultSecurityGroupEmpty() : PolicyCheck(
    "N2",
    PolicyScope.EveryStack,
    "default security group has no rules",
    "Sees aws:ec2/defaultSecurityGroup:DefaultSecurityGroup inputs (ingress/egress lists) and rule resources attached to "
    + "it (the mocks give the default group the id sg-default). A VPC without a DefaultSecurityGroup resource keeps AWS's "
    + "allow-all-from-itself default group: that is a violation.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var defaults = plan.OfType(ResourceTypes.DefaultSecurityGroup).ToList();
        foreach (var vpc in plan.OfType(ResourceTypes.AwsxVpc, ResourceTypes.Vpc).Skip(defaults.Count))
        {
            yield return Flag(vpc, "defaultSecurityGroup", "adopt the VPC's default security group with aws.ec2.DefaultSecurityGroup and no ingress or egress, which strips its rules");
        }

        foreach (var rule in plan.SecurityGroupRules.Where(r => r.SecurityGroupId == PlanView.DefaultSecurityGroupId))
        {
            yield return Flag(rule.Resource, rule.Property.Length == 0 ? "securityGroupId" : rule.Property, "give the default security group no rules; use the stack's own groups");
        }
    }
}

internal sealed class N3NoPublicIpOnHostSubnets() : PolicyCheck(
    "N3",
    PolicyScope.EveryStack,
    "no mapPublicIpOnLaunch on host subnets",
    "Sees the awsx:ec2:Vpc subnetSpecs (awsx sets mapPublicIpOnLaunch on Public subnets only, so hosts need Private "
    + "subnets), the subnets the auto scaling group launches into (vpcZoneIdentifiers; the mocks name awsx subnets "
    + "subnet-public-N / subnet-private-N) and explicit aws:ec2/subnet:Subnet resources. Cannot see the subnets awsx "
    + "creates (a remote component's children are not in the plan).")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var vpc in plan.OfType(ResourceTypes.AwsxVpc))
        {
            var specs = PlanJson.Array(vpc.Inputs["subnetSpecs"]);
            if (specs.Count > 0 && !specs.Any(s => string.Equals(PlanJson.Text(PlanJson.At(s, "type")), "Private", StringComparison.OrdinalIgnoreCase)))
            {
                yield return Flag(vpc, "subnetSpecs", "plan Private subnets for the hosts; only Public subnets map public IPs on launch");
            }
        }

        foreach (var group in plan.OfType(ResourceTypes.AutoScalingGroup))
        {
            var subnets = PlanJson.Strings(group.Inputs["vpcZoneIdentifiers"]);
            if (subnets.Any(s => s.StartsWith("subnet-public-", StringComparison.Ordinal)))
            {
                yield return Flag(group, "vpcZoneIdentifiers", "launch hosts in the private subnets (Network.PrivateSubnetIds), whose instances get no public IP");
            }
        }

        foreach (var subnet in plan.OfType(ResourceTypes.Subnet).Where(s => PlanJson.Bool(s.Inputs["mapPublicIpOnLaunch"]) == true))
        {
            var usedByHosts = plan.OfType(ResourceTypes.AutoScalingGroup)
                .Any(g => PlanJson.Strings(g.Inputs["vpcZoneIdentifiers"]).Contains($"{subnet.Name}-id", StringComparer.Ordinal));
            if (usedByHosts)
            {
                yield return Flag(subnet, "mapPublicIpOnLaunch", "set mapPublicIpOnLaunch false on subnets that carry hosts");
            }
        }
    }
}

internal sealed class N4NoWorldIngressButAlb() : PolicyCheck(
    "N4",
    PolicyScope.EveryStack,
    "no 0.0.0.0/0 ingress except ALB 80/443",
    "Sees every ingress rule (aws:vpc/securityGroupIngressRule, aws:ec2/securityGroupRule, inline ingress) with cidrIpv4 "
    + "0.0.0.0/0 or cidrIpv6 ::/0. Allowed only on a group the load balancer uses (its securityGroups input), tcp, "
    + "fromPort = toPort = 80 or 443. A rule whose securityGroupId is unknown at plan time cannot be shown to be the "
    + "ALB's and is reported.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var alb = plan.AlbSecurityGroupIds;
        foreach (var rule in plan.SecurityGroupRules.Where(r => r.Ingress && r.FromAnywhere))
        {
            var onAlb = rule.SecurityGroupId is { } id && alb.Contains(id);
            var webPort = rule.Protocol is "tcp" or "6" && rule.FromPort == rule.ToPort && rule.FromPort is 80 or 443;
            if (!onAlb)
            {
                yield return Flag(rule.Resource, rule.CidrProperty, "open to the internet only the load balancer's group; allow other groups from a security group or a narrower CIDR");
            }
            else if (!webPort)
            {
                yield return Flag(rule.Resource, rule.PropertyOr("fromPort"), "open only tcp 80 and 443 to 0.0.0.0/0 on the load balancer");
            }
        }
    }
}

internal sealed class N5HostIngressOnlyFromAlb() : PolicyCheck(
    "N5",
    PolicyScope.EveryStack,
    "host SG ingress only from the ALB SG",
    "Sees the host groups (the launch templates' vpcSecurityGroupIds and networkInterfaces[].securityGroups), the ALB "
    + "groups (the load balancers' securityGroups) and every ingress rule on a host group: each must name an ALB group, or "
    + "a host group itself (Service Connect: proxy to proxy between hosts), in referencedSecurityGroupId, with no CIDR or "
    + "prefix list. Group ids are the mocks' sg-<logical name>; a reference unknown at plan time is reported, since the "
    + "source cannot be shown to be the ALB.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var hosts = plan.HostSecurityGroupIds;
        var alb = plan.AlbSecurityGroupIds;
        foreach (var rule in plan.SecurityGroupRules.Where(r => r.Ingress && r.SecurityGroupId is { } id && hosts.Contains(id)))
        {
            if (rule.Cidrs.Count > 0)
            {
                yield return Flag(rule.Resource, rule.CidrProperty, "admit hosts' traffic only from the load balancer's security group, not from a CIDR");
            }
            else if (rule.PrefixListId is not null)
            {
                yield return Flag(rule.Resource, rule.PrefixListProperty, "admit hosts' traffic only from the load balancer's security group");
            }
            else if (rule.ReferencedSecurityGroupId is not { } source || !(alb.Contains(source) || hosts.Contains(source)))
            {
                yield return Flag(rule.Resource, rule.SourceProperty, "set referencedSecurityGroupId to the load balancer's security group (or the hosts' own, for Service Connect)");
            }
        }
    }
}

internal sealed class N6ExplicitEgress() : PolicyCheck(
    "N6",
    PolicyScope.EveryStack,
    "explicit egress rules",
    "Sees each aws:ec2/securityGroup:SecurityGroup and the egress rules attached to it (aws:vpc/securityGroupEgressRule, "
    + "aws:ec2/securityGroupRule of type egress, inline egress; tied by the mocks' id sg-<logical name>). Each group needs "
    + "at least one explicit egress rule, and none may allow every protocol to 0.0.0.0/0 or ::/0 (that is the default "
    + "it replaces). Cannot attach a rule whose securityGroupId is unknown at plan time.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var egress = plan.SecurityGroupRules.Where(r => !r.Ingress).ToList();
        foreach (var group in plan.OfType(ResourceTypes.SecurityGroup))
        {
            var id = PlanView.SecurityGroupIdOf(group);
            if (!egress.Any(r => r.SecurityGroupId == id))
            {
                yield return Flag(group, "egress", "declare the traffic this group may send as aws.vpc.SecurityGroupEgressRule resources");
            }
        }

        foreach (var rule in egress.Where(r => r.AllProtocols && r.FromAnywhere && r.SecurityGroupId != PlanView.DefaultSecurityGroupId))
        {
            yield return Flag(rule.Resource, rule.ProtocolProperty, "name the protocol and ports the group needs (e.g. tcp 443) instead of all traffic to anywhere");
        }
    }
}
