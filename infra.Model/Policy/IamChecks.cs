using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Infra.Model.Policy;

/// <summary>One Allow statement of a planned policy document, with where it sits.</summary>
internal sealed record AllowStatement(PlannedResource Resource, string Property, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, bool NotAction, bool ResourceBased);

/// <summary>The policy documents of the plan: role inline policies, managed policies and bucket policies.</summary>
internal static class PolicyDocuments
{
    public static IEnumerable<AllowStatement> Allows(PlanView plan)
    {
        foreach (var resource in plan.OfType(ResourceTypes.IamRolePolicy, ResourceTypes.IamPolicy, ResourceTypes.BucketPolicy))
        {
            foreach (var statement in Of(resource, "policy", resource.Inputs["policy"], resource.Type == ResourceTypes.BucketPolicy))
            {
                yield return statement;
            }
        }

        foreach (var role in plan.OfType(ResourceTypes.IamRole))
        {
            var inline = PlanJson.Array(role.Inputs["inlinePolicies"]);
            for (var i = 0; i < inline.Count; i++)
            {
                foreach (var statement in Of(role, $"inlinePolicies[{i}].policy", PlanJson.At(inline[i], "policy"), false))
                {
                    yield return statement;
                }
            }
        }
    }

    public static IReadOnlyList<JsonNode?> Statements(JsonNode? document)
    {
        var statement = PlanJson.At(document, "Statement");
        return statement is JsonObject single ? [single] : PlanJson.Array(statement);
    }

    private static IEnumerable<AllowStatement> Of(PlannedResource resource, string property, JsonNode? document, bool resourceBased)
    {
        var statements = Statements(document);
        for (var i = 0; i < statements.Count; i++)
        {
            var s = statements[i];
            if (PlanJson.Text(PlanJson.At(s, "Effect")) != "Allow")
            {
                continue;
            }

            var notAction = PlanJson.At(s, "NotAction") is not null;
            yield return new(
                resource,
                $"{property}.Statement[{i}]",
                PlanJson.Strings(PlanJson.At(s, notAction ? "NotAction" : "Action")),
                PlanJson.Strings(PlanJson.At(s, "Resource")),
                notAction,
                resourceBased);
        }
    }
}

internal sealed class I1NoActionStar() : PolicyCheck(
    "I1",
    PolicyScope.EveryStack,
    "no Action: \"*\"",
    "Sees the Allow statements of aws:iam/rolePolicy, aws:iam/policy, aws:s3/bucketPolicy documents and role "
    + "inlinePolicies (parsed JSON): Action \"*\" or NotAction (allow everything but ...). Cannot see managed policies' "
    + "contents (I6 covers the admin ones) nor documents unknown at plan time.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        PolicyDocuments.Allows(plan)
            .Where(s => s.NotAction || s.Actions.Contains("*"))
            .Select(s => Flag(s.Resource, $"{s.Property}.{(s.NotAction ? "NotAction" : "Action")}", "list the actions the role needs"));
}

internal sealed partial class I2NoServiceStar() : PolicyCheck(
    "I2",
    PolicyScope.EveryStack,
    "no service:*",
    "Sees the same Allow statements as I1: an action of the form <service>:* (e.g. ecs:*, application-autoscaling:*). "
    + "Narrower wildcards such as ec2:Describe* pass.")
{
    public override bool JudgesEachResourceAlone => true;

    [GeneratedRegex("^[A-Za-z0-9-]+:\\*$")]
    private static partial Regex ServiceStar();

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        PolicyDocuments.Allows(plan)
            .Where(s => !s.NotAction && s.Actions.Any(a => ServiceStar().IsMatch(a)))
            .Select(s => Flag(s.Resource, $"{s.Property}.Action", $"replace {string.Join(", ", s.Actions.Where(a => ServiceStar().IsMatch(a)))} with the actions the role needs"));
}

internal sealed class I3NoPassRoleOnStar() : PolicyCheck(
    "I3",
    PolicyScope.EveryStack,
    "no iam:PassRole on *",
    "Sees the same Allow statements as I1: iam:PassRole (or iam:Pass*, iam:*, *) together with Resource \"*\".")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        PolicyDocuments.Allows(plan)
            .Where(s => !s.NotAction
                && s.Resources.Contains("*")
                && s.Actions.Any(a => Glob.Matches(a, "iam:PassRole")))
            .Select(s => Flag(s.Resource, $"{s.Property}.Resource", "limit iam:PassRole to the ARNs of the roles it must pass"));
}

internal sealed class I4ResourceStarOnlyWhereRequired() : PolicyCheck(
    "I4",
    PolicyScope.EveryStack,
    "Resource: \"*\" only where the action requires it",
    "Sees identity-policy Allow statements (not bucket policies) with Resource \"*\": every action must be one that takes "
    + "no resource ARN (a known list: ecr:GetAuthorizationToken, logs:DescribeLogGroups, ec2:Describe*, "
    + "ecs:DiscoverPollEndpoint, cloudwatch:PutMetricData, ssmmessages:*Channel, ...). An action missing from the list is "
    + "reported even if AWS does accept only \"*\" for it: extend the list, do not widen the policy.")
{
    public override bool JudgesEachResourceAlone => true;

    /// <summary>Actions that support no resource-level permissions, so "*" is the only Resource they accept.</summary>
    public static readonly IReadOnlyList<string> StarOnlyActions =
    [
        "ecr:GetAuthorizationToken",
        "logs:DescribeLogGroups",
        "ec2:Describe*",
        "ecs:DiscoverPollEndpoint",
        "ecs:CreateCluster",
        "ecs:ListClusters",
        "ecs:ListTaskDefinitions",
        "ecs:RegisterTaskDefinition",
        "ecs:DeregisterTaskDefinition",
        "ecs:DescribeTaskDefinition",
        "cloudwatch:PutMetricData",
        "cloudwatch:GetMetricData",
        "cloudwatch:ListMetrics",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
        "autoscaling:Describe*",
        "elasticloadbalancing:Describe*",
        "application-autoscaling:Describe*",
        "ssm:DescribeParameters",
        "sts:GetCallerIdentity",
        "kms:ListAliases",
        "kms:ListKeys",
        "tag:GetResources",
    ];

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var statement in PolicyDocuments.Allows(plan).Where(s => !s.ResourceBased && !s.NotAction && s.Resources.Contains("*")))
        {
            var scoped = statement.Actions.Where(a => !StarOnlyActions.Any(p => Glob.Matches(p, a) || string.Equals(p, a, StringComparison.OrdinalIgnoreCase))).ToList();
            if (scoped.Count > 0)
            {
                yield return Flag(statement.Resource, $"{statement.Property}.Resource", $"scope {string.Join(", ", scoped)} to the ARNs they act on; keep \"*\" in a statement of its own for actions that require it");
            }
        }
    }
}

internal sealed class I5SingleServicePrincipal() : PolicyCheck(
    "I5",
    PolicyScope.EveryStack,
    "trust policy names exactly one service principal",
    "Sees aws:iam/role:Role assumeRolePolicy (parsed): across its Allow statements exactly one principal, of kind Service. "
    + "An AWS, Federated or \"*\" principal, or two services, is a violation.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var role in plan.OfType(ResourceTypes.IamRole))
        {
            var services = new List<string>();
            var others = false;
            foreach (var statement in PolicyDocuments.Statements(role.Inputs["assumeRolePolicy"]).Where(s => PlanJson.Text(PlanJson.At(s, "Effect")) == "Allow"))
            {
                var principal = PlanJson.At(statement, "Principal");
                if (principal is JsonObject map)
                {
                    others |= map.Any(p => p.Key != "Service");
                    services.AddRange(PlanJson.Strings(map["Service"]));
                }
                else
                {
                    others = true;
                }
            }

            if (others || services.Distinct(StringComparer.Ordinal).Count() != 1)
            {
                yield return Flag(role, "assumeRolePolicy", $"let exactly one AWS service assume the role (found {(services.Count == 0 ? "none" : string.Join(", ", services))}{(others ? " and non-service principals" : string.Empty)})");
            }
        }
    }
}

internal sealed partial class I6NoAdminManagedPolicies() : PolicyCheck(
    "I6",
    PolicyScope.EveryStack,
    "no admin managed policies",
    "Sees the policyArn of aws:iam/rolePolicyAttachment and aws:iam/policyAttachment and aws:iam/role managedPolicyArns: "
    + "AWS-managed AdministratorAccess*, PowerUserAccess, IAMFullAccess and any *FullAccess policy are violations.")
{
    public override bool JudgesEachResourceAlone => true;

    [GeneratedRegex("^arn:aws[a-z-]*:iam::aws:policy/(.+/)?(AdministratorAccess.*|PowerUserAccess|IAMFullAccess|[A-Za-z0-9_]*FullAccess)$")]
    private static partial Regex AdminPolicy();

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var attachment in plan.OfType(ResourceTypes.IamRolePolicyAttachment, ResourceTypes.IamPolicyAttachment))
        {
            if (PlanJson.Text(attachment.Inputs["policyArn"]) is { } arn && AdminPolicy().IsMatch(arn))
            {
                yield return Flag(attachment, "policyArn", $"attach a policy with only the permissions needed instead of {arn}");
            }
        }

        foreach (var role in plan.OfType(ResourceTypes.IamRole))
        {
            var arns = PlanJson.Strings(role.Inputs["managedPolicyArns"]);
            for (var i = 0; i < arns.Count; i++)
            {
                if (AdminPolicy().IsMatch(arns[i]))
                {
                    yield return Flag(role, $"managedPolicyArns[{i}]", $"attach a policy with only the permissions needed instead of {arns[i]}");
                }
            }
        }
    }
}

/// <summary>IAM-style wildcard matching: '*' any run of characters, '?' one; case-insensitive, as IAM compares actions.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string text) =>
        Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
