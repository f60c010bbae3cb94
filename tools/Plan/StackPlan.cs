using Infra.Model.Compute;
using Infra.Model.Cost;
using Infra.Model.Iam;
using Infra.Model.LoadBalancing;
using Infra.Model.Naming;
using Infra.Model.Network;
using Infra.Model.Observability;
using Infra.Model.Routing;
using Infra.Model.Services;
using Infra.Model.Settings;

namespace Infra.Tools.Plan;

/// <summary>
/// What one service's components deploy: its container, target group, scaling and names, from the model plans the
/// <c>Service</c> and <c>LoadBalancer</c> components build them from.
/// </summary>
public sealed record ServicePlan(
    ServiceSettings Settings,
    ContainerDefinition Container,
    TargetGroupSpec TargetGroup,
    ScalingPlan Scaling,
    RolePlan TaskRole,
    string LogGroupName,
    string TaskFamily)
{
    /// <summary>How the service deploys and what it rolls back on.</summary>
    public DeploymentPlan Deployment { get; init; } = null!;

    public string Name => Settings.Name;
}

/// <summary>
/// Every model plan of one stack, built once from validated settings: the plan and the diff print these, never
/// a second derivation from settings, so what a reviewer reads is what the components deploy.
/// </summary>
public sealed record StackPlan(
    StackSettings Settings,
    SubnetPlan Subnets,
    SecurityGroupPlan SecurityGroups,
    ListenerPlan Listeners,
    IReadOnlyList<RouteRule> Routes,
    ClusterPlan Cluster,
    ClusterRolePlan Roles,
    RolePlan FlowLogsRole,
    IReadOnlyList<ServicePlan> Services,
    CostInputs CostInputs)
{
    /// <summary>Every alarm the Observability component creates.</summary>
    public IReadOnlyList<AlarmSpec> Alarms { get; init; } = [];

    /// <summary>
    /// Stands in for the ALB's DNS name, known only after deployment, in the container definitions' service URLs
    /// (which the plan does not print).
    /// </summary>
    public const string AlbHostPlaceholder = "alb.invalid";

    public static StackPlan For(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var subnets = SubnetPlan.For(settings.Network);
        var listeners = ListenerPlan.For(settings.LoadBalancer);
        var routes = RoutingPlan.For(settings.Services);
        var cluster = ClusterPlan.For(settings);
        var roles = RolePlans.Cluster(settings);
        var albUrl = ServiceAddresses.PublicBaseUrl(settings, listeners.Scheme, AlbHostPlaceholder);
        var services = settings.Services.Select(service =>
        {
            var logGroup = ResourceNames.ServiceLogGroup(settings.Project, settings.Stack, service.Name);
            return new ServicePlan(
                service,
                ContainerDefinitions.For(settings, service, routes, albUrl, logGroup, settings.Region),
                TargetGroupSpec.For(service),
                ScalingPlan.For(service),
                roles.TaskRoles[service.Name],
                logGroup,
                ServiceResources.Family(settings.Stack, service.Name))
            {
                Deployment = DeploymentPlan.For(settings, service),
            };
        }).ToList();

        return new StackPlan(
            settings,
            subnets,
            SecurityGroupPlan.For(settings),
            listeners,
            routes,
            cluster,
            roles,
            RolePlans.FlowLogs(settings.Stack),
            services,
            CostInputs.From(settings, cluster, subnets))
        {
            Alarms = AlarmPlan.For(settings),
        };
    }
}
