using System.Text.Json.Nodes;
using Infra.Model.Naming;
using Infra.Model.Routing;
using Infra.Model.Services;
using Infra.Model.Tests.Settings;

namespace Infra.Model.Tests.Services;

/// <summary>The container definitions ECS receives: ports, logs, environment, secrets and the hardening checks E2–E7.</summary>
public class ContainerDefinitionsTests
{
    private const string AlbUrl = "http://dev-alb-1234567890.us-east-1.elb.amazonaws.com";
    private const string AlbHost = "dev-alb-1234567890.us-east-1.elb.amazonaws.com";
    private const string SecretArn = "arn:aws:ssm:us-east-1:123456789012:parameter/app/db-password";

    /// <summary>The one container of <paramref name="serviceName"/>'s task definition, parsed back from the JSON ECS receives.</summary>
    private static JsonObject Container(StackSettings settings, string serviceName, string albUrl = AlbUrl)
    {
        var service = settings.Services.Single(s => s.Name == serviceName);
        var logGroup = ResourceNames.ServiceLogGroup(settings.Project, settings.Stack, service.Name);
        var json = ContainerDefinitions.Build(settings, service, RoutingPlan.For(settings.Services), albUrl, logGroup, settings.Region);
        var containers = JsonNode.Parse(json)!.AsArray();
        Assert.That(containers, Has.Count.EqualTo(1));
        return containers[0]!.AsObject();
    }

    private static Dictionary<string, string> Environment(JsonObject container) =>
        (container["environment"]?.AsArray() ?? []).ToDictionary(e => (string)e!["name"]!, e => (string)e!["value"]!);

    [TestCase("product-service", 8001)]
    [TestCase("website-service", 8000)]
    public void Reference_service_listens_on_its_port_with_a_dynamic_host_port(string name, int port)
    {
        var container = Container(StackFiles.Settings("dev"), name);

        Assert.Multiple(() =>
        {
            Assert.That((string?)container["name"], Is.EqualTo(name), "the load balancer block names the container by service name");
            Assert.That((string?)container["image"], Is.EqualTo($"275396840892.dkr.ecr.us-east-1.amazonaws.com/ecs-refarch-cloudformation/{name}:1.0.0"));
            Assert.That((bool?)container["essential"], Is.True);
            Assert.That(container["portMappings"]!.ToJsonString(), Is.EqualTo($$"""[{"containerPort":{{port}},"hostPort":0,"protocol":"tcp","name":"{{name}}","appProtocol":"http"}]"""), "named, so Service Connect can publish it");
            Assert.That((int?)container["memory"], Is.EqualTo(128));
            Assert.That((int?)container["cpu"], Is.EqualTo(128));
            Assert.That(container.ContainsKey("memoryReservation"), Is.False, "not configured, so not sent");
        });
    }

    [TestCase("dev", "product-service", "/ecs/ecs-refarch/dev/product-service")]
    [TestCase("prod", "website-service", "/ecs/ecs-refarch/prod/website-service")]
    public void E7_container_logs_go_to_the_services_own_log_group(string stack, string name, string logGroup)
    {
        var container = Container(StackFiles.Settings(stack), name);

        var log = container["logConfiguration"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)log["logDriver"], Is.EqualTo("awslogs"));
            Assert.That((string?)log["options"]!["awslogs-group"], Is.EqualTo(logGroup));
            Assert.That((string?)log["options"]!["awslogs-region"], Is.EqualTo("us-east-1"));
            Assert.That((string?)log["options"]!["awslogs-stream-prefix"], Is.EqualTo(name));
        });
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void The_website_is_told_the_product_service_service_connect_address_without_a_scheme(string stack)
    {
        var settings = StackFiles.Settings(stack);

        // The reference website image calls http.Get("http://" + PRODUCT_SERVICE_URL): a scheme here would double.
        // Through Service Connect the call stays in the VPC, plain HTTP proxy to proxy, whatever the ALB serves.
        Assert.Multiple(() =>
        {
            Assert.That(Environment(Container(settings, "website-service")), Is.EqualTo(new Dictionary<string, string>
            {
                ["PRODUCT_SERVICE_URL"] = "product-service:8001/products",
            }));
            Assert.That(Container(settings, "product-service").ContainsKey("environment"), Is.False);
        });
    }

    [Test]
    public void A_variable_can_ask_for_the_full_url_while_another_keeps_the_reference_form()
    {
        var settings = ServiceValidationTests.WithServiceField(1, "serviceUrlEnvironment", new JsonObject
        {
            ["PRODUCT_SERVICE_URL"] = "product-service",
            ["PRODUCTS_URL"] = new JsonObject { ["service"] = "product-service", ["form"] = "url" },
            ["PRODUCTS_HOST_PATH"] = new JsonObject { ["service"] = "product-service", ["form"] = "hostPath" },
        }).Load();

        Assert.That(Environment(Container(settings, "website-service")), Is.EqualTo(new Dictionary<string, string>
        {
            ["PRODUCTS_HOST_PATH"] = "product-service:8001/products",
            ["PRODUCTS_URL"] = "http://product-service:8001/products",
            ["PRODUCT_SERVICE_URL"] = "product-service:8001/products",
        }));
    }

    [Test]
    public void Through_the_load_balancer_a_full_url_names_the_domain_its_certificate_covers()
    {
        var settings = RawConfig.From("prod")
            .With("serviceDiscovery", "loadBalancer")
            .With("domainName", "shop.example.com")
            .WithServiceField(1, "serviceUrlEnvironment", new JsonObject { ["PRODUCTS_URL"] = new JsonObject { ["service"] = "product-service", ["form"] = "url" } })
            .Load();
        var baseUrl = ServiceAddresses.PublicBaseUrl(settings, "https", AlbHost);

        Assert.Multiple(() =>
        {
            Assert.That(baseUrl, Is.EqualTo("https://shop.example.com"));
            Assert.That(Environment(Container(settings, "website-service", baseUrl)), Is.EqualTo(new Dictionary<string, string>
            {
                ["PRODUCTS_URL"] = "https://shop.example.com/products",
            }));
        });
    }

    [Test]
    public void Without_a_domain_the_public_base_url_is_the_load_balancers_own_name()
    {
        Assert.That(ServiceAddresses.PublicBaseUrl(StackFiles.Settings("dev"), "http", AlbHost), Is.EqualTo(AlbUrl));
    }

    [Test]
    public void A_third_service_from_config_gets_its_container_and_can_be_called_by_url()
    {
        var services = JsonNode.Parse(StackFiles.Raw("dev")["ecs-refarch:services"])!.AsArray();
        services.Add(new JsonObject
        {
            ["name"] = "orders",
            ["image"] = "public.ecr.aws/nginx/nginx:1.27",
            ["containerPort"] = 8080,
            ["pathPattern"] = "/orders/*",
            ["memory"] = 256,
            ["memoryReservation"] = 192,
            ["environment"] = new JsonObject { ["LOG_LEVEL"] = "info", ["ANSWER"] = "42" },
        });
        services[1]!["serviceUrlEnvironment"]!["ORDERS_URL"] = "orders";
        var settings = RawConfig.From("dev").With("services", services.ToJsonString()).Load();

        var orders = Container(settings, "orders");
        var website = Container(settings, "website-service");

        Assert.Multiple(() =>
        {
            Assert.That(orders["portMappings"]!.ToJsonString(), Is.EqualTo("""[{"containerPort":8080,"hostPort":0,"protocol":"tcp","name":"orders","appProtocol":"http"}]"""));
            Assert.That((int?)orders["memory"], Is.EqualTo(256));
            Assert.That((int?)orders["memoryReservation"], Is.EqualTo(192));
            Assert.That((string?)orders["logConfiguration"]!["options"]!["awslogs-group"], Is.EqualTo("/ecs/ecs-refarch/dev/orders"));
            Assert.That(orders["environment"]!.AsArray().Select(e => (string?)e!["name"]), Is.EqualTo(new[] { "ANSWER", "LOG_LEVEL" }), "sorted, so the JSON is stable");
            Assert.That(Environment(website), Is.EqualTo(new Dictionary<string, string>
            {
                ["ORDERS_URL"] = "orders:8080/orders/",
                ["PRODUCT_SERVICE_URL"] = "product-service:8001/products",
            }), "a wildcard route is called at the path before its wildcard");
        });
    }

    [Test]
    public void E6_secrets_are_passed_as_references_and_never_as_environment_values()
    {
        var settings = ServiceValidationTests.WithServiceField(0, "secrets", new JsonObject
        {
            ["DB_PASSWORD"] = SecretArn,
            ["API_KEY"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-key-AbCdEf",
        }).Load();

        var container = Container(settings, "product-service");

        Assert.Multiple(() =>
        {
            Assert.That(container["secrets"]!.ToJsonString(), Is.EqualTo(
                """[{"name":"API_KEY","valueFrom":"arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-key-AbCdEf"},{"name":"DB_PASSWORD","valueFrom":"arn:aws:ssm:us-east-1:123456789012:parameter/app/db-password"}]"""));
            Assert.That(Environment(container).Keys, Has.None.EqualTo("DB_PASSWORD").And.None.EqualTo("API_KEY"));
            Assert.That(container["environment"]?.ToJsonString() ?? string.Empty, Does.Not.Contain(SecretArn));
        });
    }

    [Test]
    public void E2_E4_E5_containers_are_unprivileged_and_share_no_host_namespace()
    {
        var container = Container(StackFiles.Settings("prod"), "product-service");

        Assert.Multiple(() =>
        {
            Assert.That((bool?)container["privileged"], Is.False);
            Assert.That(container.Select(p => p.Key), Has.None.AnyOf("pidMode", "ipcMode", "networkMode", "hostname", "links", "systemControls"));
            Assert.That((bool?)container["linuxParameters"]!["initProcessEnabled"], Is.True, "an init process forwards SIGTERM to the app");
            Assert.That(container["linuxParameters"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "initProcessEnabled" }), "no added capabilities or devices");
        });
    }

    [Test]
    public void E3_root_file_system_is_read_only_by_default()
    {
        Assert.That((bool?)Container(StackFiles.Settings("dev"), "website-service")["readonlyRootFilesystem"], Is.True);
    }

    [Test]
    public void E3_a_service_whose_image_writes_to_its_root_can_opt_out()
    {
        var settings = ServiceValidationTests.WithServiceField(1, "readonlyRootFilesystem", false).Load();

        Assert.Multiple(() =>
        {
            Assert.That((bool?)Container(settings, "website-service")["readonlyRootFilesystem"], Is.False);
            Assert.That((bool?)Container(settings, "product-service")["readonlyRootFilesystem"], Is.True, "the other service keeps the default");
        });
    }

    [Test]
    public void Stop_timeout_and_container_health_check_come_from_settings()
    {
        var settings = ServiceValidationTests.WithServiceField(0, "containerHealthCheck", new JsonObject
        {
            ["command"] = new JsonArray("CMD-SHELL", "curl -f http://localhost:8001/products || exit 1"),
            ["intervalSeconds"] = 15,
            ["retries"] = 4,
            ["startPeriodSeconds"] = 20,
        }).Load();

        var product = Container(settings, "product-service");
        var website = Container(settings, "website-service");

        Assert.Multiple(() =>
        {
            Assert.That(product["healthCheck"]!.ToJsonString(), Is.EqualTo(
                """{"command":["CMD-SHELL","curl -f http://localhost:8001/products || exit 1"],"interval":15,"timeout":5,"retries":4,"startPeriod":20}"""));
            Assert.That((int?)product["stopTimeout"], Is.EqualTo(30));
            Assert.That(website.ContainsKey("healthCheck"), Is.False, "not configured, so only the ALB checks it");
        });
    }

    [Test]
    public void A_service_of_another_stack_is_refused()
    {
        var dev = StackFiles.Settings("dev");
        var prod = StackFiles.Settings("prod");

        Assert.That(
            () => ContainerDefinitions.Build(dev, prod.Services[0], RoutingPlan.For(dev.Services), AlbUrl, "/ecs/x", "us-east-1"),
            Throws.ArgumentException.With.Message.Contains("product-service"));
    }

    [TestCase("/products", "http://alb/products")]
    [TestCase("/products", "http://alb/products", "http://alb/")]
    [TestCase("/", "http://alb/")]
    [TestCase("/orders/*", "http://alb/orders/")]
    [TestCase("/*", "http://alb/")]
    public void Service_url_is_the_load_balancer_url_and_the_routes_path(string pattern, string url, string baseUrl = "http://alb")
    {
        Assert.That(ServiceUrl.For(baseUrl, pattern), Is.EqualTo(url));
    }

    [TestCase("http://alb:8080", "/products", ServiceUrlForm.HostPath, "alb:8080/products")]
    [TestCase("http://alb", "/orders/*", ServiceUrlForm.HostPath, "alb/orders/")]
    [TestCase("http://alb", "/products", ServiceUrlForm.Url, "http://alb/products")]
    public void Service_url_in_each_form(string albUrl, string pattern, ServiceUrlForm form, string url)
    {
        Assert.That(ServiceUrl.For(albUrl, pattern, form), Is.EqualTo(url));
    }
}
