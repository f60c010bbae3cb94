using System.Text.Json.Nodes;
using Infra.Model.LoadBalancing;
using Infra.Model.Routing;

namespace Infra.Model.Tests.LoadBalancing;

public class TargetGroupSpecTests
{
    private static ServiceSettings Service(StackSettings settings, string name) => settings.Services.Single(s => s.Name == name);

    [TestCase("dev")]
    [TestCase("prod")]
    public void L9_product_service_target_group_checks_products_with_the_reference_figures(string stack)
    {
        var spec = TargetGroupSpec.For(Service(StackFiles.Settings(stack), "product-service"));

        Assert.That(spec.LogicalName, Is.EqualTo("product-service-tg"));
        Assert.That((spec.Protocol, spec.Port, spec.TargetType), Is.EqualTo(("HTTP", 8001, "instance")));
        Assert.That(spec.HealthCheck, Is.EqualTo(new HealthCheckSpec("HTTP", "traffic-port", "/products", "200-299", 10, 5, 2, 3)));
        Assert.That(spec.DeregistrationDelaySeconds, Is.EqualTo(30));
        Assert.That(spec.SlowStartSeconds, Is.Null);
    }

    [Test]
    public void L9_website_target_group_checks_the_root_on_port_8000()
    {
        var spec = TargetGroupSpec.For(Service(StackFiles.Settings("dev"), "website-service"));

        Assert.That(spec.LogicalName, Is.EqualTo("website-service-tg"));
        Assert.That(spec.Port, Is.EqualTo(8000));
        Assert.That(spec.HealthCheck.Path, Is.EqualTo("/"));
        Assert.That(spec.HealthCheck.Matcher, Is.EqualTo("200-299"));
        Assert.That(spec.HealthCheck.Port, Is.EqualTo("traffic-port"), "ECS registers each task on its dynamic host port");
    }

    [Test]
    public void Configured_health_check_deregistration_delay_and_slow_start_reach_the_target_group()
    {
        var services = JsonNode.Parse(StackFiles.Raw("dev")["ecs-refarch:services"])!.AsArray();
        services[0]!["healthCheck"] = new JsonObject
        {
            ["path"] = "/products/health",
            ["matcher"] = "200,204",
            ["intervalSeconds"] = 30,
            ["timeoutSeconds"] = 6,
            ["healthyThreshold"] = 3,
            ["unhealthyThreshold"] = 4,
        };
        services[0]!["deregistrationDelaySeconds"] = 120;
        services[0]!["slowStartSeconds"] = 60;
        var settings = RawConfig.From("dev").With("services", services.ToJsonString()).Load();

        var spec = TargetGroupSpec.For(Service(settings, "product-service"));

        Assert.That(spec.HealthCheck, Is.EqualTo(new HealthCheckSpec("HTTP", "traffic-port", "/products/health", "200,204", 30, 6, 3, 4)));
        Assert.That(spec.DeregistrationDelaySeconds, Is.EqualTo(120));
        Assert.That(spec.SlowStartSeconds, Is.EqualTo(60));
    }

    [Test]
    public void Reference_rules_take_their_priorities_from_the_routing_plan_products_before_the_root()
    {
        var settings = StackFiles.Settings("dev");

        var rules = RoutingPlan.For(settings.Services).ToDictionary(r => r.Service);

        Assert.That(rules["product-service"].PathPattern, Is.EqualTo("/products"));
        Assert.That(rules["website-service"].PathPattern, Is.EqualTo("/"));
        Assert.That(rules["product-service"].Priority, Is.EqualTo(RoutingPlan.ComputedPriority("/products")));
        Assert.That(rules["website-service"].Priority, Is.EqualTo(RoutingPlan.ComputedPriority("/")));
        Assert.That(rules["product-service"].Priority, Is.LessThan(rules["website-service"].Priority));
    }
}
