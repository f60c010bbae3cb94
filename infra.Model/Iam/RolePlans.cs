using Infra.Model.Naming;
using Infra.Model.Settings;

namespace Infra.Model.Iam;

/// <summary>The service principals this stack's roles trust; each role trusts exactly one (I5).</summary>
public static class ServicePrincipals
{
    public const string Ec2 = "ec2.amazonaws.com";
    public const string EcsTasks = "ecs-tasks.amazonaws.com";
    public const string VpcFlowLogs = "vpc-flow-logs.amazonaws.com";
}

/// <summary>An AWS managed policy: its path under <c>arn:{partition}:iam::aws:policy/</c>, and a short key for logical names.</summary>
public sealed record ManagedPolicy(string Key, string Path)
{
    /// <summary>Registers the host with the cluster, pulls from ECR, sends container logs.</summary>
    public static readonly ManagedPolicy ContainerInstance = new("ecs", "service-role/AmazonEC2ContainerServiceforEC2Role");

    /// <summary>Session Manager instead of SSH: no key pair, no inbound port.</summary>
    public static readonly ManagedPolicy SsmCore = new("ssm", "AmazonSSMManagedInstanceCore");

    /// <summary>The CloudWatch agent shipping the instance logs.</summary>
    public static readonly ManagedPolicy CloudWatchAgent = new("cloudwatch-agent", "CloudWatchAgentServerPolicy");

    /// <summary>Image pulls from ECR and container logs, on behalf of the ECS agent.</summary>
    public static readonly ManagedPolicy TaskExecution = new("ecs-task-execution", "service-role/AmazonECSTaskExecutionRolePolicy");

    /// <summary>Built from the partition (aws, aws-cn, aws-us-gov), never a hard-coded <c>arn:aws:</c>.</summary>
    public string Arn(string partition) => $"arn:{partition}:iam::aws:policy/{Path}";
}

/// <summary>The account, region and partition the stack deploys into: what confused-deputy conditions name.</summary>
public sealed record AccountScope(string Partition, string Region, string AccountId);

/// <summary>
/// One role: its logical name (auto-named from it), the one principal it trusts (only on behalf of the resources
/// <paramref name="TrustCondition"/> names, where set), what it may do.
/// </summary>
public sealed record RolePlan(
    string Name,
    string Description,
    string ServicePrincipal,
    IReadOnlyList<ManagedPolicy> ManagedPolicies,
    PolicyDocument? InlinePolicy,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? TrustCondition = null)
{
    public PolicyDocument TrustPolicy => PolicyDocument.Of(PolicyStatement.AssumeRoleBy(ServicePrincipal) with { Condition = TrustCondition });

    public IReadOnlyList<string> ManagedPolicyArns(string partition) => [.. ManagedPolicies.Select(p => p.Arn(partition))];
}

/// <summary>The cluster's roles: hosts, the ECS agent acting for tasks, and each service's own task role (E8: never the same).</summary>
public sealed record ClusterRolePlan(RolePlan Instance, RolePlan Execution, IReadOnlyDictionary<string, RolePlan> TaskRoles);

/// <summary>
/// Every IAM role as data. There is no ECS service role: the ECS service-linked role
/// (AWSServiceRoleForECS), which AWS creates on first use, registers targets with the load balancer.
/// </summary>
public static class RolePlans
{
    public static ClusterRolePlan Cluster(StackSettings settings)
    {
        var stack = settings.Stack;
        var instance = new RolePlan(
            ResourceNames.InstanceRole(stack),
            "ECS container instances: join the cluster, Session Manager, CloudWatch agent",
            ServicePrincipals.Ec2,
            [ManagedPolicy.ContainerInstance, ManagedPolicy.SsmCore, ManagedPolicy.CloudWatchAgent],
            null);
        var execution = new RolePlan(
            ResourceNames.ExecutionRole(stack),
            "ECS agent on behalf of tasks: pull images, write logs, read the tasks' secrets",
            ServicePrincipals.EcsTasks,
            [ManagedPolicy.TaskExecution],
            SecretsPolicy(settings.Services));
        var tasks = settings.Services.ToDictionary(
            s => s.Name,
            s => new RolePlan(
                ResourceNames.TaskRole(stack, s.Name),
                $"Tasks of {s.Name}: no permissions until the service needs some",
                ServicePrincipals.EcsTasks,
                [],
                null));
        return new ClusterRolePlan(instance, execution, tasks);
    }

    /// <summary>
    /// The flow-log delivery role. With <paramref name="scope"/> (the program knows it; the offline plan does not) the
    /// trust is limited to flow logs of this account and region (aws:SourceAccount, aws:SourceArn), as the VPC guide
    /// recommends against the confused deputy: no one else's flow log can make the service act with this role.
    /// </summary>
    public static RolePlan FlowLogs(string stack, AccountScope? scope = null) => new(
        ResourceNames.FlowLogsRole(stack),
        "VPC flow logs delivery to the stack's flow log group",
        ServicePrincipals.VpcFlowLogs,
        [],
        null,
        scope is null ? null : FlowLogsTrustCondition(scope));

    /// <summary>
    /// <c>aws:SourceAccount</c> is the account; <c>aws:SourceArn</c> any flow log of the account in the region (the flow
    /// log's id is known only after it exists, and the role must exist first; the guide allows the wildcard for that).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> FlowLogsTrustCondition(AccountScope scope) =>
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal)
        {
            ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["aws:SourceAccount"] = [scope.AccountId] },
            ["ArnLike"] = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
            {
                ["aws:SourceArn"] = [$"arn:{scope.Partition}:ec2:{scope.Region}:{scope.AccountId}:vpc-flow-log/*"],
            },
        };

    /// <summary>
    /// The permissions the VPC guide lists as the minimum for delivery to CloudWatch Logs ("IAM role for publishing
    /// flow logs to CloudWatch Logs": CreateLogGroup, CreateLogStream, PutLogEvents, DescribeLogGroups,
    /// DescribeLogStreams), each on the narrowest resource it takes: everything that takes a log-group or log-stream
    /// ARN on the stack's group and its streams (PutLogEvents is authorised on the stream); DescribeLogGroups takes no
    /// resource ARN, so on <c>*</c> alone, in its own statement (I4 knows it as a star-only action).
    /// </summary>
    /// <param name="logGroupArn">The group's ARN without the trailing <c>:*</c> (as the LogGroup resource gives it).</param>
    public static PolicyDocument FlowLogsPolicy(string logGroupArn) => PolicyDocument.Of(
        PolicyStatement.Allow(
            "DeliverFlowLogs",
            ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            [logGroupArn, $"{logGroupArn}:log-stream:*"]),
        PolicyStatement.Allow("FindLogGroup", ["logs:DescribeLogGroups"], ["*"]));

    /// <summary>
    /// Lets the ECS agent resolve the services' <c>secrets</c> when it starts their tasks: exactly the referenced
    /// SSM parameters and Secrets Manager secrets; null when no service has secrets.
    /// </summary>
    public static PolicyDocument? SecretsPolicy(IEnumerable<ServiceSettings> services)
    {
        var references = services.SelectMany(s => s.Secrets.Values).ToList();
        var parameters = Distinct(references.Where(IsSsmParameter));
        var secrets = Distinct(references.Where(r => !IsSsmParameter(r)).Select(SecretArn));

        var statements = new List<PolicyStatement>();
        if (parameters.Count > 0)
        {
            statements.Add(PolicyStatement.Allow("ReadSsmParameters", ["ssm:GetParameters"], parameters));
        }

        if (secrets.Count > 0)
        {
            statements.Add(PolicyStatement.Allow("ReadSecrets", ["secretsmanager:GetSecretValue"], secrets));
        }

        return statements.Count == 0 ? null : new PolicyDocument(statements);
    }

    /// <summary>
    /// The secret itself: ECS references may append <c>:json-key:version-stage:version-id</c> to the secret's ARN
    /// (<c>arn:partition:secretsmanager:region:account:secret:name</c>), but IAM authorises the secret's ARN.
    /// </summary>
    public static string SecretArn(string reference) => string.Join(':', reference.Split(':').Take(7));

    private static bool IsSsmParameter(string reference) => reference.Split(':') is [_, _, "ssm", ..];

    private static List<string> Distinct(IEnumerable<string> arns) => [.. arns.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
