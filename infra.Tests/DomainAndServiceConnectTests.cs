using System.Text.Json.Nodes;
using Infra.Model.Outputs;
using Pulumi.Testing;

namespace Infra.Tests;

/// <summary>
/// The domain (alias record, requested certificate and its validation, the listener on the validated ARN) and
/// Service Connect (namespace, cluster default, named ports, each service's configuration) under the mocked engine.
/// </summary>
public class DomainAndServiceConnectTests
{
    private const string Zone = "Z0123456789ABCDEFGHIJ";
    private const string Domain = "shop.example.com";
    private const string RecordType = "aws:route53/record:Record";
    private const string CertificateType = "aws:acm/certificate:Certificate";
    private const string ValidationType = "aws:acm/certificateValidation:CertificateValidation";
    private const string ListenerType = "aws:lb/listener:Listener";
    private const string NamespaceType = "aws:servicediscovery/httpNamespace:HttpNamespace";
    private const string EcsServiceType = "aws:ecs/service:Service";
    private const string ClusterType = "aws:ecs/cluster:Cluster";
    private const string TaskDefinitionType = "aws:ecs/taskDefinition:TaskDefinition";
    private const string EgressType = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

    private static Task<StackRun> WithRequestedCertificate() =>
        StackRun.SharedAsync("prod", c => c.Without("certificateArn").With("domainName", Domain).With("hostedZoneId", Zone).With("hostedZoneName", "example.com"));

    private static JsonObject Inputs(MockResourceArgs resource) => PlannedInputs.ToJson(resource.Inputs);

    [Test]
    public async Task The_domain_gets_an_alias_record_to_the_load_balancer_in_its_zone()
    {
        var run = await WithRequestedCertificate();
        var dnsName = await run.OutputValue<string>(StackOutputs.AlbDnsName);

        var alias = Inputs(run.Registered(RecordType).Single(r => r.Name == "edge-alias"));

        Assert.Multiple(() =>
        {
            Assert.That((string?)alias["zoneId"], Is.EqualTo(Zone));
            Assert.That((string?)alias["name"], Is.EqualTo(Domain));
            Assert.That((string?)alias["type"], Is.EqualTo("A"));
            Assert.That(alias["aliases"]!.ToJsonString(), Is.EqualTo(new JsonArray(new JsonObject
            {
                ["evaluateTargetHealth"] = true,
                ["name"] = dnsName,
                ["zoneId"] = "Z35SXDOTRQ7X7K",
            }).ToJsonString()));
        });
    }

    [Test]
    public async Task A_requested_certificate_is_validated_in_the_zone_and_the_listener_uses_the_validated_arn()
    {
        var run = await WithRequestedCertificate();

        var certificate = run.Registered(CertificateType).Single();
        var validationRecord = Inputs(run.Registered(RecordType).Single(r => r.Name == "certificate-validation"));
        var validation = Inputs(run.Registered(ValidationType).Single());
        var https = Inputs(run.Registered(ListenerType).Single(r => r.Name == "edge-https"));
        var certificateArn = $"arn:aws:acm:{MockedAws.Region}:{MockedAws.AccountId}:certificate/{MockedAws.Suffix("certificate-cert")}-0000-4000-8000-000000000000";
        var validationName = $"_{MockedAws.Suffix("certificate-cert")}.{Domain}.";
        var component = run.Single<Infra.Components.DomainCertificate>("certificate");

        Assert.Multiple(() =>
        {
            Assert.That((string?)Inputs(certificate)["domainName"], Is.EqualTo(Domain));
            Assert.That((string?)Inputs(certificate)["validationMethod"], Is.EqualTo("DNS"));
            Assert.That((string?)validationRecord["zoneId"], Is.EqualTo(Zone));
            Assert.That((string?)validationRecord["name"], Is.EqualTo(validationName), "the CNAME ACM asked for");
            Assert.That((string?)validationRecord["type"], Is.EqualTo("CNAME"));
            Assert.That(validationRecord["records"]!.ToJsonString(), Is.EqualTo($"[\"_{MockedAws.Suffix("certificate-cert")}.acm-validations.aws.\"]"));
            Assert.That((string?)validation["certificateArn"], Is.EqualTo(certificateArn));
            Assert.That(validation["validationRecordFqdns"]!.ToJsonString(), Is.EqualTo($"[\"{validationName.TrimEnd('.')}\"]"));
            Assert.That((string?)https["certificateArn"], Is.EqualTo(certificateArn));
        });

        // The listener takes the ARN from the validation, so it waits for ACM to issue the certificate.
        Assert.That(await StackRun.DependencyNames(component.CertificateArn), Does.Contain("certificate-validated"));
    }

    [Test]
    public async Task A_given_certificate_wins_and_no_certificate_is_requested()
    {
        var run = await StackRun.SharedAsync("prod", c => c.With("domainName", Domain).With("hostedZoneId", Zone));

        var https = PlannedInputs.ToJson(run.Registered(ListenerType).Single(r => r.Name == "edge-https").Inputs);

        Assert.Multiple(() =>
        {
            Assert.That(run.Registered(CertificateType), Is.Empty);
            Assert.That(run.Registered(ValidationType), Is.Empty);
            Assert.That((string?)https["certificateArn"], Does.StartWith("arn:aws:acm:us-east-1:123456789012:certificate/"));
            Assert.That(run.Registered(RecordType).Select(r => r.Name), Is.EqualTo(new[] { "edge-alias" }));
        });
    }

    [Test]
    public async Task With_a_domain_every_url_the_stack_hands_out_names_it()
    {
        var run = await WithRequestedCertificate();

        var urls = await run.OutputValue<ImmutableDictionary<string, string>>(StackOutputs.ServiceUrls);
        var albUrl = await run.OutputValue<string>(StackOutputs.AlbUrl);
        var productUrl = await run.OutputValue<string>("ProductServiceUrl");

        Assert.Multiple(() =>
        {
            Assert.That(albUrl, Is.EqualTo($"https://{Domain}"));
            Assert.That(productUrl, Is.EqualTo($"https://{Domain}/products"));
            Assert.That(urls, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["product-service"] = $"https://{Domain}/products",
                ["website-service"] = $"https://{Domain}/",
            }));
        });
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task The_namespace_is_the_clusters_service_connect_default_and_an_output(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var arn = await run.OutputValue<string>(StackOutputs.ServiceConnectNamespaceArn);

        var ns = PlannedInputs.ToJson(run.Registered(NamespaceType).Single().Inputs);
        var cluster = PlannedInputs.ToJson(run.Registered(ClusterType).Single().Inputs);
        var name = await run.OutputValue<string>(StackOutputs.ServiceConnectNamespaceName);

        Assert.Multiple(() =>
        {
            Assert.That((string?)ns["name"], Is.EqualTo($"ecs-refarch-{stack}"));
            Assert.That(name, Is.EqualTo($"ecs-refarch-{stack}"));
            Assert.That(arn, Does.StartWith($"arn:aws:servicediscovery:{MockedAws.Region}:{MockedAws.AccountId}:namespace/ns-"));
            Assert.That((string?)cluster["serviceConnectDefaults"]!["namespace"], Is.EqualTo(arn));
        });
    }

    [TestCase("product-service", 8001)]
    [TestCase("website-service", 8000)]
    public async Task Each_service_publishes_its_named_port_in_the_namespace_and_logs_the_proxy_to_its_own_group(string service, int port)
    {
        var run = await StackRun.SharedAsync("dev");
        var arn = await run.OutputValue<string>(StackOutputs.ServiceConnectNamespaceArn);

        var task = PlannedInputs.ToJson(run.Registered(TaskDefinitionType).Single(r => r.Name == $"{service}-task").Inputs);
        var mapping = task["containerDefinitions"]![0]!["portMappings"]![0]!;
        var config = PlannedInputs.ToJson(run.Registered(EcsServiceType).Single(r => r.Name == $"{service}-ecs").Inputs)["serviceConnectConfiguration"]!;

        Assert.Multiple(() =>
        {
            Assert.That(((string?)mapping["name"], (int?)mapping["containerPort"], (string?)mapping["appProtocol"]), Is.EqualTo(((string?)service, (int?)port, (string?)"http")));
            Assert.That((bool?)config["enabled"], Is.True);
            Assert.That((string?)config["namespace"], Is.EqualTo(arn));
            Assert.That(config["services"]!.ToJsonString(), Is.EqualTo(new JsonArray(new JsonObject
            {
                ["clientAlias"] = new JsonArray(new JsonObject { ["dnsName"] = service, ["port"] = port }),
                ["discoveryName"] = service,
                ["portName"] = service,
            }).ToJsonString()), "the port name matches the task definition's port mapping");
            Assert.That((string?)config["logConfiguration"]!["logDriver"], Is.EqualTo("awslogs"));
            Assert.That((string?)config["logConfiguration"]!["options"]!["awslogs-group"], Is.EqualTo($"/ecs/ecs-refarch/dev/{service}"));
        });
    }

    [Test]
    public async Task The_website_calls_the_product_service_by_its_service_connect_name()
    {
        var run = await StackRun.SharedAsync("prod");

        var task = PlannedInputs.ToJson(run.Registered(TaskDefinitionType).Single(r => r.Name == "website-service-task").Inputs);

        Assert.That(task["containerDefinitions"]![0]!["environment"]!.ToJsonString(), Is.EqualTo("""[{"name":"PRODUCT_SERVICE_URL","value":"product-service:8001/products"}]"""));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task No_security_group_rule_lets_port_80_out_to_anywhere(string stack)
    {
        var run = await StackRun.SharedAsync(stack);

        var egress = run.Registered(EgressType).Select(r => r.Inputs).ToList();
        static int Port(ImmutableDictionary<string, object> rule, string key) => Convert.ToInt32(rule[key], System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(egress, Is.Not.Empty);
        Assert.That(
            egress.Where(r => r.TryGetValue("cidrIpv4", out var cidr) && (string)cidr == "0.0.0.0/0").Select(r => (Port(r, "fromPort"), Port(r, "toPort"))),
            Is.EqualTo(new[] { (443, 443) }));
        Assert.That(egress.Where(r => Port(r, "fromPort") <= 80 && Port(r, "toPort") >= 80), Is.Empty, "no rule lets port 80 out");
    }

    [Test]
    public async Task Through_the_load_balancer_no_service_carries_a_service_connect_configuration()
    {
        var run = await StackRun.SharedAsync("prod", c => c.With("serviceDiscovery", "loadBalancer").With("domainName", Domain)
            .With("services", """[{"name":"product-service","image":"example/product:1","containerPort":8001,"pathPattern":"/products"}]"""));

        Assert.That(run.Registered(EcsServiceType).Select(r => r.Inputs.ContainsKey("serviceConnectConfiguration")), Has.All.False);
    }
}
