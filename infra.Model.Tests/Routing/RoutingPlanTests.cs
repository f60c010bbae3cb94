using System.Text.Json.Nodes;
using Infra.Model.Routing;

namespace Infra.Model.Tests.Routing;

public class RoutingPlanTests
{
    private static IReadOnlyList<ServiceSettings> ServicesWithPaths(params string[] paths)
    {
        var services = new JsonArray([.. paths.Select((p, i) => (JsonNode)new JsonObject
        {
            ["name"] = $"svc-{i}",
            ["image"] = "public.ecr.aws/nginx/nginx:1.27",
            ["containerPort"] = 80,
            ["pathPattern"] = p,
        })]);
        return RawConfig.From("dev").With("services", services.ToJsonString()).Load().Services;
    }

    [Test]
    public void Reference_routes_send_products_to_the_product_service_and_the_root_to_the_website()
    {
        var rules = RoutingPlan.For(StackFiles.Settings("dev").Services);

        Assert.That(rules.Select(r => (r.Service, r.PathPattern)), Is.EqualTo(new[]
        {
            ("product-service", "/products"),
            ("website-service", "/"),
        }), "the more specific /products is evaluated first");
        Assert.That(rules.Select(r => r.Priority), Has.All.InRange(1, 50000));
    }

    [Test]
    public void More_specific_patterns_get_lower_priority_numbers()
    {
        var rules = RoutingPlan.For(ServicesWithPaths("/*", "/api/*", "/api/v1/*", "/api/v1/orders", "/health"));

        Assert.That(rules.Select(r => r.PathPattern), Is.EqualTo(new[] { "/api/v1/orders", "/api/v1/*", "/health", "/api/*", "/*" }));
    }

    [Test]
    public void Ten_services_get_unique_priorities_and_an_eleventh_renumbers_none()
    {
        var ten = Enumerable.Range(1, 10).Select(i => $"/service{i}/*").ToArray();
        var before = RoutingPlan.For(ServicesWithPaths(ten)).ToDictionary(r => r.PathPattern, r => r.Priority);

        var after = RoutingPlan.For(ServicesWithPaths([.. ten, "/service11/*"])).ToDictionary(r => r.PathPattern, r => r.Priority);

        Assert.That(before.Values.Distinct().Count(), Is.EqualTo(10));
        Assert.That(ten.Select(p => after[p]), Is.EqualTo(ten.Select(p => before[p])));
        Assert.That(after.Values.Distinct().Count(), Is.EqualTo(11));
    }

    [Test]
    public void Removing_a_service_renumbers_none_of_the_others()
    {
        var all = RoutingPlan.For(ServicesWithPaths("/a", "/b/*", "/c/d", "/")).ToDictionary(r => r.PathPattern, r => r.Priority);

        var fewer = RoutingPlan.For(ServicesWithPaths("/a", "/c/d", "/")).ToDictionary(r => r.PathPattern, r => r.Priority);

        Assert.That(fewer, Is.SubsetOf(all));
    }

    [Test]
    public void An_explicit_priority_is_kept()
    {
        var services = JsonNode.Parse(StackFiles.Raw("dev")["ecs-refarch:services"])!.AsArray();
        services[0]!["priority"] = 10;
        var settings = RawConfig.From("dev").With("services", services.ToJsonString()).Load();

        var rule = RoutingPlan.For(settings.Services).Single(r => r.Service == "product-service");

        Assert.That(rule.Priority, Is.EqualTo(10));
        Assert.That(rule.ExplicitPriority, Is.True);
    }

    [Test]
    public void A_catch_all_given_precedence_shadows_the_rules_after_it()
    {
        var services = JsonNode.Parse(StackFiles.Raw("dev")["ecs-refarch:services"])!.AsArray();
        services[1]!["pathPattern"] = "/*";
        services[1]!["priority"] = 1;

        var errors = RawConfig.From("dev").With("services", services.ToJsonString()).Errors();

        var error = errors.Single();
        Assert.That(error.Key, Is.EqualTo("ecs-refarch:services[0].pathPattern"));
        Assert.That(error.Problem, Does.Contain("shadowed by '/*'"));
    }

    [Test]
    public void Two_services_at_one_explicit_priority_are_rejected()
    {
        var services = JsonNode.Parse(StackFiles.Raw("dev")["ecs-refarch:services"])!.AsArray();
        services[0]!["priority"] = 5;
        services[1]!["priority"] = 5;

        var error = RawConfig.From("dev").With("services", services.ToJsonString()).Errors().Single();

        Assert.That(error.Key, Does.EndWith(".priority"));
        Assert.That(error.Allowed, Does.Contain("from 1 to 50000 that no other service has"));
    }

    [Test]
    public void More_than_100_rules_are_rejected()
    {
        var services = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)new JsonObject
        {
            ["name"] = $"s{i}",
            ["image"] = "public.ecr.aws/nginx/nginx:1.27",
            ["containerPort"] = 80,
            ["pathPattern"] = $"/s{i}",
            ["priority"] = i + 1,
        })]);

        var errors = RawConfig.From("dev").With("services", services.ToJsonString()).Errors();

        Assert.That(errors.Select(e => e.Allowed), Does.Contain("at most 100 services per stack"));
    }

    [TestCase("/", 3)]
    [TestCase("/*", 2)]
    [TestCase("/products", 19)]
    [TestCase("/products*", 18)]
    public void Specificity_counts_literal_characters_and_prefers_exact_patterns(string pattern, int expected) =>
        Assert.That(RoutingPlan.Specificity(pattern), Is.EqualTo(expected));
}
