namespace Infra.Model.Policy;

/// <summary>Listener helpers: the protocol defaults to HTTP on an ALB.</summary>
internal static class Listeners
{
    public static string Protocol(PlannedResource listener) => PlanJson.Text(listener.Inputs["protocol"]) ?? "HTTP";

    public static IEnumerable<PlannedResource> Http(PlanView plan) => plan.OfType(ResourceTypes.Listener).Where(l => Protocol(l) == "HTTP");

    public static IEnumerable<PlannedResource> Https(PlanView plan) => plan.OfType(ResourceTypes.Listener).Where(l => Protocol(l) == "HTTPS");
}

internal sealed class L1HttpRedirectsToHttps() : PolicyCheck(
    "L1",
    PolicyScope.ProdOnly,
    "HTTP redirects to HTTPS (prod)",
    "Sees aws:lb/listener:Listener protocol and defaultActions: every HTTP listener's first default action must be type "
    + "redirect with redirect.protocol HTTPS. Cannot tell which load balancer a listener belongs to (loadBalancerArn is an "
    + "output), nor whether listener rules on the HTTP listener forward before the redirect.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var listener in Listeners.Http(plan))
        {
            var first = PlanJson.First(PlanJson.Array(listener.Inputs["defaultActions"]));
            if (PlanJson.Text(PlanJson.At(first, "type")) != "redirect")
            {
                yield return Flag(listener, "defaultActions[0].type", "make the HTTP listener's default action a redirect to HTTPS (HTTP_301, port 443)");
            }
            else if (PlanJson.Text(PlanJson.At(first, "redirect.protocol")) != "HTTPS")
            {
                yield return Flag(listener, "defaultActions[0].redirect.protocol", "redirect to protocol HTTPS");
            }
        }
    }
}

internal sealed class L2Tls13AndCertificate() : PolicyCheck(
    "L2",
    PolicyScope.ProdOnly,
    "TLS 1.3 policy + certificate (prod)",
    "Sees aws:lb/listener:Listener: there must be an HTTPS listener when there is an application load balancer, and each "
    + "HTTPS listener needs an ELBSecurityPolicy-TLS13-* sslPolicy and an ACM certificateArn.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var https = Listeners.Https(plan).ToList();
        if (https.Count == 0)
        {
            foreach (var lb in plan.ApplicationLoadBalancers)
            {
                yield return Flag(lb, "listeners", "add an HTTPS listener on 443 with the ACM certificate (httpsEnabled: true, certificateArn)");
            }
        }

        foreach (var listener in https)
        {
            if (PlanJson.Text(listener.Inputs["sslPolicy"]) is not { } policy || !policy.StartsWith("ELBSecurityPolicy-TLS13-", StringComparison.Ordinal))
            {
                yield return Flag(listener, "sslPolicy", "use a TLS 1.3 policy such as ELBSecurityPolicy-TLS13-1-2-2021-06");
            }

            if (PlanJson.Text(listener.Inputs["certificateArn"]) is not { } certificate || !certificate.Contains(":acm:", StringComparison.Ordinal))
            {
                yield return Flag(listener, "certificateArn", "set certificateArn to an ACM certificate of the stack's region");
            }
        }
    }
}

internal sealed class L3DropInvalidHeaders() : PolicyCheck(
    "L3",
    PolicyScope.EveryStack,
    "dropInvalidHeaderFields",
    "Sees aws:lb/loadBalancer:LoadBalancer dropInvalidHeaderFields on application load balancers; absent means false.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.ApplicationLoadBalancers
            .Where(lb => PlanJson.Bool(lb.Inputs["dropInvalidHeaderFields"]) != true)
            .Select(lb => Flag(lb, "dropInvalidHeaderFields", "set dropInvalidHeaderFields = true"));
}

internal sealed class L4DesyncMitigation() : PolicyCheck(
    "L4",
    PolicyScope.EveryStack,
    "desync mitigation not monitor",
    "Sees aws:lb/loadBalancer:LoadBalancer desyncMitigationMode; absent is AWS's default, defensive.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.ApplicationLoadBalancers
            .Where(lb => PlanJson.Text(lb.Inputs["desyncMitigationMode"]) is { } mode && mode is not ("defensive" or "strictest"))
            .Select(lb => Flag(lb, "desyncMitigationMode", "use defensive or strictest"));
}

internal sealed class L5AccessLogs() : PolicyCheck(
    "L5",
    PolicyScope.ProdOnly,
    "access logs (prod)",
    "Sees aws:lb/loadBalancer:LoadBalancer accessLogs.enabled (AWS's default is false even with a bucket) and "
    + "accessLogs.bucket (the bucket name may be unknown at plan time; enabled must be true). Cannot see the bucket "
    + "policy's log-delivery principal.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.ApplicationLoadBalancers
            .Where(lb => PlanJson.Bool(PlanJson.At(lb.Inputs, "accessLogs.enabled")) != true)
            .Select(lb => Flag(lb, "accessLogs.enabled", "write access logs to the stack's bucket: accessLogs { bucket, enabled = true } (accessLogsEnabled: true)"));
}

internal sealed class L6DeletionProtection() : PolicyCheck(
    "L6",
    PolicyScope.ProdOnly,
    "deletion protection (prod)",
    "Sees aws:lb/loadBalancer:LoadBalancer enableDeletionProtection; absent means false.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.ApplicationLoadBalancers
            .Where(lb => PlanJson.Bool(lb.Inputs["enableDeletionProtection"]) != true)
            .Select(lb => Flag(lb, "enableDeletionProtection", "set enableDeletionProtection = true (deletionProtection: true)"));
}

internal sealed class L7AlbTwoZones() : PolicyCheck(
    "L7",
    PolicyScope.EveryStack,
    "ALB in ≥2 AZs",
    "Sees aws:lb/loadBalancer:LoadBalancer subnets (or subnetMappings): at least two distinct subnets. Subnets unknown at "
    + "plan time are reported. Cannot see each subnet's AZ: one public subnet per AZ is the Network's plan.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.ApplicationLoadBalancers
            .Where(lb => Math.Max(
                PlanJson.Strings(lb.Inputs["subnets"]).Distinct(StringComparer.Ordinal).Count(),
                PlanJson.Array(lb.Inputs["subnetMappings"]).Count) < 2)
            .Select(lb => Flag(lb, "subnets", "place the load balancer in the public subnets of at least two AZs"));
}

internal sealed class L8WafAssociation() : PolicyCheck(
    "L8",
    PolicyScope.EveryStack,
    "WAF association where configured",
    "Applies when a web ACL is configured (wafWebAclArn): sees aws:wafv2/webAclAssociation:WebAclAssociation webAclArn; "
    + "there must be one with the configured ARN per application load balancer, and none with another ACL. Cannot tie an "
    + "association to one load balancer (resourceArn is an output).")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        if (context.WafWebAclArn is not { } acl)
        {
            yield break;
        }

        var associations = plan.OfType(ResourceTypes.WebAclAssociation).ToList();
        foreach (var association in associations.Where(a => PlanJson.Text(a.Inputs["webAclArn"]) is { } arn && arn != acl))
        {
            yield return Flag(association, "webAclArn", $"associate the configured web ACL {acl}");
        }

        var matching = associations.Count(a => PlanJson.Text(a.Inputs["webAclArn"]) == acl);
        foreach (var lb in plan.ApplicationLoadBalancers.Skip(matching))
        {
            yield return Flag(lb, "webAclAssociation", "associate the configured web ACL with the load balancer (aws.wafv2.WebAclAssociation)");
        }
    }
}

internal sealed class L9TargetGroupHealthCheck() : PolicyCheck(
    "L9",
    PolicyScope.EveryStack,
    "target-group health check path and matcher",
    "Sees aws:lb/targetGroup:TargetGroup healthCheck: enabled not false, a path starting with '/', a matcher. Lambda target "
    + "groups and TCP/UDP/TLS/GENEVE protocols (no HTTP health check path) are skipped.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var group in plan.OfType(ResourceTypes.TargetGroup))
        {
            var protocol = PlanJson.Text(group.Inputs["protocol"]) ?? "HTTP";
            if (PlanJson.Text(group.Inputs["targetType"]) == "lambda" || protocol is not ("HTTP" or "HTTPS"))
            {
                continue;
            }

            if (PlanJson.Bool(PlanJson.At(group.Inputs, "healthCheck.enabled")) == false)
            {
                yield return Flag(group, "healthCheck.enabled", "keep the health check enabled");
            }

            if (PlanJson.Text(PlanJson.At(group.Inputs, "healthCheck.path")) is not { } path || !path.StartsWith('/'))
            {
                yield return Flag(group, "healthCheck.path", "probe the service's own path (healthCheck.path)");
            }

            if (PlanJson.Text(PlanJson.At(group.Inputs, "healthCheck.matcher")) is null)
            {
                yield return Flag(group, "healthCheck.matcher", "say which status codes mean healthy (healthCheck.matcher, e.g. 200-299)");
            }
        }
    }
}
