using System.Text.Json.Nodes;

namespace Infra.Model.Tests.Settings;

/// <summary>Service-level rules: each bad field is reported with its full key path, value and what is allowed.</summary>
public class ServiceValidationTests
{
    /// <summary>The dev stack's services with one field of the service at <paramref name="index"/> replaced.</summary>
    public static RawConfig WithServiceField(int index, string field, JsonNode? value, string stack = "dev")
    {
        var services = JsonNode.Parse(StackFiles.Raw(stack)["ecs-refarch:services"])!.AsArray();
        services[index]![field] = value;
        return RawConfig.From(stack).With("services", services.ToJsonString());
    }

    public static IEnumerable<TestCaseData> BadFields()
    {
        TestCaseData Case(string name, int index, string field, JsonNode? value, string errorKey, string allowed) =>
            new TestCaseData(index, field, value, errorKey, allowed).SetName(name);

        yield return Case("container port zero", 0, "containerPort", 0, "ecs-refarch:services[0].containerPort", "from 1 to 65535");
        yield return Case("container port above 65535", 1, "containerPort", 70000, "ecs-refarch:services[1].containerPort", "from 1 to 65535");
        yield return Case("duplicate service name", 1, "name", "product-service", "ecs-refarch:services[1].name", "no other service uses");
        yield return Case("service name with capitals", 0, "name", "Product", "ecs-refarch:services[0].name", "lowercase letters");
        yield return Case("memory above the host's", 0, "memory", 4096, "ecs-refarch:services[0].memory", "a larger instanceType");
        yield return Case("cpu above the host's", 0, "cpu", 4096, "ecs-refarch:services[0].cpu", "at most 2048");
        yield return Case("min count above max", 0, "minCount", 9, "ecs-refarch:services[0].minCount", "at most maxCount (4)");
        yield return Case("desired count outside min and max", 0, "desiredCount", 7, "ecs-refarch:services[0].desiredCount", "from 2 to 4");
        yield return Case("min healthy not below max percent", 0, "maximumPercent", 100, "ecs-refarch:services[0].minimumHealthyPercent", "less than maximumPercent");
        yield return Case("deregistration delay above an hour", 0, "deregistrationDelaySeconds", 4000, "ecs-refarch:services[0].deregistrationDelaySeconds", "from 0 to 3600");
        yield return Case("path pattern over 128 characters", 0, "pathPattern", "/" + new string('a', 130), "ecs-refarch:services[0].pathPattern", "at most 128");
        yield return Case("path pattern without a slash", 0, "pathPattern", "products", "ecs-refarch:services[0].pathPattern", "starting with '/'");
        yield return Case("duplicate path pattern", 0, "pathPattern", "/", "ecs-refarch:services[1].pathPattern", "no other service uses");
        yield return Case("priority above 50000", 0, "priority", 50001, "ecs-refarch:services[0].priority", "from 1 to 50000");
        yield return Case("unknown service field", 0, "containerPrt", 80, "ecs-refarch:services[0].containerPrt", "containerPort");
        yield return Case("missing image", 0, "image", null, "ecs-refarch:services[0].image", "image reference");
        yield return Case("URL of an unknown service", 1, "serviceUrlEnvironment", new JsonObject { ["PRODUCT_SERVICE_URL"] = "products" }, "ecs-refarch:services[1].serviceUrlEnvironment.PRODUCT_SERVICE_URL", "product-service");
        yield return Case("empty environment value", 0, "environment", new JsonObject { ["LOG_LEVEL"] = "" }, "ecs-refarch:services[0].environment.LOG_LEVEL", "a non-empty value");
        yield return Case("secret value in environment", 0, "environment", new JsonObject { ["DB_PASSWORD"] = "hunter2" }, "ecs-refarch:services[0].environment.DB_PASSWORD", "move it to 'secrets'");
        yield return Case("secret that is a value, not a reference", 0, "secrets", new JsonObject { ["DB_PASSWORD"] = "hunter2-is-long" }, "ecs-refarch:services[0].secrets.DB_PASSWORD", "SSM parameter ARN");
        yield return Case("health check timeout not below interval", 0, "healthCheck", new JsonObject { ["intervalSeconds"] = 10, ["timeoutSeconds"] = 10 }, "ecs-refarch:services[0].healthCheck.timeoutSeconds", "fewer seconds than healthCheck.intervalSeconds");
        yield return Case("health check interval out of range", 0, "healthCheck", new JsonObject { ["intervalSeconds"] = 400 }, "ecs-refarch:services[0].healthCheck.intervalSeconds", "from 5 to 300");
        yield return Case("healthy threshold out of range", 0, "healthCheck", new JsonObject { ["healthyThreshold"] = 1 }, "ecs-refarch:services[0].healthCheck.healthyThreshold", "from 2 to 10");
        yield return Case("health check matcher not a status", 0, "healthCheck", new JsonObject { ["matcher"] = "ok" }, "ecs-refarch:services[0].healthCheck.matcher", "codes from 200 to 499");
    }

    [TestCaseSource(nameof(BadFields))]
    public void Bad_service_field_is_rejected_with_key_and_allowed(int index, string field, JsonNode? value, string errorKey, string allowed)
    {
        var errors = WithServiceField(index, field, value).Errors();

        var error = errors.FirstOrDefault(e => e.Key == errorKey);
        Assert.That(error, Is.Not.Null, $"no error for {errorKey}; got:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        Assert.That(error!.Allowed, Does.Contain(allowed));
    }

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
        var errors = WithServiceField(0, "environment", new JsonObject { ["API_TOKEN"] = "s3cr3t-value" }).Errors();

        Assert.That(errors.Select(e => e.ToString()), Has.None.Contains("s3cr3t-value"));
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
