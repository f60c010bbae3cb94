using System.Net;
using System.Text.RegularExpressions;

namespace Infra.Model.Policy;

internal sealed class N7HostEgressToInternetOnlyHttps() : PolicyCheck(
    "N7",
    PolicyScope.EveryStack,
    "host egress to the internet only on 443",
    "Sees every egress rule on a host group (the launch templates' groups) that names a CIDR: a CIDR outside the private "
    + "ranges (10/8, 172.16/12, 192.168/16, fc00::/7), /0 included, must carry tcp 443 only. Rules naming a security group "
    + "stay inside the VPC and are N6's concern. Cannot see routes: a private CIDR reached through a peering is taken as internal.")
{
    private static readonly IPNetwork[] Private =
        [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("fc00::/7")];

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var hosts = plan.HostSecurityGroupIds;
        foreach (var rule in plan.SecurityGroupRules.Where(r => !r.Ingress && r.SecurityGroupId is { } id && hosts.Contains(id)))
        {
            var toInternet = rule.Cidrs.Any(c => !IPNetwork.TryParse(c, out var network) || network.PrefixLength == 0 || !Private.Any(p => Inside(network, p)));
            var httpsOnly = rule.Protocol is "tcp" or "6" && rule.FromPort == 443 && rule.ToPort == 443;
            if (toInternet && !httpsOnly)
            {
                yield return Flag(rule.Resource, rule.CidrProperty, "send only tcp 443 to the internet from the hosts; services reach each other inside the VPC (Service Connect), not through the load balancer's public address");
            }
        }
    }

    private static bool Inside(IPNetwork network, IPNetwork range) =>
        network.BaseAddress.AddressFamily == range.BaseAddress.AddressFamily
        && network.PrefixLength >= range.PrefixLength
        && range.Contains(network.BaseAddress);
}

/// <summary>A URL or <c>host[:port]/path</c> found in a container's environment, and where it sits.</summary>
internal sealed record HandedOutAddress(PlannedResource Resource, string Property, string Container, string Host, bool Https);

/// <summary>The addresses containers are handed: environment values that are URLs or <c>host[:port]/path</c>.</summary>
internal static partial class HandedOutAddresses
{
    [GeneratedRegex("^(?:(?<scheme>https?)://)?(?<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::\\d{1,5})?(?<rest>/.*)?$")]
    private static partial Regex Address();

    public static IEnumerable<HandedOutAddress> In(PlanView plan)
    {
        foreach (var task in plan.OfType(ResourceTypes.TaskDefinition))
        {
            var containers = PlanView.Containers(task);
            for (var c = 0; c < containers.Count; c++)
            {
                var environment = PlanJson.Array(PlanJson.At(containers[c], "environment"));
                for (var e = 0; e < environment.Count; e++)
                {
                    var value = PlanJson.Text(PlanJson.At(environment[e], "value"));
                    if (value is null || Address().Match(value) is not { Success: true } match)
                    {
                        continue;
                    }

                    // A bare word ("info", "42") is not an address: it needs a scheme or a path after the host.
                    if (!match.Groups["scheme"].Success && !match.Groups["rest"].Success)
                    {
                        continue;
                    }

                    yield return new(
                        task,
                        PlanView.ContainerProperty(c, $"environment[{e}].value"),
                        PlanJson.Text(PlanJson.At(containers[c], "name")) ?? string.Empty,
                        match.Groups["host"].Value.ToLowerInvariant(),
                        match.Groups["scheme"].Value == "https");
                }
            }
        }
    }

    /// <summary>An internet-facing load balancer's own name: internal ones start with <c>internal-</c>.</summary>
    public static bool IsPublicElbName(string host) =>
        host.EndsWith(".elb.amazonaws.com", StringComparison.Ordinal) && !host.StartsWith("internal-", StringComparison.Ordinal);
}

internal sealed class L10UrlsNameTheirCertificate() : PolicyCheck(
    "L10",
    PolicyScope.EveryStack,
    "every URL the stack hands out uses a name its certificate covers",
    "Sees the URLs in container environments (https:// values) and the certificates the stack requests "
    + "(aws:acm/certificate domainName and subjectAlternativeNames). An https URL to a load balancer's own "
    + "*.elb.amazonaws.com name is always flagged (no certificate can be issued for it); with requested certificates, an "
    + "https host none of them covers is flagged. Cannot see a certificate given by ARN (its names are not in the plan), "
    + "nor stack outputs (not resources): the model tests check those URLs.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var names = plan.OfType(ResourceTypes.AcmCertificate)
            .SelectMany(c => new[] { PlanJson.Text(c.Inputs["domainName"]) }.Concat(PlanJson.Strings(c.Inputs["subjectAlternativeNames"])))
            .OfType<string>()
            .Select(n => n.ToLowerInvariant())
            .ToList();

        foreach (var address in HandedOutAddresses.In(plan).Where(a => a.Https))
        {
            if (HandedOutAddresses.IsPublicElbName(address.Host))
            {
                yield return Flag(address.Resource, address.Property, "use the stack's domainName in https URLs: no certificate covers the load balancer's own name");
            }
            else if (names.Count > 0 && !names.Any(n => Covers(n, address.Host)))
            {
                yield return Flag(address.Resource, address.Property, $"use a name the stack's certificate covers ({string.Join(", ", names)})");
            }
        }
    }

    /// <summary>A certificate name covers a host: the same name, or a wildcard for exactly one more label.</summary>
    public static bool Covers(string certificateName, string host) =>
        certificateName == host
        || (certificateName.StartsWith("*.", StringComparison.Ordinal)
            && host.EndsWith(certificateName[1..], StringComparison.Ordinal)
            && !host[..^(certificateName.Length - 1)].Contains('.', StringComparison.Ordinal));
}

internal sealed class E11ServiceUrlsInsideTheVpc() : PolicyCheck(
    "E11",
    PolicyScope.EveryStack,
    "service-to-service URLs resolve inside the VPC",
    "Sees the addresses in container environments (URLs and host[:port]/path values) and the ECS services' "
    + "serviceConnectConfiguration. An address naming an internet-facing load balancer (*.elb.amazonaws.com) leaves the "
    + "VPC by NAT and comes back in: flagged. A single-label name must be a client alias some Service Connect service of "
    + "the plan publishes, and the calling container's service (same parent, or the service whose load balancer block "
    + "names the container) must have Service Connect on, or the name resolves nowhere. Cannot see names other stacks publish in a shared namespace.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var services = plan.OfType(ResourceTypes.EcsService).ToList();
        var published = services
            .Where(ServiceConnectOn)
            .SelectMany(s => PlanJson.Array(PlanJson.At(s.Inputs["serviceConnectConfiguration"], "services")))
            .SelectMany(s => PlanJson.Array(PlanJson.At(s, "clientAlias")))
            .Select(a => PlanJson.Text(PlanJson.At(a, "dnsName")))
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var address in HandedOutAddresses.In(plan))
        {
            if (HandedOutAddresses.IsPublicElbName(address.Host))
            {
                yield return Flag(address.Resource, address.Property, "call other services through Service Connect (serviceDiscovery: serviceConnect), not the load balancer's public name");
            }
            else if (!address.Host.Contains('.', StringComparison.Ordinal))
            {
                var caller = services.Where(s => (s.Parent is not null && s.Parent == address.Resource.Parent) || Names(s, address.Container)).ToList();
                if (!published.Contains(address.Host))
                {
                    yield return Flag(address.Resource, address.Property, $"'{address.Host}' is no Service Connect client alias of this stack: publish it from the called service");
                }
                else if (caller.Count == 0 || !caller.All(ServiceConnectOn))
                {
                    yield return Flag(address.Resource, address.Property, "turn Service Connect on for the calling service, or its tasks cannot resolve the alias");
                }
            }
        }
    }

    private static bool ServiceConnectOn(PlannedResource service) =>
        PlanJson.Bool(PlanJson.At(service.Inputs["serviceConnectConfiguration"], "enabled")) == true;

    private static bool Names(PlannedResource service, string container) =>
        PlanJson.Array(service.Inputs["loadBalancers"]).Any(lb => PlanJson.Text(PlanJson.At(lb, "containerName")) == container);
}
