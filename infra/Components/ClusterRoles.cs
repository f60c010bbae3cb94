using System.Collections.Immutable;
using Infra.Model.Iam;
using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Infra.Components;

/// <param name="Settings">The validated stack settings (stack name, services and their secrets).</param>
/// <param name="Partition">The AWS partition (aws, aws-cn, aws-us-gov) the managed-policy ARNs are built in.</param>
public sealed record ClusterRolesArgs(StackSettings Settings, string Partition);

/// <summary>
/// The IAM parts of the reference's ecs-cluster.yaml and service templates, as <see cref="RolePlans"/> plans them:
/// the container instances' role and profile (AWS managed policies instead of the reference's inline ECS/ECR
/// actions on <c>*</c>), the task execution role, and an empty task role per service. No ECS service role and no
/// scaling role: AWS's service-linked roles (AWSServiceRoleForECS, AWSServiceRoleForApplicationAutoScaling_ECSService)
/// register targets with the load balancer and scale the services.
/// </summary>
public sealed class ClusterRoles : ComponentResource
{
    private readonly ImmutableDictionary<string, Output<string>> _taskRoleArns;

    [Output("instanceRoleArn")]
    public Output<string> InstanceRoleArn { get; private set; }

    [Output("instanceProfileArn")]
    public Output<string> InstanceProfileArn { get; private set; }

    [Output("executionRoleArn")]
    public Output<string> ExecutionRoleArn { get; private set; }

    /// <summary>Service name → the ARN of its task role.</summary>
    [Output("taskRoleArns")]
    public Output<ImmutableDictionary<string, string>> TaskRoleArns { get; private set; }

    public ClusterRoles(string name, ClusterRolesArgs args, ComponentResourceOptions? options = null)
        : base("ecs-refarch:iam:ClusterRoles", name, options)
    {
        var plan = RolePlans.Cluster(args.Settings);

        var instanceRole = Role(name, "instance", plan.Instance, args.Partition);
        var profile = new Aws.Iam.InstanceProfile($"{name}-instance-profile", new Aws.Iam.InstanceProfileArgs
        {
            Role = instanceRole.Name,
        }, new CustomResourceOptions { Parent = this });

        var executionRole = Role(name, "execution", plan.Execution, args.Partition);

        _taskRoleArns = plan.TaskRoles.ToImmutableDictionary(
            kv => kv.Key,
            kv => Role(name, $"{kv.Key}-task", kv.Value, args.Partition).Arn);

        InstanceRoleArn = instanceRole.Arn;
        InstanceProfileArn = profile.Arn;
        ExecutionRoleArn = executionRole.Arn;
        TaskRoleArns = Output.All(_taskRoleArns.Select(kv => kv.Value.Apply(arn => KeyValuePair.Create(kv.Key, arn))))
            .Apply(pairs => pairs.ToImmutableDictionary());
        RegisterOutputs();
    }

    /// <summary>The task role of a configured service.</summary>
    public Output<string> TaskRoleArn(string serviceName) =>
        _taskRoleArns.TryGetValue(serviceName, out var arn)
            ? arn
            : throw new ArgumentException($"'{serviceName}' is not a configured service", nameof(serviceName));

    /// <summary>
    /// A role auto-named from its planned logical name (which validation keeps within IAM's 64 characters with the
    /// suffix), with its managed policies attached one resource each and its inline policy, if any.
    /// </summary>
    private Aws.Iam.Role Role(string name, string key, RolePlan plan, string partition)
    {
        var role = new Aws.Iam.Role(plan.Name, new Aws.Iam.RoleArgs
        {
            AssumeRolePolicy = plan.TrustPolicy.ToJson(),
            Description = plan.Description,
        }, new CustomResourceOptions { Parent = this });

        foreach (var policy in plan.ManagedPolicies)
        {
            _ = new Aws.Iam.RolePolicyAttachment($"{name}-{key}-{policy.Key}", new Aws.Iam.RolePolicyAttachmentArgs
            {
                Role = role.Name,
                PolicyArn = policy.Arn(partition),
            }, new CustomResourceOptions { Parent = this });
        }

        if (plan.InlinePolicy is { } inline)
        {
            _ = new Aws.Iam.RolePolicy($"{name}-{key}-inline", new Aws.Iam.RolePolicyArgs
            {
                Role = role.Name,
                Policy = inline.ToJson(),
            }, new CustomResourceOptions { Parent = this });
        }

        return role;
    }
}
