using Infra.Model.Services;

namespace Infra.Model.Tests.Settings;

/// <summary>The domain settings and how services address each other: what validation accepts and what it builds.</summary>
public class DomainAndDiscoveryTests
{
    private const string Zone = "Z0123456789ABCDEFGHIJ";

    [Test]
    public void A_domain_with_a_zone_and_no_certificate_makes_the_stack_request_one()
    {
        var settings = RawConfig.From("prod").Without("certificateArn")
            .With("domainName", "shop.example.com").With("hostedZoneId", Zone).With("hostedZoneName", "example.com").Load();

        var domain = settings.LoadBalancer.Domain!;

        Assert.Multiple(() =>
        {
            Assert.That((domain.Name, domain.HostedZoneId, domain.HostedZoneName), Is.EqualTo(("shop.example.com", (string?)Zone, (string?)"example.com")));
            Assert.That(settings.LoadBalancer.CertificateArn, Is.Null);
            Assert.That(domain.RequestsCertificate(settings.LoadBalancer), Is.True);
        });
    }

    [Test]
    public void A_given_certificate_wins_over_the_zone()
    {
        var settings = RawConfig.From("prod").With("domainName", "shop.example.com").With("hostedZoneId", Zone).Load();

        Assert.Multiple(() =>
        {
            Assert.That(settings.LoadBalancer.CertificateArn, Does.StartWith("arn:aws:acm:us-east-1:"));
            Assert.That(settings.LoadBalancer.Domain!.RequestsCertificate(settings.LoadBalancer), Is.False);
        });
    }

    [Test]
    public void Without_HTTPS_a_zone_gets_the_record_but_no_certificate()
    {
        var settings = RawConfig.From("dev").With("domainName", "dev.example.com").With("hostedZoneId", Zone).Load();

        Assert.That(settings.LoadBalancer.Domain!.RequestsCertificate(settings.LoadBalancer), Is.False);
    }

    [TestCase("example.com", "example.com")]
    [TestCase("shop.example.com", "example.com")]
    [TestCase("a.b.example.com", "b.example.com")]
    [TestCase("shop.example.com.", "example.com.")]
    public void A_name_at_or_under_the_zone_is_accepted(string name, string zone)
    {
        var errors = RawConfig.From("dev").With("domainName", name).With("hostedZoneId", Zone).With("hostedZoneName", zone).Errors();

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void A_domain_without_a_zone_is_used_as_given_with_a_certificate()
    {
        var settings = RawConfig.From("prod").With("domainName", "shop.example.com").Load();

        Assert.Multiple(() =>
        {
            Assert.That(settings.LoadBalancer.Domain, Is.EqualTo(new DomainSettings("shop.example.com", null, null)));
            Assert.That(ServiceAddresses.PublicBaseUrl(settings, "https", "prod-alb-1.us-east-1.elb.amazonaws.com"), Is.EqualTo("https://shop.example.com"));
        });
    }

    [Test]
    public void Load_balancer_discovery_with_https_and_a_domain_is_accepted_for_images_that_take_a_full_url()
    {
        var settings = RawConfig.From("prod")
            .With("serviceDiscovery", "loadBalancer")
            .With("domainName", "shop.example.com")
            .WithServiceField(1, "serviceUrlEnvironment", new System.Text.Json.Nodes.JsonObject
            {
                ["PRODUCTS_URL"] = new System.Text.Json.Nodes.JsonObject { ["service"] = "product-service", ["form"] = "url" },
            })
            .Load();

        Assert.That(settings.ServiceDiscovery, Is.EqualTo(ServiceDiscoveryMode.LoadBalancer));
    }

    [Test]
    public void Each_service_publishes_its_container_port_under_its_own_name()
    {
        var settings = StackFiles.Settings("dev");

        Assert.That(settings.Services.Select(ServiceConnect.Endpoint), Is.EqualTo(new[]
        {
            new ServiceConnectEndpoint("product-service", "product-service", "product-service", 8001, "http"),
            new ServiceConnectEndpoint("website-service", "website-service", "website-service", 8000, "http"),
        }));
        Assert.That(ServiceConnect.NamespaceName(settings.Project, settings.Stack), Is.EqualTo("ecs-refarch-dev"));
    }

    [Test]
    public void The_proxy_is_counted_in_each_tasks_share_of_a_host_only_with_service_connect()
    {
        var connect = StackFiles.Settings("prod");
        var balancer = RawConfig.From("prod").With("serviceDiscovery", "loadBalancer").With("domainName", "shop.example.com")
            .WithServiceField(1, "serviceUrlEnvironment", null).Load();

        Assert.Multiple(() =>
        {
            Assert.That(ServiceConnect.TaskCpu(connect, connect.Services[0]), Is.EqualTo(256 + 256));
            Assert.That(ServiceConnect.TaskMemory(connect, connect.Services[0]), Is.EqualTo(256 + 64));
            Assert.That(ServiceConnect.TaskCpu(balancer, balancer.Services[0]), Is.EqualTo(256));
            Assert.That(ServiceConnect.TaskMemory(balancer, balancer.Services[0]), Is.EqualTo(256));
        });
    }

    [Test]
    public void A_task_that_fills_a_host_fits_only_without_the_proxy()
    {
        var full = RawConfig.From("dev").WithServiceField(0, "cpu", 2048);

        Assert.Multiple(() =>
        {
            Assert.That(full.Errors().Select(e => e.Key), Does.Contain("ecs-refarch:services[0].cpu"));
            Assert.That(RawConfig.From("dev").WithServiceField(0, "cpu", 2048).With("serviceDiscovery", "loadBalancer")
                .WithServiceField(1, "serviceUrlEnvironment", null).Errors(), Is.Empty);
        });
    }

    [Test]
    public void Called_services_deploy_before_their_callers()
    {
        var settings = StackFiles.Settings("dev");

        var order = ServiceConnect.DeploymentOrder([.. settings.Services.Reverse()]);

        Assert.Multiple(() =>
        {
            Assert.That(order!.Select(s => s.Name), Is.EqualTo(new[] { "product-service", "website-service" }));
            Assert.That(ServiceConnect.Calls(settings.Services.Single(s => s.Name == "website-service")), Is.EqualTo(new[] { "product-service" }));
        });
    }

    [Test]
    public void Services_that_call_each_other_in_a_circle_are_rejected_with_service_connect_only()
    {
        var circle = RawConfig.From("dev")
            .WithServiceField(0, "serviceUrlEnvironment", new System.Text.Json.Nodes.JsonObject { ["WEBSITE_URL"] = "website-service" });

        var errors = circle.Errors();

        Assert.Multiple(() =>
        {
            Assert.That(errors.Select(e => (e.Key, e.Value)), Is.EquivalentTo(new[]
            {
                ("ecs-refarch:services[0].serviceUrlEnvironment", (string?)"website-service"),
                ("ecs-refarch:services[1].serviceUrlEnvironment", (string?)"product-service"),
            }));
            Assert.That(errors.Select(e => e.Allowed), Has.All.Contain("one direction"));
            Assert.That(RawConfig.From("dev").WithServiceField(0, "serviceUrlEnvironment", new System.Text.Json.Nodes.JsonObject { ["SELF_URL"] = "product-service" }).Errors(), Is.Empty, "a service may name itself");
        });
    }
}
