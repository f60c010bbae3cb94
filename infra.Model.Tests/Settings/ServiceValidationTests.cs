using System.Text.Json.Nodes;

namespace Infra.Model.Tests.Settings;

/// <summary>Service-level rules beyond the bad-input catalogue (<see cref="BadInputCatalogueTests"/>): secrets, defaults, additions.</summary>
public class ServiceValidationTests
{
    /// <summary>The dev stack's services with one field of the service at <paramref name="index"/> replaced.</summary>
    public static RawConfig WithServiceField(int index, string field, JsonNode? value, string stack = "dev") =>
        RawConfig.From(stack).WithServiceField(index, field, value);

    [Test]
    public void Request_count_scaling_is_on_by_default_and_switched_off_with_zero()
    {
        var off = WithServiceField(0, "scaling", new JsonObject { ["requestsPerTarget"] = 0 }).Load();

        Assert.That(StackFiles.Settings("dev").Services[0].Scaling.RequestsPerTarget, Is.EqualTo(1000));
        Assert.That(off.Services[0].Scaling.RequestsPerTarget, Is.Null);
    }

    [Test]
    public void A_secret_value_is_never_echoed_in_the_error()
    {
        var errors = WithServiceField(0, "environment", new JsonObject { ["API_TOKEN"] = "s3cr3t-value" }).Errors()
            .Concat(WithServiceField(0, "secrets", new JsonObject { ["API_TOKEN"] = "s3cr3t-value-longer-than-twelve" }).Errors());

        Assert.That(errors.Select(e => e.ToString()), Has.None.Contains("s3cr3t"));
    }

    [Test]
    public void Secrets_given_as_ssm_or_secrets_manager_references_are_accepted()
    {
        var secrets = new JsonObject
        {
            ["DB_PASSWORD"] = "arn:aws:ssm:us-east-1:123456789012:parameter/app/db-password",
            ["API_KEY"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-key-AbCdEf",
        };

        var settings = WithServiceField(0, "secrets", secrets).Load();

        Assert.That(settings.Services[0].Secrets.Keys, Is.EquivalentTo(new[] { "DB_PASSWORD", "API_KEY" }));
    }

    [Test]
    public void A_third_service_is_a_configuration_change_only()
    {
        var services = JsonNode.Parse(StackFiles.Raw("dev")["ecs-refarch:services"])!.AsArray();
        services.Add(new JsonObject
        {
            ["name"] = "orders",
            ["image"] = "public.ecr.aws/nginx/nginx:1.27",
            ["containerPort"] = 80,
            ["pathPattern"] = "/orders/*",
        });

        var settings = RawConfig.From("dev").With("services", services.ToJsonString()).Load();

        var orders = settings.Services.Single(s => s.Name == "orders");
        Assert.Multiple(() =>
        {
            Assert.That(orders.HealthCheck.Path, Is.EqualTo("/"), "a wildcard route is probed at the root");
            Assert.That(orders.MinimumHealthyPercent, Is.EqualTo(100));
            Assert.That(orders.MaximumPercent, Is.EqualTo(200));
            Assert.That(orders.DeregistrationDelaySeconds, Is.EqualTo(30));
            Assert.That(orders.ReadonlyRootFilesystem, Is.True);
        });
    }

    [Test]
    public void Cross_service_problems_name_the_configured_position_even_after_an_unreadable_service()
    {
        // services[0] cannot be read (no image); services[1] and services[2] share a name and a path pattern.
        var services = new JsonArray
        {
            new JsonObject { ["name"] = "broken", ["containerPort"] = 80, ["pathPattern"] = "/broken" },
            new JsonObject { ["name"] = "orders", ["image"] = "public.ecr.aws/nginx/nginx:1.27", ["containerPort"] = 80, ["pathPattern"] = "/orders/*" },
            new JsonObject { ["name"] = "orders", ["image"] = "public.ecr.aws/nginx/nginx:1.27", ["containerPort"] = 80, ["pathPattern"] = "/orders/*" },
        };

        var errors = RawConfig.From("dev").With("services", services.ToJsonString()).Errors();

        Assert.That(errors.Select(e => (e.Key, e.Problem)), Is.SupersetOf(new[]
        {
            ("ecs-refarch:services[0].image", "missing"),
            ("ecs-refarch:services[2].name", "the same name as an earlier service"),
            ("ecs-refarch:services[2].pathPattern", "the same pattern as service 'orders'"),
        }));
        Assert.That(errors.Select(e => e.Key), Has.None.StartsWith("ecs-refarch:services[1]."), "services[1] is the first of the pair: nothing is wrong with it");
    }

    [Test]
    public void Without_a_services_key_the_reference_services_are_deployed()
    {
        var settings = RawConfig.From("dev").Without("services").Load();

        Assert.That(settings.Services.Select(s => (s.Name, s.ContainerPort, s.PathPattern)), Is.EqualTo(new[]
        {
            ("product-service", 8001, "/products"),
            ("website-service", 8000, "/"),
        }));
    }
}
