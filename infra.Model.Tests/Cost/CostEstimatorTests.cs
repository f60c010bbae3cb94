using Infra.Model.Cost;

namespace Infra.Model.Tests.Cost;

public class CostEstimatorTests
{
    private static decimal Monthly(CostEstimate estimate, string item) => estimate.Lines.Single(l => l.Item == item).MonthlyUsd!.Value;

    [Test]
    public void The_reference_architecture_costs_about_380_dollars_a_month_before_usage()
    {
        // The CloudFormation reference as deployed: ClusterSize 4 × t2.large, a NAT gateway (with EIP) in each of
        // 2 AZs, an internet-facing ALB in 2 AZs (one public IPv4 per node), 30 GiB gp2 per host.
        var reference = new CostInputs(
            Region: "us-east-1", InstanceType: "t2.large", Instances: 4, MaxInstances: 4, NatGateways: 2,
            LoadBalancerZones: 2, RootVolumeGiB: 30, RootVolumeType: VolumeType.Gp2, LogRetentionDays: 365);

        var estimate = CostEstimator.Estimate(reference);

        // 4 × 0.0928 × 730 = 270.976 → 270.98
        Assert.That(Monthly(estimate, "EC2 instances"), Is.EqualTo(270.98m));
        // 2 × 0.045 × 730 = 65.70
        Assert.That(Monthly(estimate, "NAT gateways"), Is.EqualTo(65.70m));
        // 0.0225 × 730 = 16.425 → 16.43 (half away from zero, as billed)
        Assert.That(Monthly(estimate, "Application Load Balancer"), Is.EqualTo(16.43m));
        // (2 EIPs + 2 ALB nodes) × 0.005 × 730 = 14.60
        Assert.That(Monthly(estimate, "Public IPv4 addresses"), Is.EqualTo(14.60m));
        // 4 × 30 GiB = 120 GiB × 0.10 = 12.00
        Assert.That(Monthly(estimate, "EBS root volumes"), Is.EqualTo(12.00m));
        // 270.98 + 65.70 + 16.43 + 14.60 + 12.00 = 379.71
        Assert.That(estimate.FixedUsd, Is.EqualTo(379.71m));
        Assert.That(estimate.Warnings, Is.Empty);
    }

    [Test]
    public void Dev_fixed_costs_follow_its_settings()
    {
        var estimate = CostEstimator.Estimate(CostInputs.From(StackFiles.Settings("dev")));

        // desiredCapacity 2 × t3.small: 2 × 730 × 0.0208 = 30.368 → 30.37
        Assert.That(Monthly(estimate, "EC2 instances"), Is.EqualTo(30.37m));
        // natGateways single: 1 × 730 × 0.045 = 32.85
        Assert.That(Monthly(estimate, "NAT gateways"), Is.EqualTo(32.85m));
        // 1 NAT EIP + 2 ALB nodes (2 AZs) = 3 × 730 × 0.005 = 10.95
        Assert.That(Monthly(estimate, "Public IPv4 addresses"), Is.EqualTo(10.95m));
        // 730 × 0.0225 = 16.425 → 16.43
        Assert.That(Monthly(estimate, "Application Load Balancer"), Is.EqualTo(16.43m));
        // rootVolumeSizeGiB default 30, gp3: 2 × 30 × 0.08 = 4.80
        Assert.That(Monthly(estimate, "EBS root volumes"), Is.EqualTo(4.80m));
        // Alarms: 2 rolling services × 8 metrics (5XX rate 2, unhealthy 1, p99 1, running vs desired 2, CPU 1, memory 1)
        // + ALB 5XX, cluster CPU and memory reservation, hosts in service (4) + 1 NAT gateway × 2 = 22 × 0.10 = 2.20
        Assert.That(Monthly(estimate, "CloudWatch alarms"), Is.EqualTo(2.20m));
        Assert.That(Monthly(estimate, "CloudWatch dashboard"), Is.EqualTo(3.00m));
        // No alarmTopicKmsKeyArn in dev: the stack's own key, 1.00
        Assert.That(Monthly(estimate, "KMS key (alarm topic)"), Is.EqualTo(1.00m));
        // 30.37 + 32.85 + 10.95 + 16.43 + 4.80 + 2.20 + 3.00 + 1.00 = 101.60
        Assert.That(estimate.FixedUsd, Is.EqualTo(101.60m));
    }

    [Test]
    public void Prod_fixed_costs_follow_its_settings()
    {
        var estimate = CostEstimator.Estimate(CostInputs.From(StackFiles.Settings("prod")));

        // desiredCapacity 3 × t3.large: 3 × 730 × 0.0832 = 182.208 → 182.21
        Assert.That(Monthly(estimate, "EC2 instances"), Is.EqualTo(182.21m));
        // natGateways onePerAz, 3 AZs: 3 × 730 × 0.045 = 98.55
        Assert.That(Monthly(estimate, "NAT gateways"), Is.EqualTo(98.55m));
        // 3 NAT EIPs + 3 ALB nodes = 6 × 730 × 0.005 = 21.90
        Assert.That(Monthly(estimate, "Public IPv4 addresses"), Is.EqualTo(21.90m));
        // 3 × 30 × 0.08 = 7.20
        Assert.That(Monthly(estimate, "EBS root volumes"), Is.EqualTo(7.20m));
        // Alarms: 2 canary services × (2 target groups × 4 metrics + 4 task metrics) + 4 stack-wide + 3 NAT gateways × 2
        // = 24 + 4 + 6 = 34 × 0.10 = 3.40
        Assert.That(Monthly(estimate, "CloudWatch alarms"), Is.EqualTo(3.40m));
        // 182.21 + 98.55 + 21.90 + 16.43 + 7.20 + 3.40 + 3.00 (dashboard) + 1.00 (key) = 333.69
        Assert.That(estimate.FixedUsd, Is.EqualTo(333.69m));
        Assert.That(estimate.Lines.Single(l => l.Item == "EC2 instances").Basis, Does.Contain("desired capacity").And.Contain("at max size 9: $546.62"));
    }

    [Test]
    public void Usage_lines_follow_the_default_assumptions_and_the_log_retention()
    {
        var dev = CostEstimator.Estimate(CostInputs.From(StackFiles.Settings("dev")));
        var prod = CostEstimator.Estimate(CostInputs.From(StackFiles.Settings("prod")));

        // 50 GB × 0.045 = 2.25
        Assert.That(Monthly(dev, "NAT data processed"), Is.EqualTo(2.25m));
        // 1 LCU × 730 h × 0.008 = 5.84
        Assert.That(Monthly(dev, "ALB capacity units"), Is.EqualTo(5.84m));
        // 5 GB × 0.50 = 2.50
        Assert.That(Monthly(dev, "CloudWatch Logs ingestion"), Is.EqualTo(2.50m));
        // dev keeps 14 days: 5 GB × 14 × 24 / 730 = 2.30 GB × 0.03 = 0.069 → 0.07
        Assert.That(Monthly(dev, "CloudWatch Logs storage"), Is.EqualTo(0.07m));
        // prod keeps 365 days: 5 GB × 12 months = 60 GB × 0.03 = 1.80
        Assert.That(Monthly(prod, "CloudWatch Logs storage"), Is.EqualTo(1.80m));
        // 2.25 + 5.84 + 2.50 + 0.07 = 10.66; total 101.60 + 10.66 = 112.26
        Assert.That(dev.UsageUsd, Is.EqualTo(10.66m));
        Assert.That(dev.TotalUsd, Is.EqualTo(112.26m));
    }

    [Test]
    public void Assumptions_change_the_usage_lines_only()
    {
        var (assumptions, errors) = CostAssumptions.Parse(["natDataGb=1000", "albLcus=2.5", "logsStoredGb=100"]);
        var estimate = CostEstimator.Estimate(CostInputs.From(StackFiles.Settings("dev")), assumptions);

        Assert.That(errors, Is.Empty);
        // 1000 GB × 0.045 = 45.00
        Assert.That(Monthly(estimate, "NAT data processed"), Is.EqualTo(45.00m));
        // 2.5 × 730 × 0.008 = 14.60
        Assert.That(Monthly(estimate, "ALB capacity units"), Is.EqualTo(14.60m));
        // 100 GB × 0.03 = 3.00
        Assert.That(Monthly(estimate, "CloudWatch Logs storage"), Is.EqualTo(3.00m));
        Assert.That(estimate.FixedUsd, Is.EqualTo(101.60m));
    }

    [Test]
    public void Bad_assumptions_are_all_reported_with_what_is_allowed()
    {
        var (_, errors) = CostAssumptions.Parse(["natGb=5", "albLcus=-1", "logsIngestedGb=lots"]);

        Assert.That(errors.Select(e => e.Value), Is.EqualTo(new[] { "natGb=5", "-1", "lots" }));
        Assert.That(errors[0].Allowed, Does.Contain("natDataGb=<number>"));
        Assert.That(errors[1].Key, Is.EqualTo("--assume albLcus"));
    }

    [Test]
    public void An_instance_type_without_a_price_is_a_no_price_line_not_zero()
    {
        var settings = RawConfig.From("dev").With("instanceType", "r7i.large").Load();

        var estimate = CostEstimator.Estimate(CostInputs.From(settings), table: PriceTable.Shipped.Without("r7i.large"));
        var line = estimate.Lines.Single(l => l.Item == "EC2 instances");

        Assert.That(line.MonthlyUsd, Is.Null);
        Assert.That(line.Basis, Does.Contain("no price for r7i.large"));
        Assert.That(estimate.Complete, Is.False);
        Assert.That(estimate.Warnings, Has.Some.Contains("r7i.large").And.Some.Contains("incomplete"));
        Assert.That(estimate.Unpriced, Is.EqualTo(new[] { "EC2 instances (r7i.large)" }));
        Assert.That(estimate.TotalText, Does.Contain("incomplete").And.Contain("r7i.large"));
        // The other fixed lines stay: 32.85 + 10.95 + 16.43 + 4.80 + 2.20 (alarms) + 3.00 (dashboard) + 1.00 (key) = 71.23
        Assert.That(estimate.FixedUsd, Is.EqualTo(71.23m));
    }

    [Test]
    public void A_region_without_figures_uses_us_east_1_and_says_so()
    {
        var settings = RawConfig.From("dev").With("aws:region", "eu-west-1").Load();

        var estimate = CostEstimator.Estimate(CostInputs.From(settings));

        Assert.That(estimate.PriceRegion, Is.EqualTo("us-east-1"));
        Assert.That(estimate.Warnings, Has.Some.Contains("eu-west-1").And.Some.Contains("us-east-1 prices are used"));
    }

    [Test]
    public void Costs_the_settings_cause_but_the_estimate_does_not_price_are_listed()
    {
        var prod = CostInputs.From(StackFiles.Settings("prod"));
        var dev = CostInputs.From(StackFiles.Settings("dev"));

        Assert.That(prod.NotPriced, Has.Some.Contains("detailed monitoring").And.Some.Contains("access logs (90 days)"));
        Assert.That(dev.NotPriced, Has.None.Contains("detailed monitoring").And.None.Contains("access logs"));
    }

    [Test]
    public void Spot_hours_are_priced_apart_from_on_demand_hours()
    {
        // 5 hosts: base 1 + ceil(4 × 50 %) = 3 on-demand at t3.large's $0.0832, 2 Spot at the dearer m5.large's
        // $0.096 less 60 % = $0.0384. On-demand 3 × 730 × 0.0832 = 182.208 → 182.21; Spot 2 × 730 × 0.0384 = 56.064 → 56.06.
        var inputs = new CostInputs("us-east-1", "t3.large", 5, 5, 1, 2, 30, VolumeType.Gp3, 14)
        {
            InstanceTypes = ["t3.large", "m5.large"],
            Purchase = new PurchaseOptions(1, 50, "price-capacity-optimized"),
        };

        var estimate = CostEstimator.Estimate(inputs);
        var spot = estimate.Lines.Single(l => l.Item == "EC2 Spot instances");

        Assert.That(Monthly(estimate, "EC2 instances"), Is.EqualTo(182.21m));
        Assert.That(estimate.Lines.Single(l => l.Item == "EC2 instances").Quantity, Is.EqualTo(3 * 730));
        Assert.That((spot.Quantity, spot.UnitUsd, spot.MonthlyUsd), Is.EqualTo((2m * 730, 0.0384m, 56.06m)));
        Assert.That(spot.Basis, Does.Contain("m5.large").And.Contain("60 %").And.Contain("spotDiscountPercent"));
        Assert.That(estimate.Lines.Select(l => l.Item).Take(2), Is.EqualTo(new[] { "EC2 instances", "EC2 Spot instances" }));
    }

    [Test]
    public void The_spot_discount_is_an_assumption_with_a_default()
    {
        var inputs = new CostInputs("us-east-1", "t3.small", 2, 2, 1, 2, 30, VolumeType.Gp3, 14)
        {
            Purchase = new PurchaseOptions(0, 0, "price-capacity-optimized"),
        };
        var (assumed, errors) = CostAssumptions.Parse(["spotDiscountPercent=70"]);

        // 2 × 730 × 0.0208 × 30 % = 9.1104 → 9.11; at the default 60 %: × 40 % = 12.1472 → 12.15
        Assert.That(errors, Is.Empty);
        Assert.That(Monthly(CostEstimator.Estimate(inputs, assumed), "EC2 Spot instances"), Is.EqualTo(9.11m));
        Assert.That(Monthly(CostEstimator.Estimate(inputs), "EC2 Spot instances"), Is.EqualTo(12.15m));
        Assert.That(CostAssumptions.Default.SpotDiscountPercent, Is.EqualTo(60m));
    }

    [Test]
    public void On_demand_only_stacks_have_no_spot_line()
    {
        var estimate = CostEstimator.Estimate(CostInputs.From(StackFiles.Settings("prod")));

        Assert.That(estimate.Lines.Select(l => l.Item), Does.Not.Contain("EC2 Spot instances"));
    }

    [Test]
    public void A_spot_type_without_a_price_leaves_the_spot_line_unpriced_and_the_estimate_incomplete()
    {
        var inputs = new CostInputs("us-east-1", "t3.small", 2, 2, 1, 2, 30, VolumeType.Gp3, 14)
        {
            InstanceTypes = ["t3.small", "t3a.small"],
            Purchase = new PurchaseOptions(0, 0, "price-capacity-optimized"),
        };

        var estimate = CostEstimator.Estimate(inputs, table: PriceTable.Shipped.Without("t3a.small"));

        Assert.That(estimate.Lines.Single(l => l.Item == "EC2 Spot instances").MonthlyUsd, Is.Null);
        Assert.That(estimate.Complete, Is.False);
        Assert.That(estimate.Unpriced, Is.EqualTo(new[] { "EC2 Spot instances (t3a.small)" }));
    }
}
