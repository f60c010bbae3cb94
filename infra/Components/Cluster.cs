using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Infra.Model.Compute;
using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Infra.Components;

/// <param name="Settings">The validated stack settings.</param>
/// <param name="PrivateSubnetIds">Where the hosts run: private subnets, one per AZ (C7).</param>
/// <param name="HostSecurityGroupId">The hosts' security group (dynamic ports from the ALB only).</param>
/// <param name="InstanceProfileArn">The hosts' instance profile (ECS agent, SSM, CloudWatch agent).</param>
/// <param name="AmiId">The ECS-optimized Amazon Linux 2023 AMI: the stack's pinned amiId, or the public SSM parameter's.</param>
/// <param name="ServiceConnectNamespaceArn">The Cloud Map namespace new Service Connect services join by default.</param>
public sealed record ClusterArgs(
    StackSettings Settings,
    Output<ImmutableArray<string>> PrivateSubnetIds,
    Output<string> HostSecurityGroupId,
    Output<string> InstanceProfileArn,
    Output<string> AmiId,
    Output<string>? ServiceConnectNamespaceArn = null);

/// <summary>
/// The ECS cluster and its EC2 capacity: a launch template (IMDSv2 only, encrypted gp3, no public IP, no key pair),
/// an Auto Scaling group in the private subnets, a capacity provider that scales and drains it, and the log groups
/// the hosts' CloudWatch agent ships to. Replaces the reference's ecs-cluster.yaml and its lifecycle-hook Lambda.
/// </summary>
public sealed class Cluster : ComponentResource
{
    public Cluster(string name, ClusterArgs args, ComponentResourceOptions? options = null)
        : base("ecs-refarch:compute:Cluster", name, options)
    {
        var plan = ClusterPlan.For(args.Settings);
        var fleet = FleetPlan.For(args.Settings);

        var ecsClusterArgs = new Aws.Ecs.ClusterArgs
        {
            Settings =
            {
                new Aws.Ecs.Inputs.ClusterSettingArgs { Name = "containerInsights", Value = plan.ContainerInsights },
            },
        };
        if (args.ServiceConnectNamespaceArn is { } namespaceArn)
        {
            ecsClusterArgs.ServiceConnectDefaults = new Aws.Ecs.Inputs.ClusterServiceConnectDefaultsArgs { Namespace = namespaceArn };
        }

        var ecsCluster = new Aws.Ecs.Cluster($"{name}-ecs", ecsClusterArgs, new CustomResourceOptions { Parent = this });

        // Created by the stack, not by the agent, so retention and encryption are enforced and destroy removes them.
        var logGroups = plan.InstanceLogs.Select(log => new Aws.CloudWatch.LogGroup($"{name}-log-{log.Name}", new Aws.CloudWatch.LogGroupArgs
        {
            Name = log.LogGroupName,
            RetentionInDays = plan.LogRetentionDays,
            KmsKeyId = plan.LogKmsKeyArn is { } key ? (Input<string>)key : null,
        }, new CustomResourceOptions { Parent = this })).ToList();

        // The script names the cluster, so it is rendered once the cluster's auto-generated name is known.
        var userData = ecsCluster.Name.Apply(clusterName =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(UserData.For(plan, clusterName, fleet))));

        var launchTemplate = new Aws.Ec2.LaunchTemplate($"{name}-hosts", new Aws.Ec2.LaunchTemplateArgs
        {
            NamePrefix = plan.LaunchTemplateNamePrefix,
            Description = "ECS hosts: ECS-optimized Amazon Linux 2023",
            ImageId = args.AmiId,
            InstanceType = plan.Instance.Name,
            IamInstanceProfile = new Aws.Ec2.Inputs.LaunchTemplateIamInstanceProfileArgs { Arn = args.InstanceProfileArn },
            // IMDSv2 only (C1); one hop, so containers on the docker bridge cannot reach the host's credentials (C2).
            MetadataOptions = new Aws.Ec2.Inputs.LaunchTemplateMetadataOptionsArgs
            {
                HttpEndpoint = "enabled",
                HttpTokens = "required",
                HttpPutResponseHopLimit = 1,
            },
            // The security group goes on the interface; the template must then not set VpcSecurityGroupIds too.
            NetworkInterfaces =
            {
                new Aws.Ec2.Inputs.LaunchTemplateNetworkInterfaceArgs
                {
                    DeviceIndex = 0,
                    AssociatePublicIpAddress = "false",
                    DeleteOnTermination = "true",
                    SecurityGroups = { args.HostSecurityGroupId },
                },
            },
            BlockDeviceMappings =
            {
                new Aws.Ec2.Inputs.LaunchTemplateBlockDeviceMappingArgs
                {
                    DeviceName = plan.RootVolume.DeviceName,
                    Ebs = new Aws.Ec2.Inputs.LaunchTemplateBlockDeviceMappingEbsArgs
                    {
                        VolumeType = plan.RootVolume.VolumeType,
                        VolumeSize = plan.RootVolume.SizeGiB,
                        Encrypted = plan.RootVolume.Encrypted ? "true" : "false",
                        DeleteOnTermination = plan.RootVolume.DeleteOnTermination ? "true" : "false",
                    },
                },
            },
            // No KeyName: no SSH; operators use SSM Session Manager.
            Monitoring = new Aws.Ec2.Inputs.LaunchTemplateMonitoringArgs { Enabled = plan.DetailedMonitoring },
            // The provider's default tags do not reach what the group launches: tag instances, volumes and ENIs here.
            TagSpecifications = ClusterPlan.TaggedLaunchResourceTypes
                .Select(type => new Aws.Ec2.Inputs.LaunchTemplateTagSpecificationArgs { ResourceType = type, Tags = new Dictionary<string, string>(plan.HostTags) })
                .ToList(),
            UserData = userData,
            UpdateDefaultVersion = true,
        }, new CustomResourceOptions { Parent = this });

        // A numbered version (not "$Latest"), so a template change is an ASG change that starts a refresh (C6).
        var templateVersion = launchTemplate.LatestVersion.Apply(v => v.ToString(CultureInfo.InvariantCulture));
        var groupArgs = new Aws.AutoScaling.GroupArgs
        {
            VpcZoneIdentifiers = args.PrivateSubnetIds,
            MinSize = plan.MinSize,
            MaxSize = plan.MaxSize,
            DesiredCapacity = plan.DesiredCapacity,
            HealthCheckType = ClusterPlan.HealthCheckType,
            HealthCheckGracePeriod = plan.HealthCheckGracePeriodSeconds,
            DefaultInstanceWarmup = ClusterPlan.InstanceWarmupSeconds,
            // Required by the capacity provider's managed termination protection: ECS lifts it from empty hosts.
            ProtectFromScaleIn = true,
            // With Spot, replace a host when EC2 signals its interruption risk; on-demand hosts never get the signal.
            CapacityRebalance = fleet.CapacityRebalance,
            // Protected hosts would otherwise keep `pulumi destroy` waiting for a scale-in that never happens.
            ForceDelete = true,
            InstanceRefresh = new Aws.AutoScaling.Inputs.GroupInstanceRefreshArgs
            {
                Strategy = plan.InstanceRefresh.Strategy,
                Preferences = new Aws.AutoScaling.Inputs.GroupInstanceRefreshPreferencesArgs
                {
                    MinHealthyPercentage = plan.InstanceRefresh.MinHealthyPercent,
                    MaxHealthyPercentage = plan.InstanceRefresh.MaxHealthyPercent,
                    InstanceWarmup = plan.InstanceRefresh.InstanceWarmupSeconds.ToString(CultureInfo.InvariantCulture),
                    ScaleInProtectedInstances = plan.InstanceRefresh.ScaleInProtectedInstances,
                },
            },
            EnabledMetrics =
            {
                Aws.AutoScaling.Metric.GroupMinSize,
                Aws.AutoScaling.Metric.GroupMaxSize,
                Aws.AutoScaling.Metric.GroupDesiredCapacity,
                Aws.AutoScaling.Metric.GroupInServiceInstances,
                Aws.AutoScaling.Metric.GroupPendingInstances,
                Aws.AutoScaling.Metric.GroupTerminatingInstances,
                Aws.AutoScaling.Metric.GroupTotalInstances,
            },
            // AmazonECSManaged tells ECS the group is managed by a capacity provider (the provider fights over it
            // otherwise); the stack's tags follow, as tag blocks, since default tags do not reach a group (G3).
            Tags = plan.GroupTags
                .Select(tag => new Aws.AutoScaling.Inputs.GroupTagArgs { Key = tag.Key, Value = tag.Value, PropagateAtLaunch = false })
                .Prepend(new Aws.AutoScaling.Inputs.GroupTagArgs { Key = "AmazonECSManaged", Value = string.Empty, PropagateAtLaunch = true })
                .ToList(),
        };

        // One type on-demand: the template as it is. Several types or Spot: the same template under a mixed instances
        // policy, one override per type. Switching between the two updates the group in place and starts a refresh.
        if (fleet.UsesMixedInstancesPolicy)
        {
            var launchTemplateOverrides = new InputList<Aws.AutoScaling.Inputs.GroupMixedInstancesPolicyLaunchTemplateOverrideArgs>();
            foreach (var type in fleet.InstanceTypes)
            {
                launchTemplateOverrides.Add(new Aws.AutoScaling.Inputs.GroupMixedInstancesPolicyLaunchTemplateOverrideArgs { InstanceType = type.Name });
            }

            groupArgs.MixedInstancesPolicy = new Aws.AutoScaling.Inputs.GroupMixedInstancesPolicyArgs
            {
                LaunchTemplate = new Aws.AutoScaling.Inputs.GroupMixedInstancesPolicyLaunchTemplateArgs
                {
                    LaunchTemplateSpecification = new Aws.AutoScaling.Inputs.GroupMixedInstancesPolicyLaunchTemplateLaunchTemplateSpecificationArgs
                    {
                        LaunchTemplateId = launchTemplate.Id,
                        Version = templateVersion,
                    },
                    Overrides = launchTemplateOverrides,
                },
                InstancesDistribution = new Aws.AutoScaling.Inputs.GroupMixedInstancesPolicyInstancesDistributionArgs
                {
                    OnDemandAllocationStrategy = FleetPlan.OnDemandAllocationStrategy,
                    OnDemandBaseCapacity = fleet.Purchase.OnDemandBaseCapacity,
                    OnDemandPercentageAboveBaseCapacity = fleet.Purchase.OnDemandPercentageAboveBase,
                    SpotAllocationStrategy = fleet.Purchase.SpotAllocationStrategy,
                },
            };
        }
        else
        {
            groupArgs.LaunchTemplate = new Aws.AutoScaling.Inputs.GroupLaunchTemplateArgs
            {
                Id = launchTemplate.Id,
                Version = templateVersion,
            };
        }

        var group = new Aws.AutoScaling.Group($"{name}-asg", groupArgs, new CustomResourceOptions
        {
            Parent = this,
            // Managed scaling owns the desired capacity after creation.
            IgnoreChanges = { "desiredCapacity" },
            // Hosts start shipping logs at boot: the groups must exist first, or the agent creates them unmanaged.
            DependsOn = logGroups.ToArray<Resource>(),
        });

        var capacityProvider = new Aws.Ecs.CapacityProvider($"{name}-capacity", new Aws.Ecs.CapacityProviderArgs
        {
            // No Cluster: that input is for managed-instances providers only.
            AutoScalingGroupProvider = new Aws.Ecs.Inputs.CapacityProviderAutoScalingGroupProviderArgs
            {
                AutoScalingGroupArn = group.Arn,
                // E9: ECS keeps hosts with tasks from being scaled in, and drains a host before it terminates
                // (what the reference's lifecycle-hook Lambda did).
                ManagedTerminationProtection = "ENABLED",
                ManagedDraining = "ENABLED",
                ManagedScaling = new Aws.Ecs.Inputs.CapacityProviderAutoScalingGroupProviderManagedScalingArgs
                {
                    Status = "ENABLED",
                    TargetCapacity = plan.ManagedScaling.TargetCapacityPercent,
                    MinimumScalingStepSize = plan.ManagedScaling.MinimumStepSize,
                    MaximumScalingStepSize = plan.ManagedScaling.MaximumStepSize,
                    InstanceWarmupPeriod = plan.ManagedScaling.InstanceWarmupSeconds,
                },
            },
        }, new CustomResourceOptions { Parent = this });

        CapacityProviders = new Aws.Ecs.ClusterCapacityProviders($"{name}-capacity-providers", new Aws.Ecs.ClusterCapacityProvidersArgs
        {
            ClusterName = ecsCluster.Name,
            CapacityProviders = { capacityProvider.Name },
            DefaultCapacityProviderStrategies =
            {
                new Aws.Ecs.Inputs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs
                {
                    CapacityProvider = capacityProvider.Name,
                    Weight = 1,
                    Base = 0,
                },
            },
        }, new CustomResourceOptions { Parent = this });

        ClusterName = ecsCluster.Name;
        ClusterArn = ecsCluster.Arn;
        CapacityProviderName = capacityProvider.Name;
        AutoScalingGroupName = group.Name;
        InstanceLogGroupNames = Output.All(logGroups.Select(g => g.Name));
        RegisterOutputs();
    }

    /// <summary>The cluster's association with its capacity provider: services depend on it, so destroy removes
    /// services, then this association, then the provider, then the group.</summary>
    public Aws.Ecs.ClusterCapacityProviders CapacityProviders { get; }

    [Output("clusterName")]
    public Output<string> ClusterName { get; private set; }

    [Output("clusterArn")]
    public Output<string> ClusterArn { get; private set; }

    [Output("capacityProviderName")]
    public Output<string> CapacityProviderName { get; private set; }

    [Output("autoScalingGroupName")]
    public Output<string> AutoScalingGroupName { get; private set; }

    [Output("instanceLogGroupNames")]
    public Output<ImmutableArray<string>> InstanceLogGroupNames { get; private set; }
}
