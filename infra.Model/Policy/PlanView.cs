using System.Text.Json.Nodes;

namespace Infra.Model.Policy;

/// <summary>
/// One security-group rule, whichever way it was declared: a <c>Vpc.SecurityGroupIngressRule</c>/<c>EgressRule</c>
/// resource, an <c>Ec2.SecurityGroupRule</c>, or an inline <c>ingress</c>/<c>egress</c> entry of a security group.
/// <see cref="Property"/> is where it sits in its resource's inputs ("" for a rule resource, <c>ingress[0]</c> inline).
/// </summary>
public sealed record SecurityGroupRuleView(
    PlannedResource Resource,
    string Property,
    bool Ingress,
    string? SecurityGroupId,
    string? Protocol,
    double? FromPort,
    double? ToPort,
    IReadOnlyList<string> Cidrs,
    string? ReferencedSecurityGroupId,
    string? PrefixListId)
{
    public static readonly IReadOnlyList<string> Anywhere = ["0.0.0.0/0", "::/0"];

    public bool FromAnywhere => Cidrs.Any(c => Anywhere.Contains(c));

    public bool AllProtocols => Protocol is "-1" or "all";

    public string PropertyOr(string field) => Property.Length == 0 ? field : $"{Property}.{field}";

    /// <summary>The input holding the rule's CIDR, by its wire name in the resource that declared it.</summary>
    public string CidrProperty => Resource.Type switch
    {
        ResourceTypes.IngressRule or ResourceTypes.EgressRule => Resource.Inputs["cidrIpv4"] is null && Resource.Inputs["cidrIpv6"] is not null ? "cidrIpv6" : "cidrIpv4",
        _ => PropertyOr("cidrBlocks"),
    };

    public string ProtocolProperty => IsRuleResource ? "ipProtocol" : PropertyOr("protocol");

    /// <summary>The input naming the source (ingress) group.</summary>
    public string SourceProperty => Resource.Type switch
    {
        ResourceTypes.IngressRule or ResourceTypes.EgressRule => "referencedSecurityGroupId",
        ResourceTypes.SecurityGroupRule => "sourceSecurityGroupId",
        _ => PropertyOr("securityGroups"),
    };

    public string PrefixListProperty => IsRuleResource ? "prefixListId" : PropertyOr("prefixListIds");

    private bool IsRuleResource => Resource.Type is ResourceTypes.IngressRule or ResourceTypes.EgressRule;
}

/// <summary>
/// The planned resources with the lookups several checks share. Security-group ids in inputs are what the engine
/// returned for the group: under the mocked engine <c>sg-&lt;logical name&gt;</c>, which is how a rule is tied to
/// its group here; the default security group's id is <c>sg-default</c>.
/// </summary>
public sealed class PlanView(IReadOnlyList<PlannedResource> resources)
{
    public const string DefaultSecurityGroupId = "sg-default";

    private static readonly string[] Directions = ["ingress", "egress"];

    public IReadOnlyList<PlannedResource> All { get; } = resources;

    public IEnumerable<PlannedResource> OfType(params string[] types) => All.Where(r => types.Contains(r.Type, StringComparer.Ordinal));

    public static string SecurityGroupIdOf(PlannedResource securityGroup) => $"sg-{securityGroup.Name}";

    /// <summary>Application load balancers (the type defaults to application).</summary>
    public IEnumerable<PlannedResource> ApplicationLoadBalancers =>
        OfType(ResourceTypes.LoadBalancer).Where(lb => (PlanJson.Text(lb.Inputs["loadBalancerType"]) ?? "application") == "application");

    /// <summary>The groups the load balancers use.</summary>
    public IReadOnlySet<string> AlbSecurityGroupIds =>
        ApplicationLoadBalancers.SelectMany(lb => PlanJson.Strings(lb.Inputs["securityGroups"])).ToHashSet(StringComparer.Ordinal);

    /// <summary>The groups the cluster hosts use, as their launch templates name them.</summary>
    public IReadOnlySet<string> HostSecurityGroupIds =>
        OfType(ResourceTypes.LaunchTemplate)
            .SelectMany(lt => PlanJson.Strings(lt.Inputs["vpcSecurityGroupIds"])
                .Concat(PlanJson.Array(lt.Inputs["networkInterfaces"]).SelectMany(ni => PlanJson.Strings(PlanJson.At(ni, "securityGroups")))))
            .ToHashSet(StringComparer.Ordinal);

    public IEnumerable<SecurityGroupRuleView> SecurityGroupRules
    {
        get
        {
            foreach (var rule in OfType(ResourceTypes.IngressRule, ResourceTypes.EgressRule))
            {
                var i = rule.Inputs;
                yield return new(
                    rule,
                    string.Empty,
                    rule.Type == ResourceTypes.IngressRule,
                    PlanJson.Text(i["securityGroupId"]),
                    PlanJson.Text(i["ipProtocol"]),
                    PlanJson.Number(i["fromPort"]),
                    PlanJson.Number(i["toPort"]),
                    [.. new[] { PlanJson.Text(i["cidrIpv4"]), PlanJson.Text(i["cidrIpv6"]) }.OfType<string>()],
                    PlanJson.Text(i["referencedSecurityGroupId"]),
                    PlanJson.Text(i["prefixListId"]));
            }

            foreach (var rule in OfType(ResourceTypes.SecurityGroupRule))
            {
                var i = rule.Inputs;
                yield return new(
                    rule,
                    string.Empty,
                    PlanJson.Text(i["type"]) == "ingress",
                    PlanJson.Text(i["securityGroupId"]),
                    PlanJson.Text(i["protocol"]),
                    PlanJson.Number(i["fromPort"]),
                    PlanJson.Number(i["toPort"]),
                    [.. PlanJson.Strings(i["cidrBlocks"]), .. PlanJson.Strings(i["ipv6CidrBlocks"])],
                    PlanJson.Text(i["sourceSecurityGroupId"]),
                    PlanJson.First(PlanJson.Strings(i["prefixListIds"])));
            }

            foreach (var group in OfType(ResourceTypes.SecurityGroup, ResourceTypes.DefaultSecurityGroup))
            {
                var id = group.Type == ResourceTypes.DefaultSecurityGroup ? DefaultSecurityGroupId : SecurityGroupIdOf(group);
                foreach (var direction in Directions)
                {
                    var entries = PlanJson.Array(group.Inputs[direction]);
                    for (var n = 0; n < entries.Count; n++)
                    {
                        var e = entries[n];
                        yield return new(
                            group,
                            $"{direction}[{n}]",
                            direction == "ingress",
                            id,
                            PlanJson.Text(PlanJson.At(e, "protocol")),
                            PlanJson.Number(PlanJson.At(e, "fromPort")),
                            PlanJson.Number(PlanJson.At(e, "toPort")),
                            [.. PlanJson.Strings(PlanJson.At(e, "cidrBlocks")), .. PlanJson.Strings(PlanJson.At(e, "ipv6CidrBlocks"))],
                            PlanJson.First(PlanJson.Strings(PlanJson.At(e, "securityGroups"))),
                            PlanJson.First(PlanJson.Strings(PlanJson.At(e, "prefixListIds"))));
                    }
                }
            }
        }
    }

    /// <summary>The container definitions of a task definition (parsed JSON array, or JSON text).</summary>
    public static IReadOnlyList<JsonNode?> Containers(PlannedResource taskDefinition) =>
        PlanJson.Array(taskDefinition.Inputs["containerDefinitions"]);

    /// <summary>A container's name for messages: its <c>name</c>, else its index.</summary>
    public static string ContainerProperty(int index, string field) => $"containerDefinitions[{index}].{field}";
}
