using System.Text.Json;
using Infra.Model.Outputs;
using Infra.Model.Routing;
using Infra.Model.Services;
using Pulumi;
using Aws = Pulumi.Aws;

// Reads the platform stack's outputs and runs an "orders" service on its cluster, routed by its load balancer, as a
// Service Connect client of the platform's namespace: it calls the product service inside the VPC by its short name.
return await Deployment.RunAsync(() =>
{
    const string Name = "orders";
    const string PathPattern = "/orders/*";
    const int ContainerPort = 80;

    var platform = new StackReference(new Config().Require("platformStack"));
    Output<string> Text(string output) => platform.RequireOutput(output).Apply(v => (string)v);
    var region = new Config("aws").Require("region");

    var logs = new Aws.CloudWatch.LogGroup($"{Name}-logs", new()
    {
        NamePrefix = $"/ecs/consumer/{Name}-",
        RetentionInDays = 30,
    });

    var targetGroup = new Aws.LB.TargetGroup($"{Name}-tg", new()
    {
        VpcId = Text(StackOutputs.VpcId),
        Port = ContainerPort,
        Protocol = "HTTP",
        TargetType = "instance",
        DeregistrationDelay = 30,
        HealthCheck = new Aws.LB.Inputs.TargetGroupHealthCheckArgs
        {
            Path = "/",
            Matcher = "200-299",
            Interval = 10,
            Timeout = 5,
            HealthyThreshold = 2,
            UnhealthyThreshold = 3,
        },
    });

    // The platform's own scheme: the priority follows from the pattern alone, so it cannot shift the platform's rules.
    var route = new Aws.LB.ListenerRule($"{Name}-route", new()
    {
        ListenerArn = Text(StackOutputs.AlbListenerArn),
        Priority = RoutingPlan.ComputedPriority(PathPattern),
        Actions = { new Aws.LB.Inputs.ListenerRuleActionArgs { Type = "forward", TargetGroupArn = targetGroup.Arn } },
        Conditions =
        {
            new Aws.LB.Inputs.ListenerRuleConditionArgs
            {
                PathPattern = new Aws.LB.Inputs.ListenerRuleConditionPathPatternArgs { Values = { PathPattern } },
            },
        },
    });

    var containers = logs.Name.Apply(group => JsonSerializer.Serialize(new[]
    {
        new
        {
            name = Name,
            image = "public.ecr.aws/nginx/nginx:1.27",
            essential = true,
            memory = 128,
            portMappings = new[] { new { containerPort = ContainerPort, hostPort = 0, protocol = "tcp" } },

            // The platform publishes each service as <name>:<containerPort> in its namespace; the task's proxy answers.
            environment = new[] { new { name = "PRODUCTS_URL", value = "http://product-service:8001/products" } },
            logConfiguration = new
            {
                logDriver = "awslogs",
                options = new Dictionary<string, string>
                {
                    ["awslogs-group"] = group,
                    ["awslogs-region"] = region,
                    ["awslogs-stream-prefix"] = Name,
                },
            },
        },
    }));

    var task = new Aws.Ecs.TaskDefinition(Name, new()
    {
        Family = $"consumer-{Name}",
        NetworkMode = "bridge",
        RequiresCompatibilities = { "EC2" },
        ExecutionRoleArn = Text(StackOutputs.ExecutionRoleArn),
        ContainerDefinitions = containers,
    });

    _ = new Aws.Ecs.Service(Name, new()
    {
        Cluster = Text(StackOutputs.ClusterArn),
        TaskDefinition = task.Arn,
        DesiredCount = 2,
        CapacityProviderStrategies =
        {
            new Aws.Ecs.Inputs.ServiceCapacityProviderStrategyArgs { CapacityProvider = Text(StackOutputs.CapacityProviderName), Weight = 1 },
        },
        DeploymentCircuitBreaker = new Aws.Ecs.Inputs.ServiceDeploymentCircuitBreakerArgs { Enable = true, Rollback = true },
        OrderedPlacementStrategies =
        {
            new Aws.Ecs.Inputs.ServiceOrderedPlacementStrategyArgs { Type = "spread", Field = "attribute:ecs.availability-zone" },
            new Aws.Ecs.Inputs.ServiceOrderedPlacementStrategyArgs { Type = "binpack", Field = "memory" },
        },
        LoadBalancers =
        {
            new Aws.Ecs.Inputs.ServiceLoadBalancerArgs { TargetGroupArn = targetGroup.Arn, ContainerName = Name, ContainerPort = ContainerPort },
        },

        // A client only (no services block): it resolves the platform's aliases and publishes nothing itself.
        ServiceConnectConfiguration = new Aws.Ecs.Inputs.ServiceServiceConnectConfigurationArgs
        {
            Enabled = true,
            Namespace = Text(StackOutputs.ServiceConnectNamespaceArn),
            LogConfiguration = new Aws.Ecs.Inputs.ServiceServiceConnectConfigurationLogConfigurationArgs
            {
                LogDriver = "awslogs",
                Options =
                {
                    { "awslogs-group", logs.Name },
                    { "awslogs-region", region },
                    { "awslogs-stream-prefix", ServiceConnect.ProxyLogStreamPrefix },
                },
            },
        },
    }, new CustomResourceOptions { DependsOn = { route } });

    return new Dictionary<string, object?>
    {
        ["ordersUrl"] = Text(StackOutputs.AlbUrl).Apply(albUrl => ServiceUrl.For(albUrl, PathPattern)),
    };
});
