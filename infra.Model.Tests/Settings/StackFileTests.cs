using System.Net;
using System.Text.Json;

namespace Infra.Model.Tests.Settings;

public class StackFileTests
{
    [TestCase("dev")]
    [TestCase("prod")]
    public void Committed_stack_files_validate_clean(string stack)
    {
        var (settings, errors) = SettingsLoader.TryLoad(StackFiles.Raw(stack), stack);

        Assert.That(errors, Is.Empty, string.Join(Environment.NewLine, errors));
        Assert.That(settings!.Stack, Is.EqualTo(stack));
    }

    [Test]
    public void Dev_and_prod_differ_where_prod_pays_for_resilience()
    {
        var dev = StackFiles.Settings("dev");
        var prod = StackFiles.Settings("prod");

        Assert.Multiple(() =>
        {
            Assert.That(dev.Environment, Is.EqualTo(EnvironmentKind.Dev));
            Assert.That(prod.Environment, Is.EqualTo(EnvironmentKind.Prod));
            Assert.That(dev.Network.NatGateways, Is.EqualTo(NatGatewayMode.Single));
            Assert.That(prod.Network.NatGateways, Is.EqualTo(NatGatewayMode.OnePerAz));
            Assert.That(dev.Network.AvailabilityZoneCount, Is.EqualTo(2));
            Assert.That(prod.Network.AvailabilityZoneCount, Is.EqualTo(3));
            Assert.That(dev.Cluster.InstanceType, Is.EqualTo("t3.small"));
            Assert.That(prod.Cluster.InstanceType, Is.EqualTo("t3.large"));
            Assert.That(prod.Cluster.MinSize, Is.GreaterThanOrEqualTo(prod.Network.AvailabilityZoneCount));
            Assert.That(dev.Logging.RetentionDays, Is.EqualTo(14));
            Assert.That(prod.Logging.RetentionDays, Is.GreaterThanOrEqualTo(365));
            Assert.That(dev.LoadBalancer.HttpsEnabled, Is.False);
            Assert.That(prod.LoadBalancer.HttpsEnabled, Is.True);
            Assert.That(prod.LoadBalancer.CertificateArn, Does.StartWith("arn:aws:acm:us-east-1:"));
            Assert.That(dev.LoadBalancer.DeletionProtection, Is.False);
            Assert.That(prod.LoadBalancer.DeletionProtection, Is.True);
            Assert.That(dev.LoadBalancer.AccessLogsEnabled, Is.False);
            Assert.That(prod.LoadBalancer.AccessLogsEnabled, Is.True);
        });
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void Stack_files_reproduce_the_reference_services(string stack)
    {
        var services = StackFiles.Settings(stack).Services.ToDictionary(s => s.Name);

        Assert.That(services.Keys, Is.EquivalentTo(new[] { "product-service", "website-service" }));
        Assert.Multiple(() =>
        {
            Assert.That(services["product-service"].ContainerPort, Is.EqualTo(8001));
            Assert.That(services["product-service"].PathPattern, Is.EqualTo("/products"));
            Assert.That(services["product-service"].HealthCheck.Path, Is.EqualTo("/products"));
            Assert.That(services["website-service"].ContainerPort, Is.EqualTo(8000));
            Assert.That(services["website-service"].PathPattern, Is.EqualTo("/"));
            Assert.That(services["product-service"].Image, Does.EndWith("/ecs-refarch-cloudformation/product-service:1.0.0"));
        });
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void Both_stacks_tell_the_website_the_product_service_in_the_reference_images_form_through_service_connect(string stack)
    {
        var settings = StackFiles.Settings(stack);
        var website = settings.Services.Single(s => s.Name == "website-service");

        Assert.Multiple(() =>
        {
            Assert.That(website.ServiceUrlEnvironment["PRODUCT_SERVICE_URL"], Is.EqualTo(new ServiceUrlReference("product-service", ServiceUrlForm.HostPath)));
            Assert.That(settings.ServiceDiscovery, Is.EqualTo(ServiceDiscoveryMode.ServiceConnect), "the project default");
        });
    }

    [Test]
    public void Project_defaults_fill_keys_the_stack_leaves_out()
    {
        var dev = StackFiles.Settings("dev");

        Assert.Multiple(() =>
        {
            Assert.That(dev.Network.VpcCidr, Is.EqualTo(IPNetwork.Parse("10.180.0.0/16")));
            Assert.That(dev.Network.SubnetPrefixLength, Is.EqualTo(21));
            Assert.That(dev.Network.AllowedIngressCidrs, Is.EqualTo(new[] { IPNetwork.Parse("0.0.0.0/0") }));
            Assert.That(dev.LoadBalancer.SslPolicy, Is.EqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06"));
            Assert.That(dev.LoadBalancer.CertificateArn, Is.Null, "the empty project default means 'no certificate'");
            Assert.That(dev.Network.PublicSubnetCidrs, Is.Null, "the empty project default means 'planned'");
        });
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void Tags_name_project_stack_and_owner(string stack)
    {
        var tags = StackFiles.Settings(stack).Tags;

        Assert.That(tags, Does.ContainKey("project").WithValue("ecs-refarch"));
        Assert.That(tags, Does.ContainKey("stack").WithValue(stack));
        Assert.That(tags, Does.ContainKey("owner").WithValue("platform-team"));
    }

    [Test]
    public void Structured_values_reach_the_model_as_json_like_pulumi_passes_them()
    {
        var raw = StackFiles.Raw("dev");

        using var services = JsonDocument.Parse(raw["ecs-refarch:services"]);
        Assert.That(services.RootElement[0].GetProperty("containerPort").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(raw["ecs-refarch:minSize"], Is.EqualTo("2"));
        Assert.That(raw["aws:region"], Is.EqualTo("us-east-1"));
    }
}
