using Infra.Model.Iam;
using Infra.Model.Naming;
using Infra.Model.Routing;
using Infra.Model.Services;
using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Infra.Components;

/// <param name="Settings">The stack's validated settings.</param>
/// <param name="Service">The service to deploy.</param>
/// <param name="Routes">Every route of the stack: URLs of other services passed to this one resolve through them.</param>
/// <param name="Cluster">The cluster and its capacity provider the tasks run on.</param>
/// <param name="LoadBalancer">The ALB the service's target group is attached to.</param>
/// <param name="ExecutionRoleArn">The role ECS uses to pull images, write logs and read secrets (shared).</param>
/// <param name="TaskRoleArn">The role the service's own code runs as (one per service, E8).</param>
/// <param name="ServiceConnectNamespaceArn">The stack's Cloud Map namespace: with Service Connect the service publishes its port there.</param>
/// <param name="CalledServices">The services this one calls through Service Connect: its tasks start after theirs joined the namespace.</param>
public sealed record ServiceArgs(
    StackSettings Settings,
    ServiceSettings Service,
    IReadOnlyList<RouteRule> Routes,
    Cluster Cluster,
    LoadBalancer LoadBalancer,
    Output<string> ExecutionRoleArn,
    Output<string> TaskRoleArn,
    Output<string>? ServiceConnectNamespaceArn = null,
    IReadOnlyList<Service>? CalledServices = null);

/// <summary>
/// One containerized service, as the reference's <c>services/*/service.yaml</c>: its log group, task definition
/// (bridge mode, dynamic host port), target group and listener rule, ECS service (circuit breaker with rollback,
/// spread over AZs) and target-tracking autoscaling. It depends on the shared ALB and cluster, and on another
/// service only when it calls that one through Service Connect; otherwise services deploy in parallel.
/// </summary>
public sealed class Service : ComponentResource
{
    [Output("url")]
    public Output<string> Url { get; private set; }

    [Output("serviceName")]
    public Output<string> ServiceName { get; private set; }

    [Output("serviceArn")]
    public Output<string> ServiceArn { get; private set; }

    [Output("logGroupName")]
    public Output<string> LogGroupName { get; private set; }

    [Output("targetGroupArn")]
    public Output<string> TargetGroupArn { get; private set; }

    /// <summary>The target group's ARN suffix, the TargetGroup dimension of its CloudWatch metrics.</summary>
    [Output("targetGroupArnSuffix")]
    public Output<string> TargetGroupArnSuffix { get; private set; }

    /// <summary>The alternate target group's ARN suffix (canary and blue/green services only).</summary>
    public Output<string>? AlternateTargetGroupArnSuffix { get; }

    public Service(string name, ServiceArgs args, ComponentResourceOptions? options = null)
        : base(ServiceResources.ComponentType, name, options)
    {
        var (settings, service, routes) = (args.Settings, args.Service, args.Routes);
        var route = routes.Single(r => r.Service == service.Name);

        // G1: retention always set; G2: encrypted with the stack's key where one is configured.
        var logGroupArgs = new Aws.CloudWatch.LogGroupArgs
        {
            Name = ResourceNames.ServiceLogGroup(settings.Project, settings.Stack, service.Name),
            RetentionInDays = settings.Logging.RetentionDays,
        };
        if (settings.Logging.KmsKeyArn is { } kmsKeyArn)
        {
            logGroupArgs.KmsKeyId = kmsKeyArn;
        }

        var logGroup = new Aws.CloudWatch.LogGroup(ServiceResources.LogGroup(name), logGroupArgs, Child());

        // The only values the container definitions wait for: the ALB's URL and this service's own log group.
        var containerDefinitions = Output.Tuple(args.LoadBalancer.Url, logGroup.Name).Apply(values =>
            ContainerDefinitions.Build(settings, service, routes, values.Item1, values.Item2, settings.Region));

        var taskDefinition = new Aws.Ecs.TaskDefinition(ServiceResources.TaskDefinition(name), new Aws.Ecs.TaskDefinitionArgs
        {
            Family = ServiceResources.Family(settings.Stack, service.Name),
            NetworkMode = "bridge",
            RequiresCompatibilities = { "EC2" },
            ExecutionRoleArn = args.ExecutionRoleArn,
            TaskRoleArn = args.TaskRoleArn,
            ContainerDefinitions = containerDefinitions,
        }, Child());

        var attached = args.LoadBalancer.Attach(service, route, this);
        var deployment = DeploymentPlan.For(settings, service);
        var loadBalancer = new Aws.Ecs.Inputs.ServiceLoadBalancerArgs
        {
            TargetGroupArn = attached.TargetGroup.Arn,
            ContainerName = service.Name,
            ContainerPort = service.ContainerPort,
        };
        Aws.Iam.RolePolicy? trafficShiftPolicy = null;
        if (attached.AlternateTargetGroup is { } alternate)
        {
            // Canary and blue/green: ECS registers the new revision in the alternate group and moves the rule's weights,
            // as a role it assumes, allowed only on this service's two groups and its rule.
            var rolePlan = TrafficShiftRole.For(settings.Stack, service.Name);
            var role = new Aws.Iam.Role(rolePlan.Name, new Aws.Iam.RoleArgs
            {
                AssumeRolePolicy = rolePlan.TrustPolicy.ToJson(),
                Description = rolePlan.Description,
            }, Child());
            trafficShiftPolicy = new Aws.Iam.RolePolicy(ServiceResources.TrafficShiftPolicy(name), new Aws.Iam.RolePolicyArgs
            {
                Role = role.Name,
                Policy = Output.Tuple(attached.TargetGroup.Arn, alternate.Arn, attached.Rule.Arn)
                    .Apply(arns => TrafficShiftRole.Policy([arns.Item1, arns.Item2], arns.Item3).ToJson()),
            }, Child());
            loadBalancer.AdvancedConfiguration = new Aws.Ecs.Inputs.ServiceLoadBalancerAdvancedConfigurationArgs
            {
                AlternateTargetGroupArn = alternate.Arn,
                ProductionListenerRule = attached.Rule.Arn,
                RoleArn = role.Arn,
            };
        }

        var deploymentConfiguration = new Aws.Ecs.Inputs.ServiceDeploymentConfigurationArgs { Strategy = deployment.ApiStrategy };
        if (deployment.BakeTimeInMinutes is { } bake)
        {
            deploymentConfiguration.BakeTimeInMinutes = bake;
        }

        if (deployment is { CanaryPercent: { } canaryPercent, CanaryBakeTimeInMinutes: { } canaryBake })
        {
            deploymentConfiguration.CanaryConfiguration = new Aws.Ecs.Inputs.ServiceDeploymentConfigurationCanaryConfigurationArgs
            {
                CanaryPercent = canaryPercent,
                CanaryBakeTimeInMinutes = canaryBake,
            };
        }

        // The service's own 5XX-rate and unhealthy-host alarms (created by the Observability component under these
        // model-fixed names) stop a deployment that raises errors and roll it back.
        var alarms = new Aws.Ecs.Inputs.ServiceAlarmsArgs { Enable = true, Rollback = true };
        foreach (var alarmName in deployment.RollbackAlarmNames)
        {
            alarms.AlarmNames.Add(alarmName);
        }

        var serviceArgs = new Aws.Ecs.ServiceArgs
        {
            Cluster = args.Cluster.ClusterArn,
            TaskDefinition = taskDefinition.Arn,
            DesiredCount = service.DesiredCount,
            CapacityProviderStrategies =
            {
                new Aws.Ecs.Inputs.ServiceCapacityProviderStrategyArgs { CapacityProvider = args.Cluster.CapacityProviderName, Weight = 1 },
            },

            // ECS accepts a changed capacity provider strategy only with a new deployment; without this flag the
            // provider replaces the whole service instead. The trigger starts that deployment whenever the cluster's
            // capacity provider is another one (a replaced Auto Scaling group brings a new provider).
            ForceNewDeployment = true,
            Triggers = { { ServiceResources.CapacityProviderTrigger, args.Cluster.CapacityProviderName } },

            // E10: a deployment whose tasks never get healthy stops and rolls back to the last good revision.
            DeploymentCircuitBreaker = new Aws.Ecs.Inputs.ServiceDeploymentCircuitBreakerArgs { Enable = true, Rollback = true },
            DeploymentConfiguration = deploymentConfiguration,
            Alarms = alarms,
            DeploymentMinimumHealthyPercent = service.MinimumHealthyPercent,
            DeploymentMaximumPercent = service.MaximumPercent,

            // Spread over AZs first (an AZ outage takes at most its share), then pack hosts by memory; rebalancing
            // needs that first spread and a maximumPercent above 100, which validation ensures.
            OrderedPlacementStrategies = ServicePlacement.Strategies
                .Select(p => new Aws.Ecs.Inputs.ServiceOrderedPlacementStrategyArgs { Type = p.Type, Field = p.Field })
                .ToList(),
            AvailabilityZoneRebalancing = ServicePlacement.AvailabilityZoneRebalancing,
            LoadBalancers = { loadBalancer },
            HealthCheckGracePeriodSeconds = service.HealthCheckGracePeriodSeconds,
            EnableEcsManagedTags = true,
            PropagateTags = "SERVICE",

            // On (CI turns it on for its deploys), pulumi up fails when the deployment never settles instead of
            // reporting success while the circuit breaker rolls the tasks back. The loader resolves the stack-level
            // setting into every service, so the value is always known here.
            WaitForSteadyState = service.WaitForSteadyState ?? false,
        };
        if (ServiceConnect.Enabled(settings) && args.ServiceConnectNamespaceArn is { } namespaceArn)
        {
            serviceArgs.ServiceConnectConfiguration = ServiceConnectConfiguration(settings, service, namespaceArn, logGroup.Name);
        }

        var ecsServiceOptions = new CustomResourceOptions
        {
            Parent = this,

            // Autoscaling owns the task count after creation; a deployment must not reset it.
            IgnoreChanges = { "desiredCount" },

            // The target group must be behind a listener before the service registers tasks in it; on deletion the
            // service goes before the cluster's capacity providers. Of other services only those it calls (below).
            DependsOn = { attached.Rule, args.Cluster.CapacityProviders },
        };
        if (trafficShiftPolicy is not null)
        {
            // ECS needs the traffic-shift role's permissions from the first deployment on.
            ecsServiceOptions.DependsOn.Add(trafficShiftPolicy);
        }

        // A Service Connect name resolves only in tasks started after the called service joined the namespace
        // (AWS: "Amazon ECS Service Connect components"): callers deploy after the services they call, never the reverse.
        foreach (var called in args.CalledServices ?? [])
        {
            ecsServiceOptions.DependsOn.Add(called);
        }

        var ecsService = new Aws.Ecs.Service(ServiceResources.EcsService(name), serviceArgs, ecsServiceOptions);

        // No RoleArn: Application Auto Scaling uses its ECS service-linked role.
        var scaling = ScalingPlan.For(service);
        var target = new Aws.AppAutoScaling.Target(ServiceResources.ScalingTarget(name), new Aws.AppAutoScaling.TargetArgs
        {
            ServiceNamespace = ScalingPlan.ServiceNamespace,
            ScalableDimension = ScalingPlan.ScalableDimension,
            ResourceId = Output.Tuple(args.Cluster.ClusterName, ecsService.Name)
                .Apply(names => ScalingPlan.ResourceId(names.Item1, names.Item2)),
            MinCapacity = scaling.MinCapacity,
            MaxCapacity = scaling.MaxCapacity,
        }, Child());

        foreach (var policy in scaling.Policies)
        {
            var metric = new Aws.AppAutoScaling.Inputs.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs
            {
                PredefinedMetricType = policy.MetricType,
            };
            if (policy.NeedsResourceLabel)
            {
                metric.ResourceLabel = Output.Tuple(args.LoadBalancer.ArnSuffix, attached.TargetGroup.ArnSuffix)
                    .Apply(suffixes => TargetTrackingPolicy.ResourceLabel(suffixes.Item1, suffixes.Item2));
            }

            _ = new Aws.AppAutoScaling.Policy(ServiceResources.ScalingPolicy(name, policy), new Aws.AppAutoScaling.PolicyArgs
            {
                PolicyType = ScalingPlan.PolicyType,

                // From the target's outputs, so each policy is created after its scalable target.
                ResourceId = target.ResourceId,
                ScalableDimension = target.ScalableDimension,
                ServiceNamespace = target.ServiceNamespace,
                TargetTrackingScalingPolicyConfiguration = new Aws.AppAutoScaling.Inputs.PolicyTargetTrackingScalingPolicyConfigurationArgs
                {
                    TargetValue = policy.TargetValue,
                    ScaleInCooldown = policy.ScaleInCooldownSeconds,
                    ScaleOutCooldown = policy.ScaleOutCooldownSeconds,
                    PredefinedMetricSpecification = metric,
                },
            }, Child());
        }

        Url = args.LoadBalancer.Url.Apply(albUrl => ServiceUrl.For(albUrl, service.PathPattern));
        ServiceName = ecsService.Name;
        ServiceArn = ecsService.Arn;
        LogGroupName = logGroup.Name;
        TargetGroupArn = attached.TargetGroup.Arn;
        TargetGroupArnSuffix = attached.TargetGroup.ArnSuffix;
        AlternateTargetGroupArnSuffix = attached.AlternateTargetGroup?.ArnSuffix;

        RegisterOutputs();
    }

    private CustomResourceOptions Child() => new() { Parent = this };

    /// <summary>
    /// Publishes the container's named port under the service's name (client alias <c>name:containerPort</c>) in
    /// the stack's namespace; the injected proxy logs to the service's own log group (E7).
    /// </summary>
    private static Aws.Ecs.Inputs.ServiceServiceConnectConfigurationArgs ServiceConnectConfiguration(
        StackSettings settings, ServiceSettings service, Output<string> namespaceArn, Output<string> logGroupName)
    {
        var endpoint = ServiceConnect.Endpoint(service);
        return new Aws.Ecs.Inputs.ServiceServiceConnectConfigurationArgs
        {
            Enabled = true,
            Namespace = namespaceArn,
            Services =
            {
                new Aws.Ecs.Inputs.ServiceServiceConnectConfigurationServiceArgs
                {
                    PortName = endpoint.PortName,
                    DiscoveryName = endpoint.DiscoveryName,
                    ClientAlias =
                    {
                        new Aws.Ecs.Inputs.ServiceServiceConnectConfigurationServiceClientAliasArgs { DnsName = endpoint.Alias, Port = endpoint.Port },
                    },
                },
            },
            LogConfiguration = new Aws.Ecs.Inputs.ServiceServiceConnectConfigurationLogConfigurationArgs
            {
                LogDriver = ContainerDefinitions.LogDriver,
                Options =
                {
                    { "awslogs-group", logGroupName },
                    { "awslogs-region", settings.Region },
                    { "awslogs-stream-prefix", ServiceConnect.ProxyLogStreamPrefix },
                },
            },
        };
    }
}
