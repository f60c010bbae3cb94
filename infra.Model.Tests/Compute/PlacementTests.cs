using System.Text.Json.Nodes;
using Infra.Model.Compute;
using Infra.Model.Services;
using Infra.Model.Tests.Settings;

namespace Infra.Model.Tests.Compute;

/// <summary>
/// The placement simulation on cases computed by hand. A t3.small host offers 2048 CPU units and
/// 2048 × 0.9 − 256 = 1587 MiB; a t2.small 1024 units and the same memory; a t3.large 2048 units and 7116 MiB.
/// </summary>
public class PlacementTests
{
    private static readonly InstanceTypeInfo T3Small = InstanceTypes.Find("t3.small")!;

    [Test]
    public void A_host_offers_its_cpu_and_ninety_percent_of_its_memory_less_the_reserved_memory()
    {
        Assert.That((T3Small.CpuUnits, T3Small.TaskMemoryMiB), Is.EqualTo((2048, 1587)));
        Assert.That(InstanceTypes.Find("t2.small")!.CpuUnits, Is.EqualTo(1024));
    }

    [Test]
    public void Tasks_spread_over_the_AZs_first()
    {
        var result = PlacementSimulator.Place(T3Small, 2, 2, [new PlacementDemand("a", new TaskReservation(256, 256), 4)]);

        Assert.That(result.AllPlaced, Is.True);
        Assert.That(result.Hosts.Select(h => (h.Zone, h.Tasks["a"])), Is.EqualTo(new[] { (0, 2), (1, 2) }));
        Assert.That(result.Hosts.Select(h => h.MemoryFreeMiB), Is.EqualTo(new[] { 1587 - 512, 1587 - 512 }));
    }

    [Test]
    public void Within_an_AZ_tasks_binpack_on_the_host_with_the_least_memory_left()
    {
        // One AZ, two hosts: 500 MiB tasks fill host 1 (1587 → 1087 → 587 → 87) before host 2 gets the fourth.
        var result = PlacementSimulator.Place(T3Small, 2, 1, [new PlacementDemand("a", new TaskReservation(10, 500), 4)]);

        Assert.That(result.Hosts.Select(h => h.Tasks.GetValueOrDefault("a")), Is.EqualTo(new[] { 3, 1 }));
    }

    [Test]
    public void Tasks_no_host_has_room_for_are_counted_as_unplaced()
    {
        var result = PlacementSimulator.Place(T3Small, 1, 1, [new PlacementDemand("a", new TaskReservation(1024, 100), 3)]);

        Assert.That(result.Unplaced["a"], Is.EqualTo(1));
        Assert.That(result.AllPlaced, Is.False);
    }

    [Test]
    public void Hosts_alternate_over_AZs_and_losing_the_first_AZ_loses_its_hosts()
    {
        // 3 hosts over 2 AZs: hosts 1 and 3 in AZ 1, host 2 in AZ 2.
        var result = PlacementSimulator.Place(T3Small, 3, 2, [new PlacementDemand("a", new TaskReservation(2048, 100), 3)], lostZone: 0);

        Assert.That(result.Hosts.Select(h => h.Index), Is.EqualTo(new[] { 1 }));
        Assert.That(result.Unplaced["a"], Is.EqualTo(2));
    }

    [Test]
    public void The_committed_stacks_answer_yes_to_all_four_questions()
    {
        foreach (var stack in new[] { "dev", "prod" })
        {
            var report = PlacementReport.For(StackFiles.Settings(stack));
            Assert.That(report.Answers.Select(a => a.Outcome), Has.All.EqualTo(PlacementOutcome.Fits), stack);
            Assert.That(report.Answers.Select(a => a.Id), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        }
    }

    [Test]
    public void A_deployment_that_needs_one_more_host_says_so()
    {
        // Every task carries the Service Connect proxy's 64 MiB. product-service: 2 tasks of 700 + 64 = 764 MiB,
        // maximumPercent 200, so a deployment starts 2 more. At desired each of the 2 hosts holds 764 + 192 (website
        // 128 + 64) = 956 MiB and has 631 left: no new 764 MiB task fits. A third host (AZ 1, 1587 MiB) holds both new
        // tasks (1528 MiB): managed scaling adds one host.
        var settings = RawConfig.From("dev").WithServiceField(0, "memory", 700).Load();

        var report = PlacementReport.For(settings);

        Assert.That(report[PlacementReport.DesiredId].Outcome, Is.EqualTo(PlacementOutcome.Fits));
        Assert.That(report[PlacementReport.DeploymentId].Outcome, Is.EqualTo(PlacementOutcome.NeedsHosts));
        Assert.That(report[PlacementReport.DeploymentId].ExtraHosts, Is.EqualTo(1));
        Assert.That(report[PlacementReport.DeploymentId].Short, Is.EqualTo("needs 1 more host"));
        Assert.That(report[PlacementReport.DeploymentId].Detail, Does.Contain("product-service starts 2 new task(s)"));
    }

    [Test]
    public void A_deployment_that_fits_nowhere_within_max_size_is_a_no()
    {
        // 1500 MiB tasks: one per t3.small host; 2 + 2 product tasks and 2 website tasks need more than maxSize 4.
        var settings = RawConfig.From("dev").WithServiceField(0, "memory", 1500).Load();

        Assert.That(PlacementReport.For(settings)[PlacementReport.DeploymentId].Outcome, Is.EqualTo(PlacementOutcome.DoesNotFit));
    }

    [Test]
    public void Losing_an_AZ_in_dev_is_reported_not_rejected()
    {
        // 2 hosts in 2 AZs; product-service tasks of 1280 CPU units: after losing AZ 1, one t3.small (2048 units)
        // holds one of the 2 minimum tasks.
        var raw = RawConfig.From("dev").WithServiceField(0, "cpu", 1280);

        Assert.That(raw.Errors(), Is.Empty);
        var answer = PlacementReport.For(raw.Load())[PlacementReport.ZoneLossId];
        Assert.That(answer.Outcome, Is.EqualTo(PlacementOutcome.DoesNotFit));
        Assert.That(answer.Detail, Does.Contain("1 task(s) of product-service"));
    }

    [Test]
    public void Losing_an_AZ_in_prod_fails_validation_when_the_minimum_does_not_fit()
    {
        // 3 × t3.large in 3 AZs; minCount 3 of 1280 CPU units: the 2 hosts left hold one each (2048 units a host).
        var errors = RawConfig.From("prod").WithServiceField(0, "cpu", 1280).Errors();

        Assert.That(errors, Has.Exactly(1).Matches<ConfigError>(e =>
            e is not null && e.Key == "ecs-refarch:desiredCapacity" && e.Value == "3" && e.Problem.Contains("minCount", StringComparison.Ordinal)
            && e.Problem.Contains("product-service", StringComparison.Ordinal)));
    }

    [Test]
    public void Losing_an_AZ_in_prod_passes_with_room_for_the_minimum()
    {
        // 512 + 256 (proxy) = 768 units a product task, 256 + 256 = 512 a website task: the 2 hosts left (4096 units)
        // hold the minimum 3 + 3 (2304 + 1536 = 3840 units).
        Assert.That(RawConfig.From("prod").WithServiceField(0, "cpu", 512).Errors(), Is.Empty);
    }

    [Test]
    public void Max_counts_that_do_not_fit_at_max_size_are_a_no()
    {
        // 60 × 128 MiB of product-service alone is 7680 MiB, more than 4 × 1587 MiB.
        var settings = RawConfig.From("dev").WithServiceField(0, "maxCount", 60).Load();

        Assert.That(PlacementReport.For(settings)[PlacementReport.MaxCountsId].Outcome, Is.EqualTo(PlacementOutcome.DoesNotFit));
    }

    [Test]
    public void Mixed_types_are_simulated_with_the_smallest()
    {
        // Every task carries the Service Connect proxy's 256 units: product-service at 384 + 256 = 640, the website
        // 128 + 256 = 384. t3.small (2048 units): the 2 new deployment tasks fit beside 640 + 384, one per host.
        // t2.small (1024 units) is in the list: each host holds 640 + 384 = 1024 and has nothing left, and a t2.small
        // holds one 640-unit task: 2 more hosts.
        var single = RawConfig.From("dev").WithServiceField(0, "cpu", 384).Load();
        var mixed = RawConfig.From("dev").WithServiceField(0, "cpu", 384)
            .With("instanceTypes", """["t3.small","t3a.small","t2.small"]""").Load();

        var (one, many) = (PlacementReport.For(single), PlacementReport.For(mixed));

        Assert.That((one.HostType.Name, one.MixedTypes), Is.EqualTo(("t3.small", false)));
        Assert.That(one[PlacementReport.DeploymentId].Outcome, Is.EqualTo(PlacementOutcome.Fits));
        Assert.That((many.HostType.Name, many.MixedTypes), Is.EqualTo(("t2.small", true)));
        Assert.That(many[PlacementReport.DeploymentId].ExtraHosts, Is.EqualTo(2));
    }

    [Test]
    public void A_task_reservation_is_its_memory_reservation_where_set()
    {
        var settings = RawConfig.From("dev").WithServiceField(0, "memory", 512).WithServiceField(0, "memoryReservation", (JsonNode)200).Load();

        // Service Connect is on: ECS injects its proxy into every task, counted with it.
        Assert.That(TaskReservation.For(settings, settings.Services[0]), Is.EqualTo(new TaskReservation(128 + ServiceConnect.ProxyCpuUnits, 200 + ServiceConnect.ProxyMemoryMiB)));
        Assert.That(TaskReservation.For(settings, settings.Services[1]), Is.EqualTo(new TaskReservation(128 + ServiceConnect.ProxyCpuUnits, 128 + ServiceConnect.ProxyMemoryMiB)));
    }

    [Test]
    public void A_deployment_extra_is_maximum_percent_of_desired_rounded_down()
    {
        var settings = RawConfig.From("dev").WithServiceField(0, "desiredCount", 3).WithServiceField(0, "maximumPercent", 150).Load();

        // 3 × 150 % = 4.5 → 4 running at most: 1 extra.
        Assert.That(PlacementReport.DeploymentExtraTasks(settings.Services[0]), Is.EqualTo(1));
    }
}
