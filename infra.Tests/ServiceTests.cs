using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Infra.Model.Outputs;
using Pulumi.Testing;
using Pulumi.Utilities;
using Aws = Pulumi.Aws;
using ServiceComponent = Infra.Components.Service;

namespace Infra.Tests;

/// <summary>
/// The services under the mocked engine: task definitions as ECS receives them, the ALB → target group →
/// container chain, safe deployments, autoscaling, and that services depend on shared resources only.
/// </summary>
public class ServiceTests
{
    private const string TaskDefinitionType = "aws:ecs/taskDefinition:TaskDefinition";
    private const string EcsServiceType = "aws:ecs/service:Service";
    private const string LogGroupType = "aws:cloudwatch/logGroup:LogGroup";
    private const string TargetType = "aws:appautoscaling/target:Target";
    private const string PolicyType = "aws:appautoscaling/policy:Policy";

    private static JsonObject Container(StackRun run, string service)
    {
        var json = (string)run.Inputs(TaskDefinitionType, $"{service}-task")["containerDefinitions"];
        var containers = JsonNode.Parse(json)!.AsArray();
        Assert.That(containers, Has.Count.EqualTo(1));
        return containers[0]!.AsObject();
    }

    private static JsonObject Inputs(StackRun run, string type, string name) => PlannedInputs.ToJson(run.Inputs(type, name));

    private static Task<string> ComponentValue(StackRun run, string service, Func<ServiceComponent, Output<string>> output) =>
        StackRun.Value(output(run.Single<ServiceComponent>(service)));

    [TestCase("product-service", 8001)]
    [TestCase("website-service", 8000)]
    public async Task Task_definition_runs_the_services_container_in_bridge_mode_with_a_dynamic_host_port(string service, int port)
    {
        var run = await StackRun.SharedAsync("dev");

        var task = Inputs(run, TaskDefinitionType, $"{service}-task");
        var container = Container(run, service);

        Assert.Multiple(() =>
        {
            Assert.That((string?)task["family"], Is.EqualTo($"dev-{service}"));
            Assert.That((string?)task["networkMode"], Is.EqualTo("bridge"), "E5: no host networking");
            Assert.That(task["requiresCompatibilities"]!.ToJsonString(), Is.EqualTo("""["EC2"]"""));
            Assert.That(task.ContainsKey("pidMode"), Is.False, "E4: no host PID namespace");
            Assert.That(task.ContainsKey("ipcMode"), Is.False, "E4: no host IPC namespace");
            Assert.That((string?)container["name"], Is.EqualTo(service));
            Assert.That(container["portMappings"]!.ToJsonString(), Is.EqualTo($$"""[{"containerPort":{{port}},"hostPort":0,"protocol":"tcp","name":"{{service}}","appProtocol":"http"}]"""));
            Assert.That((bool?)container["privileged"], Is.False, "E2");
            Assert.That((bool?)container["readonlyRootFilesystem"], Is.True, "E3");
        });
    }

    [TestCase("dev", 14)]
    [TestCase("prod", 365)]
    public async Task E7_G1_containers_log_to_the_services_own_log_group_with_retention(string stack, int retention)
    {
        var run = await StackRun.SharedAsync(stack);

        foreach (var service in new[] { "product-service", "website-service" })
        {
            var logGroup = Inputs(run, LogGroupType, $"{service}-logs");
            var options = Container(run, service)["logConfiguration"]!["options"]!;
            var outputName = await ComponentValue(run, service, s => s.LogGroupName);

            Assert.Multiple(() =>
            {
                Assert.That((string?)logGroup["name"], Is.EqualTo($"/ecs/ecs-refarch/{stack}/{service}"));
                Assert.That((double?)logGroup["retentionInDays"], Is.EqualTo(retention));
                Assert.That((string?)options["awslogs-group"], Is.EqualTo((string?)logGroup["name"]));
                Assert.That((string?)options["awslogs-region"], Is.EqualTo(MockedAws.Region));
                Assert.That((string?)options["awslogs-stream-prefix"], Is.EqualTo(service));
                Assert.That(outputName, Is.EqualTo((string?)logGroup["name"]));
            });
        }
    }

    [Test]
    public async Task G2_service_log_groups_are_encrypted_with_the_configured_key()
    {
        const string key = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        var run = await StackRun.SharedAsync("dev", c => c.With("logKmsKeyArn", key));

        Assert.That((string?)Inputs(run, LogGroupType, "website-service-logs")["kmsKeyId"], Is.EqualTo(key));
    }

    [Test]
    public async Task The_website_calls_the_product_service_through_service_connect_without_a_scheme_and_the_product_service_gets_no_url()
    {
        var run = await StackRun.SharedAsync("dev");

        var website = Container(run, "website-service")["environment"]!.AsArray();
        var product = Container(run, "product-service");

        Assert.Multiple(() =>
        {
            Assert.That(website.ToJsonString(), Is.EqualTo(new JsonArray(new JsonObject
            {
                ["name"] = "PRODUCT_SERVICE_URL",

                // The reference website image prepends "http://" itself; the name resolves in the namespace only.
                ["value"] = "product-service:8001/products",
            }).ToJsonString()));
            Assert.That(product.ContainsKey("environment"), Is.False);
        });
    }

    [Test]
    public async Task Service_urls_are_the_alb_url_and_each_routes_path()
    {
        var run = await StackRun.SharedAsync("dev");
        var albUrl = await run.OutputValue<string>(StackOutputs.AlbUrl);

        var product = await ComponentValue(run, "product-service", s => s.Url);
        var website = await ComponentValue(run, "website-service", s => s.Url);

        Assert.Multiple(() =>
        {
            Assert.That(product, Is.EqualTo(albUrl + "/products"));
            Assert.That(website, Is.EqualTo(albUrl + "/"));
        });
    }

    [Test]
    public async Task E8_each_service_runs_as_its_own_task_role_not_the_execution_role()
    {
        var run = await StackRun.SharedAsync("dev");

        var product = Inputs(run, TaskDefinitionType, "product-service-task");
        var website = Inputs(run, TaskDefinitionType, "website-service-task");
        var executionRole = await run.OutputValue<string>(StackOutputs.ExecutionRoleArn);

        Assert.Multiple(() =>
        {
            Assert.That((string?)product["executionRoleArn"], Is.EqualTo(executionRole));
            Assert.That((string?)website["executionRoleArn"], Is.EqualTo(executionRole));
            Assert.That((string?)product["taskRoleArn"], Does.StartWith("arn:aws:iam::").And.Not.EqualTo(executionRole));
            Assert.That((string?)website["taskRoleArn"], Does.StartWith("arn:aws:iam::").And.Not.EqualTo(executionRole));
            Assert.That((string?)product["taskRoleArn"], Is.Not.EqualTo((string?)website["taskRoleArn"]));
        });
    }

    [TestCase("product-service", 8001)]
    [TestCase("website-service", 8000)]
    public async Task The_alb_target_group_forwards_to_the_services_container_and_port(string service, int port)
    {
        var run = await StackRun.SharedAsync("dev");

        var ecs = Inputs(run, EcsServiceType, $"{service}-ecs");
        var targetGroupArn = await ComponentValue(run, service, s => s.TargetGroupArn);
        var targetGroup = run.All<Aws.LB.TargetGroup>().ToList();
        var arns = await Task.WhenAll(targetGroup.Select(tg => StackRun.Value(tg.Arn)));

        var loadBalancers = ecs["loadBalancers"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(loadBalancers, Has.Count.EqualTo(1));
            Assert.That((string?)loadBalancers[0]!["containerName"], Is.EqualTo(service));
            Assert.That((string?)loadBalancers[0]!["containerName"], Is.EqualTo((string?)Container(run, service)["name"]), "names a container of the task");
            Assert.That((double?)loadBalancers[0]!["containerPort"], Is.EqualTo(port));
            Assert.That((string?)loadBalancers[0]!["targetGroupArn"], Is.EqualTo(targetGroupArn));
            Assert.That(arns, Has.One.EqualTo(targetGroupArn), "the service's own target group");
        });
    }

    [Test]
    public async Task E10_deployments_stop_and_roll_back_and_tasks_spread_over_azs_on_the_clusters_capacity_provider()
    {
        var run = await StackRun.SharedAsync("prod");
        var clusterArn = await run.OutputValue<string>(StackOutputs.ClusterArn);
        var capacityProvider = await run.OutputValue<string>(StackOutputs.CapacityProviderName);

        foreach (var service in new[] { "product-service", "website-service" })
        {
            var ecs = Inputs(run, EcsServiceType, $"{service}-ecs");
            Assert.Multiple(() =>
            {
                Assert.That(ecs["deploymentCircuitBreaker"]!.ToJsonString(), Is.EqualTo("""{"enable":true,"rollback":true}"""));
                Assert.That(ecs["orderedPlacementStrategies"]!.ToJsonString(), Is.EqualTo(
                    """[{"field":"attribute:ecs.availability-zone","type":"spread"},{"field":"memory","type":"binpack"}]"""));
                Assert.That((string?)ecs["availabilityZoneRebalancing"], Is.EqualTo("ENABLED"));
                Assert.That(ecs["capacityProviderStrategies"]!.ToJsonString(), Is.EqualTo(
                    new JsonArray(new JsonObject { ["capacityProvider"] = capacityProvider, ["weight"] = 1.0 }).ToJsonString()));
                Assert.That(ecs.ContainsKey("launchType"), Is.False, "a capacity-provider strategy and a launch type exclude each other");
                Assert.That(ecs.ContainsKey("iamRole"), Is.False, "the ECS service-linked role registers targets");
                Assert.That((string?)ecs["cluster"], Is.EqualTo(clusterArn));
                Assert.That((double?)ecs["desiredCount"], Is.EqualTo(3));
                Assert.That((double?)ecs["deploymentMinimumHealthyPercent"], Is.EqualTo(100));
                Assert.That((double?)ecs["deploymentMaximumPercent"], Is.EqualTo(200));
                Assert.That((double?)ecs["healthCheckGracePeriodSeconds"], Is.EqualTo(60));
                Assert.That((string?)ecs["propagateTags"], Is.EqualTo("SERVICE"));
                Assert.That((bool?)ecs["enableEcsManagedTags"], Is.True);
                Assert.That((bool?)ecs["waitForSteadyState"], Is.False, "off unless the stack or the service turns it on");
            });
        }
    }

    [Test]
    public async Task Scaling_targets_the_ecs_service_by_cluster_and_service_name_without_a_legacy_role()
    {
        var run = await StackRun.SharedAsync("dev");
        var clusterName = await run.OutputValue<string>(StackOutputs.ClusterName);
        var ecsServiceName = await ComponentValue(run, "website-service", s => s.ServiceName);

        var target = Inputs(run, TargetType, "website-service-scaling");

        Assert.Multiple(() =>
        {
            Assert.That(ecsServiceName, Does.StartWith("website-service"));
            Assert.That((string?)target["resourceId"], Is.EqualTo($"service/{clusterName}/{ecsServiceName}"));
            Assert.That((string?)target["scalableDimension"], Is.EqualTo("ecs:service:DesiredCount"));
            Assert.That((string?)target["serviceNamespace"], Is.EqualTo("ecs"));
            Assert.That((double?)target["minCapacity"], Is.EqualTo(2));
            Assert.That((double?)target["maxCapacity"], Is.EqualTo(3));
            Assert.That(target.ContainsKey("roleArn"), Is.False);
        });
    }

    [Test]
    public async Task Scaling_policies_track_cpu_and_requests_per_target_of_the_services_target_group()
    {
        var run = await StackRun.SharedAsync("dev");
        var targetGroupArn = await ComponentValue(run, "product-service", s => s.TargetGroupArn);
        var albSuffix = await StackRun.Value(run.All<Aws.LB.LoadBalancer>().Single().ArnSuffix);
        string? tgSuffix = null;
        foreach (var tg in run.All<Aws.LB.TargetGroup>())
        {
            if (await StackRun.Value(tg.Arn) == targetGroupArn)
            {
                tgSuffix = await StackRun.Value(tg.ArnSuffix);
            }
        }

        var target = Inputs(run, TargetType, "product-service-scaling");
        var cpu = Inputs(run, PolicyType, "product-service-cpu");
        var requests = Inputs(run, PolicyType, "product-service-requests");

        Assert.Multiple(() =>
        {
            foreach (var policy in new[] { cpu, requests })
            {
                Assert.That((string?)policy["policyType"], Is.EqualTo("TargetTrackingScaling"));
                Assert.That((string?)policy["resourceId"], Is.EqualTo((string?)target["resourceId"]));
                Assert.That((double?)policy["targetTrackingScalingPolicyConfiguration"]!["scaleInCooldown"], Is.EqualTo(300));
                Assert.That((double?)policy["targetTrackingScalingPolicyConfiguration"]!["scaleOutCooldown"], Is.EqualTo(60));
            }

            var cpuConfig = cpu["targetTrackingScalingPolicyConfiguration"]!;
            Assert.That((double?)cpuConfig["targetValue"], Is.EqualTo(70));
            Assert.That(cpuConfig["predefinedMetricSpecification"]!.ToJsonString(), Is.EqualTo("""{"predefinedMetricType":"ECSServiceAverageCPUUtilization"}"""));

            var requestConfig = requests["targetTrackingScalingPolicyConfiguration"]!;
            Assert.That((double?)requestConfig["targetValue"], Is.EqualTo(1000));
            Assert.That((string?)requestConfig["predefinedMetricSpecification"]!["predefinedMetricType"], Is.EqualTo("ALBRequestCountPerTarget"));
            Assert.That(tgSuffix, Is.Not.Null);
            Assert.That((string?)requestConfig["predefinedMetricSpecification"]!["resourceLabel"], Is.EqualTo($"{albSuffix}/{tgSuffix}"));
            Assert.That(albSuffix, Does.StartWith("app/"));
            Assert.That(tgSuffix, Does.StartWith("targetgroup/"));
        });
    }

    [Test]
    public async Task The_stack_setting_makes_every_service_wait_for_steady_state()
    {
        var run = await StackRun.SharedAsync("prod", c => c.With(ConfigKeys.WaitForSteadyState, "true"));

        var waits = run.Registered(EcsServiceType).ToDictionary(r => r.Name!, r => (bool?)PlannedInputs.ToJson(r.Inputs)["waitForSteadyState"]);

        Assert.That(waits, Is.EquivalentTo(new Dictionary<string, bool?> { ["product-service-ecs"] = true, ["website-service-ecs"] = true }));
    }

    [Test]
    public async Task A_third_service_from_config_gets_its_own_task_service_and_scaling()
    {
        var services = JsonNode.Parse(TestConfig.From("dev").Values["ecs-refarch:services"])!.AsArray();
        services.Add(new JsonObject
        {
            ["name"] = "orders",
            ["image"] = "public.ecr.aws/nginx/nginx:1.27",
            ["containerPort"] = 8080,
            ["pathPattern"] = "/orders/*",
            ["waitForSteadyState"] = true,
        });
        var run = await StackRun.SharedAsync("dev", c => c.With("services", services.ToJsonString()));
        var albUrl = await run.OutputValue<string>(StackOutputs.AlbUrl);

        var ecs = Inputs(run, EcsServiceType, "orders-ecs");
        var url = await ComponentValue(run, "orders", s => s.Url);
        var ecsServiceName = await ComponentValue(run, "orders", s => s.ServiceName);

        Assert.Multiple(() =>
        {
            Assert.That(Container(run, "orders")["portMappings"]![0]!["containerPort"]!.GetValue<int>(), Is.EqualTo(8080));
            Assert.That((double?)ecs["loadBalancers"]![0]!["containerPort"], Is.EqualTo(8080));
            Assert.That((bool?)ecs["waitForSteadyState"], Is.True);
            Assert.That(url, Is.EqualTo(albUrl + "/orders/"));
            Assert.That((string?)Inputs(run, TargetType, "orders-scaling")["resourceId"], Does.EndWith("/" + ecsServiceName));
        });
    }

    [Test]
    public async Task Every_resource_of_a_service_is_a_child_of_its_component()
    {
        var run = await CapturedRun.SharedAsync("dev");

        foreach (var service in new[] { "product-service", "website-service" })
        {
            foreach (var (type, name) in new[]
            {
                (LogGroupType, $"{service}-logs"),
                (TaskDefinitionType, $"{service}-task"),
                (EcsServiceType, $"{service}-ecs"),
                (TargetType, $"{service}-scaling"),
                (PolicyType, $"{service}-cpu"),
                (PolicyType, $"{service}-requests"),
            })
            {
                Assert.That(run.ParentOf(type, name), Is.EqualTo(service), $"{type} {name}");
            }

            // The target group and listener rule are made by the load balancer, for and under this service.
            var dependsOn = await run.DependsOn(EcsServiceType, $"{service}-ecs");
            var rule = dependsOn.Single(r => r.GetResourceType() == "aws:lb/listenerRule:ListenerRule");
            Assert.That(run.ParentOf(rule.GetResourceType(), rule.GetResourceName()), Is.EqualTo(service));
            var targetGroupArn = await StackRun.Value(run.Component(service).TargetGroupArn);
            var targetGroups = await run.TargetGroupsWithArn(targetGroupArn);
            Assert.That(targetGroups.Select(tg => run.ParentOf(tg.GetResourceType(), tg.GetResourceName())), Is.EqualTo(new[] { service }));
        }
    }

    [Test]
    public async Task The_website_service_waits_for_its_route_the_capacity_providers_and_the_product_service_it_calls()
    {
        var run = await CapturedRun.SharedAsync("dev");
        var product = run.DescendantsOf("product-service");
        Assert.That(product, Does.Contain("product-service-ecs"), "the product service's resources are known");

        var dependsOn = (await run.DependsOn(EcsServiceType, "website-service-ecs")).Select(r => (r.GetResourceType(), r.GetResourceName())).ToList();

        // A Service Connect name resolves only in tasks started after the called service joined the namespace.
        Assert.Multiple(() =>
        {
            Assert.That(dependsOn, Is.EquivalentTo(new[]
            {
                ("aws:lb/listenerRule:ListenerRule", "website-service-rule"),
                ("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "cluster-capacity-providers"),
                ("ecs-refarch:service:Service", "product-service"),
            }));
            Assert.That(dependsOn.Where(d => d.Item1 == "aws:lb/listenerRule:ListenerRule").Select(d => run.ParentOf(d.Item1, d.Item2)), Is.EqualTo(new[] { "website-service" }));
        });
    }

    [Test]
    public async Task The_product_service_calls_nothing_and_waits_for_no_other_service()
    {
        var run = await CapturedRun.RunAsync("dev");
        var website = run.DescendantsOf("website-service");

        var dependsOn = (await run.DependsOn(EcsServiceType, "product-service-ecs")).Select(r => r.GetResourceName()).ToList();

        Assert.That(dependsOn, Has.None.AnyOf([.. website, "website-service"]));
        Assert.That(dependsOn, Has.None.EqualTo("product-service"));
    }

    [Test]
    public async Task The_websites_container_definitions_and_url_depend_on_the_alb_and_its_own_log_group_only()
    {
        var run = await CapturedRun.SharedAsync("dev");
        var product = run.DescendantsOf("product-service");
        var edge = run.DescendantsOf("edge");

        var definitions = (Aws.Ecs.TaskDefinitionArgs)run.Args(TaskDefinitionType, "website-service-task");
        Output<string> containerDefinitions = definitions.ContainerDefinitions;
        var definitionDependencies = await StackRun.DependencyNames(containerDefinitions);
        var urlDependencies = await StackRun.DependencyNames(run.Component("website-service").Url);

        Assert.Multiple(() =>
        {
            Assert.That(definitionDependencies, Does.Contain("website-service-logs"));
            Assert.That(definitionDependencies.Except(["website-service-logs"]), Is.Not.Empty.And.SubsetOf(edge), "the ALB URL comes from the load balancer");
            Assert.That(urlDependencies, Is.Not.Empty.And.SubsetOf(edge));
            Assert.That(definitionDependencies.Concat(urlDependencies), Has.None.AnyOf(product.ToArray()));
        });
    }
}

/// <summary>
/// A run that keeps what each resource was constructed with (args and options, seen by a transformation every
/// component inherits), for checks the engine's view cannot answer: declared dependencies and the inputs' sources.
/// </summary>
internal sealed class CapturedRun
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<CapturedRun>>> SharedRuns = new(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<(string Type, string Name), (Resource Resource, ResourceArgs Args, ResourceOptions Options)> _resources;

    private CapturedRun(IReadOnlyDictionary<(string Type, string Name), (Resource, ResourceArgs, ResourceOptions)> resources) => _resources = resources;

    /// <summary>The committed stack's run, made once and read by every test that asks (as <see cref="StackRun.SharedAsync(string, Action{TestConfig})"/>).</summary>
    public static Task<CapturedRun> SharedAsync(string stack) =>
        SharedRuns.GetOrAdd(stack, name => new Lazy<Task<CapturedRun>>(() => RunAsync(name))).Value;

    public static async Task<CapturedRun> RunAsync(string stack)
    {
        var captured = new ConcurrentDictionary<(string Type, string Name), (Resource, ResourceArgs, ResourceOptions)>();
        ResourceTransformation observer = args =>
        {
            captured[(args.Resource.GetResourceType(), args.Resource.GetResourceName())] = (args.Resource, args.Args, args.Options);
            return null;
        };
        var config = TestConfig.From(stack);
        await Deployment.TestAsync(
            new MockedAws(),
            new TestOptions { IsPreview = false, ProjectName = ConfigKeys.Project, StackName = stack },
            () => EcsStack.BuildAsync(config.Values, stack, observer));
        return new CapturedRun(captured);
    }

    public string? ParentOf(string type, string name) => _resources[(type, name)].Options.Parent?.GetResourceName();

    public ResourceArgs Args(string type, string name) => _resources[(type, name)].Args;

    public ServiceComponent Component(string name) => (ServiceComponent)_resources[("ecs-refarch:service:Service", name)].Resource;

    /// <summary>The resources a resource was told to wait for (its <c>DependsOn</c> option).</summary>
    public async Task<IReadOnlyList<Resource>> DependsOn(string type, string name)
    {
        Output<ImmutableArray<Resource>> dependsOn = _resources[(type, name)].Options.DependsOn;
        return await OutputUtilities.GetValueAsync(dependsOn);
    }

    /// <summary>Logical names of every resource under the named component, at any depth.</summary>
    public ISet<string> DescendantsOf(string component)
    {
        var names = new HashSet<string>();
        foreach (var ((_, name), entry) in _resources)
        {
            for (var parent = entry.Options.Parent; parent is not null; parent = Parent(parent))
            {
                if (parent.GetResourceName() == component)
                {
                    names.Add(name);
                    break;
                }
            }
        }

        return names;
    }

    public async Task<IReadOnlyList<Resource>> TargetGroupsWithArn(string arn)
    {
        var matches = new List<Resource>();
        foreach (var tg in _resources.Values.Select(r => r.Resource).OfType<Aws.LB.TargetGroup>())
        {
            if (await OutputUtilities.GetValueAsync(tg.Arn) == arn)
            {
                matches.Add(tg);
            }
        }

        return matches;
    }

    private Resource? Parent(Resource resource) =>
        _resources.TryGetValue((resource.GetResourceType(), resource.GetResourceName()), out var entry) ? entry.Options.Parent : null;
}
