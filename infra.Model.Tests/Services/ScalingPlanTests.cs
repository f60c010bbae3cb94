using System.Text.Json.Nodes;
using Infra.Model.Services;
using Infra.Model.Tests.Settings;

namespace Infra.Model.Tests.Services;

/// <summary>Target-tracking autoscaling of each service, and the resources one service adds to the stack.</summary>
public class ScalingPlanTests
{
    [TestCase("dev", "product-service", 2, 4)]
    [TestCase("dev", "website-service", 2, 3)]
    [TestCase("prod", "website-service", 3, 9)]
    public void Reference_service_scales_between_its_min_and_max_on_cpu_and_requests(string stack, string name, int min, int max)
    {
        var plan = ScalingPlan.For(StackFiles.Settings(stack).Services.Single(s => s.Name == name));

        Assert.Multiple(() =>
        {
            Assert.That((plan.MinCapacity, plan.MaxCapacity), Is.EqualTo((min, max)));
            Assert.That(plan.Policies, Is.EqualTo(new[]
            {
                new TargetTrackingPolicy("cpu", "ECSServiceAverageCPUUtilization", 70, ScaleInCooldownSeconds: 300, ScaleOutCooldownSeconds: 60),
                new TargetTrackingPolicy("requests", "ALBRequestCountPerTarget", 1000, ScaleInCooldownSeconds: 300, ScaleOutCooldownSeconds: 60),
            }));
            Assert.That(plan.Policies.Select(p => p.NeedsResourceLabel), Is.EqualTo(new[] { false, true }));
        });
    }

    [Test]
    public void Targets_and_cooldowns_come_from_the_services_scaling_settings()
    {
        var settings = ServiceValidationTests.WithServiceField(0, "scaling", new JsonObject
        {
            ["cpuTargetPercent"] = 55,
            ["requestsPerTarget"] = 250,
            ["scaleInCooldownSeconds"] = 900,
            ["scaleOutCooldownSeconds"] = 30,
        }).Load();

        var plan = ScalingPlan.For(settings.Services[0]);

        Assert.That(plan.Policies.Select(p => (p.MetricType, p.TargetValue, p.ScaleInCooldownSeconds, p.ScaleOutCooldownSeconds)), Is.EqualTo(new[]
        {
            ("ECSServiceAverageCPUUtilization", 55.0, 900, 30),
            ("ALBRequestCountPerTarget", 250.0, 900, 30),
        }));
    }

    [Test]
    public void Without_a_requests_target_only_cpu_drives_scaling()
    {
        var service = StackFiles.Settings("dev").Services[0];
        service = service with { Scaling = service.Scaling with { RequestsPerTarget = null } };

        Assert.That(ScalingPlan.For(service).Policies.Select(p => p.MetricType), Is.EqualTo(new[] { "ECSServiceAverageCPUUtilization" }));
    }

    [Test]
    public void Scaling_addresses_the_ecs_service_by_cluster_and_service_name()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ScalingPlan.ResourceId("dev-cluster-1a2b3c4", "product-service-ecs-5d6e7f8"), Is.EqualTo("service/dev-cluster-1a2b3c4/product-service-ecs-5d6e7f8"));
            Assert.That(ScalingPlan.ServiceNamespace, Is.EqualTo("ecs"));
            Assert.That(ScalingPlan.ScalableDimension, Is.EqualTo("ecs:service:DesiredCount"));
        });
    }

    [Test]
    public void Requests_per_target_are_counted_for_the_services_target_group_behind_the_alb()
    {
        Assert.That(
            TargetTrackingPolicy.ResourceLabel("app/dev-alb/50dc6c495c0c9188", "targetgroup/product-service-tg/6d0ecf831eec9f09"),
            Is.EqualTo("app/dev-alb/50dc6c495c0c9188/targetgroup/product-service-tg/6d0ecf831eec9f09"));
    }

    [Test]
    public void One_service_adds_its_log_group_task_definition_route_ecs_service_and_scaling()
    {
        var resources = ServiceResources.For(StackFiles.Settings("dev").Services[0]);

        Assert.That(resources.Select(r => (r.Type, r.Name)), Is.EqualTo(new (string, string?)[]
        {
            ("ecs-refarch:service:Service", "product-service"),
            ("aws:cloudwatch/logGroup:LogGroup", "product-service-logs"),
            ("aws:ecs/taskDefinition:TaskDefinition", "product-service-task"),
            ("aws:lb/targetGroup:TargetGroup", null),
            ("aws:lb/listenerRule:ListenerRule", null),
            ("aws:ecs/service:Service", "product-service-ecs"),
            ("aws:appautoscaling/target:Target", "product-service-scaling"),
            ("aws:appautoscaling/policy:Policy", "product-service-cpu"),
            ("aws:appautoscaling/policy:Policy", "product-service-requests"),
        }));
    }

    [Test]
    public void A_canary_service_adds_its_alternate_target_group_and_traffic_shift_role()
    {
        var resources = ServiceResources.For(StackFiles.Settings("prod").Services[0], "prod");

        Assert.That(resources.Select(r => (r.Type, r.Name)).TakeLast(3), Is.EqualTo(new (string, string?)[]
        {
            ("aws:lb/targetGroup:TargetGroup", null),
            ("aws:iam/role:Role", "prod-product-service-shift"),
            ("aws:iam/rolePolicy:RolePolicy", "product-service-traffic-shift"),
        }));
    }

    [Test]
    public void Task_definition_family_is_per_stack_and_service()
    {
        Assert.That(ServiceResources.Family("prod", "website-service"), Is.EqualTo("prod-website-service"));
    }
}
