using Infra.Model.Cost;
using Infra.Model.Settings;

namespace Infra.Tools.Plan.Tests;

/// <summary>The names a stack answers to and hands out, the proxy's share of the hosts, and what its DNS costs.</summary>
public class AddressingSectionTests
{
    private const string Zone = "Z0123456789ABCDEFGHIJ";

    /// <summary>A committed stack's settings; with <paramref name="zone"/> a domain in that zone and no certificate ARN, so the stack requests one.</summary>
    private static StackSettings Settings(string stack, string? zone = null)
    {
        var raw = new Dictionary<string, string>(StackConfigFile.Load(Path.Combine(PlanRun.StacksDirectory, "Pulumi.yaml"), PlanRun.StackFile(stack)));
        if (zone is not null)
        {
            raw.Remove(ConfigKeys.Full(ConfigKeys.CertificateArn));
            raw[ConfigKeys.Full(ConfigKeys.DomainName)] = "shop.example.com";
            raw[ConfigKeys.Full(ConfigKeys.HostedZoneId)] = zone;
        }

        return SettingsLoader.Load(raw, stack);
    }

    private static Dictionary<string, string> Rows(StackSettings settings) =>
        PlanSections.Addressing(StackPlan.For(settings)).Rows.ToDictionary(r => r[0], r => r[1]);

    [Test]
    public void A_requested_certificate_and_the_alias_record_are_shown_with_the_domain()
    {
        var rows = Rows(Settings("prod", Zone));

        Assert.Multiple(() =>
        {
            Assert.That(rows["domain name"], Is.EqualTo("shop.example.com"));
            Assert.That(rows["alias record"], Is.EqualTo($"A (alias to the load balancer) shop.example.com in hosted zone {Zone}"));
            Assert.That(rows["certificate"], Does.StartWith($"requested: ACM, DNS-validated in {Zone}"));
            Assert.That(rows["public base URL"], Is.EqualTo("https://shop.example.com"));
        });
    }

    [Test]
    public void A_given_certificate_is_shown_as_given()
    {
        var rows = Rows(Settings("prod"));

        Assert.That(rows["certificate"], Does.StartWith("given: arn:aws:acm:us-east-1:"));
    }

    [Test]
    public void Each_service_shows_its_service_connect_name_and_port_and_the_website_its_product_service_address()
    {
        var rows = Rows(Settings("dev"));

        Assert.Multiple(() =>
        {
            Assert.That(rows["Service Connect (product-service)"], Does.StartWith("product-service:8001"));
            Assert.That(rows["Service Connect (website-service)"], Does.StartWith("website-service:8000"));
            Assert.That(rows["website-service: PRODUCT_SERVICE_URL"], Is.EqualTo("product-service:8001/products"));
            Assert.That(rows["service discovery"], Does.Contain("ecs-refarch-dev"));
        });
    }

    [Test]
    public void The_cluster_counts_the_proxy_in_each_tasks_share()
    {
        // dev: 2 services × 2 tasks of 128 CPU / 128 MiB, each with a 256 CPU / 64 MiB proxy; 2 × t3.small.
        var rows = PlanSections.Cluster(StackPlan.For(Settings("dev"))).Rows.ToDictionary(r => r[0], r => r[1]);

        Assert.Multiple(() =>
        {
            Assert.That(rows["tasks at desired count need"], Does.StartWith($"{4 * (128 + 256)} CPU units, {4 * (128 + 64)} MiB"));
            Assert.That(rows["Service Connect proxies' share"], Does.StartWith($"256 CPU units, 64 MiB per task: {4 * 256} CPU units, {4 * 64} MiB"));
        });
    }

    [Test]
    public void Route_53_queries_are_priced_only_with_records_in_a_zone_and_follow_the_assumption()
    {
        var (assumptions, errors) = CostAssumptions.Parse(["dnsQueriesMillions=10"]);
        var withZone = CostEstimator.Estimate(StackPlan.For(Settings("prod", Zone)).CostInputs, assumptions);
        var without = CostEstimator.Estimate(StackPlan.For(Settings("prod")).CostInputs, assumptions);

        var line = withZone.Lines.Single(l => l.Item == "Route 53 queries");
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That((line.Quantity, line.MonthlyUsd), Is.EqualTo((10m, (decimal?)4.00m)));
            Assert.That(without.Lines.Select(l => l.Item), Has.None.EqualTo("Route 53 queries"));
        });
    }
}
