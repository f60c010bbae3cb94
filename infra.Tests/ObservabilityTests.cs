using System.Text.Json.Nodes;
using Infra.Model.Outputs;
using Aws = Pulumi.Aws;
using ServiceComponent = Infra.Components.Service;

namespace Infra.Tests;

/// <summary>
/// Alarms, topic, dashboard and safe deploys under the mocked engine: dimensions carry the identifiers the engine
/// recorded for the resources (ARN suffixes, names, NAT gateway ids), every alarm acts on the stack's topic, and prod
/// services deploy canary, roll back on their own alarms and shift traffic with a role scoped to their resources.
/// </summary>
public class ObservabilityTests
{
    private const string AlarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";
    private const string TopicType = "aws:sns/topic:Topic";
    private const string EcsServiceType = "aws:ecs/service:Service";
    private const string RuleType = "aws:lb/listenerRule:ListenerRule";
    private const string RolePolicyType = "aws:iam/rolePolicy:RolePolicy";

    private static JsonObject Inputs(StackRun run, string type, string name) => PlannedInputs.ToJson(run.Inputs(type, name));

    private static JsonObject Alarm(StackRun run, string key) => Inputs(run, AlarmType, $"observability-{key}");

    private static JsonObject Dimensions(JsonObject alarm) => alarm["dimensions"]!.AsObject();

    /// <summary>The dimensions of a metric-math alarm's metric query with this id.</summary>
    private static JsonObject QueryDimensions(JsonObject alarm, string id) =>
        alarm["metricQueries"]!.AsArray().Single(q => (string?)q!["id"] == id)!["metric"]!["dimensions"]!.AsObject();

    private static Task<string> Suffix(StackRun run, string targetGroup) =>
        StackRun.Value(run.Single<Aws.LB.TargetGroup>(targetGroup).ArnSuffix);

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task Load_balancer_and_target_group_dimensions_are_the_recorded_arn_suffixes(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var albSuffix = await StackRun.Value(run.Single<Aws.LB.LoadBalancer>($"{stack}-alb").ArnSuffix);
        var productSuffix = await Suffix(run, "product-service-tg");
        var websiteSuffix = await Suffix(run, "website-service-tg");

        Assert.Multiple(() =>
        {
            // What the mock records: app/<auto-name>/<id> and targetgroup/<auto-name>/<id>.
            Assert.That(albSuffix, Is.EqualTo($"app/{stack}-alb-{MockedAws.Suffix($"{stack}-alb")}/50dc6c495c0c9188"));
            Assert.That(productSuffix, Is.EqualTo($"targetgroup/product-service-tg-{MockedAws.Suffix("product-service-tg")}/6d0ecf831eec9f09"));
            Assert.That((string?)Dimensions(Alarm(run, "alb-5xx"))["LoadBalancer"], Is.EqualTo(albSuffix));
            foreach (var id in new[] { "errors", "requests" })
            {
                var dimensions = QueryDimensions(Alarm(run, "product-service-tg-5xx-rate"), id);
                Assert.That((string?)dimensions["TargetGroup"], Is.EqualTo(productSuffix), id);
                Assert.That((string?)dimensions["LoadBalancer"], Is.EqualTo(albSuffix), id);
            }

            Assert.That((string?)Dimensions(Alarm(run, "website-service-tg-unhealthy-hosts"))["TargetGroup"], Is.EqualTo(websiteSuffix));
            Assert.That((string?)Dimensions(Alarm(run, "website-service-tg-p99"))["TargetGroup"], Is.EqualTo(websiteSuffix));
        });
    }

    [Test]
    public async Task A_canary_services_alternate_target_group_is_watched_under_its_own_suffix()
    {
        var run = await StackRun.SharedAsync("prod");
        var alternate = await Suffix(run, "product-service-alt");

        Assert.Multiple(() =>
        {
            Assert.That(alternate, Is.EqualTo($"targetgroup/product-service-alt-{MockedAws.Suffix("product-service-alt")}/6d0ecf831eec9f09"));
            Assert.That((string?)QueryDimensions(Alarm(run, "product-service-alt-5xx-rate"), "errors")["TargetGroup"], Is.EqualTo(alternate));
            Assert.That((string?)Dimensions(Alarm(run, "product-service-alt-unhealthy-hosts"))["TargetGroup"], Is.EqualTo(alternate));
        });
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task Cluster_service_and_group_dimensions_are_the_recorded_names(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var clusterName = await run.OutputValue<string>(StackOutputs.ClusterName);
        var groupName = await run.OutputValue<string>(StackOutputs.AutoScalingGroupName);
        var serviceName = await StackRun.Value(run.Single<ServiceComponent>("website-service").ServiceName);

        Assert.Multiple(() =>
        {
            Assert.That(serviceName, Is.EqualTo($"website-service-ecs-{MockedAws.Suffix("website-service-ecs")}"));
            foreach (var id in new[] { "desired", "running" })
            {
                var dimensions = QueryDimensions(Alarm(run, "website-service-running-tasks"), id);
                Assert.That((string?)dimensions["ClusterName"], Is.EqualTo(clusterName), id);
                Assert.That((string?)dimensions["ServiceName"], Is.EqualTo(serviceName), id);
            }

            Assert.That((string?)Dimensions(Alarm(run, "website-service-cpu"))["ServiceName"], Is.EqualTo(serviceName));
            Assert.That((string?)Dimensions(Alarm(run, "cluster-memory-reservation"))["ClusterName"], Is.EqualTo(clusterName));
            Assert.That((string?)Dimensions(Alarm(run, "hosts-in-service"))["AutoScalingGroupName"], Is.EqualTo(groupName));
        });
    }

    [TestCase("dev", 1)]
    [TestCase("prod", 3)]
    public async Task Nat_gateway_alarms_name_the_gateways_the_vpc_returned(string stack, int gateways)
    {
        var run = await StackRun.SharedAsync(stack);
        var network = run.Single<Infra.Components.Network>("network");
        var ids = await StackRun.Value(network.NatGatewayIds);

        Assert.That(ids, Is.EqualTo(Enumerable.Range(0, gateways).Select(i => MockedAws.NatGatewayId("network-vpc", i))));
        for (var i = 0; i < gateways; i++)
        {
            var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.That((string?)Dimensions(Alarm(run, $"nat-{n}-port-allocation"))["NatGatewayId"], Is.EqualTo(ids[i]));
            Assert.That((string?)Dimensions(Alarm(run, $"nat-{n}-packets-dropped"))["NatGatewayId"], Is.EqualTo(ids[i]));
        }

        Assert.That(run.Registered(AlarmType).Select(a => a.Name).Where(n => n!.StartsWith("observability-nat-", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(2 * gateways));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task Every_alarm_and_ok_action_is_the_stacks_topic(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var topicArn = await run.OutputValue<string>(StackOutputs.AlarmTopicArn);
        var alarms = run.Registered(AlarmType).Select(a => PlannedInputs.ToJson(a.Inputs)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(topicArn, Is.EqualTo($"arn:aws:sns:{MockedAws.Region}:{MockedAws.AccountId}:observability-alarms-{MockedAws.Suffix("observability-alarms")}"));
            Assert.That(alarms, Is.Not.Empty);
            Assert.That(alarms.Select(a => a["alarmActions"]!.ToJsonString()), Has.All.EqualTo($"""["{topicArn}"]"""));
            Assert.That(alarms.Select(a => a["okActions"]!.ToJsonString()), Has.All.EqualTo($"""["{topicArn}"]"""));
            Assert.That(alarms.Select(a => (string?)a["name"]), Has.All.StartWith($"ecs-refarch-{stack}-"));
            Assert.That(alarms.Select(a => (string?)a["alarmDescription"]), Has.All.Contains("Look first at"));
        });
    }

    [Test]
    public async Task The_topic_is_encrypted_with_the_stacks_key_and_lets_cloudwatch_publish_for_its_alarms()
    {
        var run = await StackRun.SharedAsync("prod");
        var topic = Inputs(run, TopicType, "observability-alarms");
        var keyArn = await StackRun.Value(run.Single<Aws.Kms.Key>("observability-topic-key").Arn);
        var key = Inputs(run, "aws:kms/key:Key", "observability-topic-key");
        var policy = JsonNode.Parse((string)run.Inputs("aws:sns/topicPolicy:TopicPolicy", "observability-alarms-policy")["policy"])!;
        var statement = policy["Statement"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That((string?)topic["kmsMasterKeyId"], Is.EqualTo(keyArn).And.Not.EqualTo("alias/aws/sns"));
            Assert.That((bool?)key["enableKeyRotation"], Is.True);
            Assert.That(key["policy"]!.ToJsonString(), Does.Contain("cloudwatch.amazonaws.com").And.Contain("kms:GenerateDataKey*"));
            Assert.That((string?)statement["Principal"]!["Service"]![0], Is.EqualTo("cloudwatch.amazonaws.com"));
            Assert.That((string?)statement["Action"]![0], Is.EqualTo("sns:Publish"));
            Assert.That((string?)statement["Condition"]!["ArnLike"]!["aws:SourceArn"]![0], Is.EqualTo($"arn:aws:cloudwatch:{MockedAws.Region}:{MockedAws.AccountId}:alarm:ecs-refarch-prod-*"));
        });
    }

    [Test]
    public async Task A_configured_key_replaces_the_stacks_own_and_emails_are_subscribed()
    {
        const string Key = "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-4123-8123-123456789012";
        var run = await StackRun.SharedAsync("dev", c => c
            .With("alarmTopicKmsKeyArn", Key)
            .With("alarmEmails", """["oncall@example.com","platform@example.com"]"""));

        var subscriptions = run.Registered("aws:sns/topicSubscription:TopicSubscription").Select(s => PlannedInputs.ToJson(s.Inputs)).ToList();
        var topicArn = await run.OutputValue<string>(StackOutputs.AlarmTopicArn);

        Assert.Multiple(() =>
        {
            Assert.That((string?)Inputs(run, TopicType, "observability-alarms")["kmsMasterKeyId"], Is.EqualTo(Key));
            Assert.That(run.Registered("aws:kms/key:Key"), Is.Empty);
            Assert.That(subscriptions.Select(s => (string?)s["endpoint"]), Is.EquivalentTo(new[] { "oncall@example.com", "platform@example.com" }));
            Assert.That(subscriptions.Select(s => ((string?)s["protocol"], (string?)s["topic"])), Has.All.EqualTo(((string?)"email", (string?)topicArn)));
        });
    }

    [Test]
    public async Task Prod_services_deploy_canary_and_roll_back_on_their_own_alarms()
    {
        var run = await StackRun.SharedAsync("prod");
        var alarmNames = run.Registered(AlarmType).Select(a => (string)a.Inputs["name"]).ToHashSet();

        foreach (var service in new[] { "product-service", "website-service" })
        {
            var ecs = Inputs(run, EcsServiceType, $"{service}-ecs");
            var rollback = ecs["alarms"]!["alarmNames"]!.AsArray().Select(n => (string)n!).ToList();

            Assert.Multiple(() =>
            {
                Assert.That((string?)ecs["deploymentConfiguration"]!["strategy"], Is.EqualTo("CANARY"), service);
                Assert.That((double?)ecs["deploymentConfiguration"]!["canaryConfiguration"]!["canaryPercent"], Is.EqualTo(10));
                Assert.That((string?)ecs["deploymentConfiguration"]!["canaryConfiguration"]!["canaryBakeTimeInMinutes"], Is.EqualTo("10"));
                Assert.That((string?)ecs["deploymentConfiguration"]!["bakeTimeInMinutes"], Is.EqualTo("10"));
                Assert.That((bool?)ecs["alarms"]!["enable"], Is.True);
                Assert.That((bool?)ecs["alarms"]!["rollback"], Is.True);
                Assert.That(rollback, Is.EquivalentTo(new[]
                {
                    $"ecs-refarch-prod-{service}-tg-5xx-rate", $"ecs-refarch-prod-{service}-tg-unhealthy-hosts",
                    $"ecs-refarch-prod-{service}-alt-5xx-rate", $"ecs-refarch-prod-{service}-alt-unhealthy-hosts",
                }));
                Assert.That(alarmNames, Is.SupersetOf(rollback), "every rollback alarm is one the stack creates");
                Assert.That((bool?)ecs["deploymentCircuitBreaker"]!["rollback"], Is.True, "the circuit breaker stays");
            });
        }
    }

    [Test]
    public async Task Dev_services_roll_in_place_without_an_alternate_group_but_still_roll_back_on_alarms()
    {
        var run = await StackRun.SharedAsync("dev");
        var ecs = Inputs(run, EcsServiceType, "product-service-ecs");

        Assert.Multiple(() =>
        {
            Assert.That((string?)ecs["deploymentConfiguration"]!["strategy"], Is.EqualTo("ROLLING"));
            Assert.That(ecs["loadBalancers"]![0]!.AsObject().ContainsKey("advancedConfiguration"), Is.False);
            Assert.That(ecs["alarms"]!["alarmNames"]!.AsArray().Select(n => (string)n!), Is.EquivalentTo(new[]
            {
                "ecs-refarch-dev-product-service-tg-5xx-rate", "ecs-refarch-dev-product-service-tg-unhealthy-hosts",
            }));
            Assert.That(run.Registered("aws:lb/targetGroup:TargetGroup").Select(t => t.Name), Has.None.EndsWith("-alt"));
        });
    }

    [Test]
    public async Task The_production_rule_forwards_to_both_groups_and_ecs_shifts_with_a_role_scoped_to_them()
    {
        var run = await StackRun.SharedAsync("prod");
        var blue = await StackRun.Value(run.Single<Aws.LB.TargetGroup>("product-service-tg").Arn);
        var green = await StackRun.Value(run.Single<Aws.LB.TargetGroup>("product-service-alt").Arn);
        var rule = run.Single<Aws.LB.ListenerRule>("product-service-rule");
        var ruleArn = await StackRun.Value(rule.Arn);
        var roleArn = await StackRun.Value(run.Single<Aws.Iam.Role>("prod-product-service-shift").Arn);
        var ecs = Inputs(run, EcsServiceType, "product-service-ecs");
        var advanced = ecs["loadBalancers"]![0]!["advancedConfiguration"]!;
        var forward = Inputs(run, RuleType, "product-service-rule")["actions"]![0]!["forward"]!["targetGroups"]!.AsArray();
        var policy = JsonNode.Parse((string)run.Inputs(RolePolicyType, "product-service-traffic-shift")["policy"])!["Statement"]!.AsArray();
        string[] Resources(string sid) => [.. policy.Single(s => (string?)s!["Sid"] == sid)!["Resource"]!.AsArray().Select(r => (string)r!)];

        Assert.Multiple(() =>
        {
            Assert.That((string?)ecs["loadBalancers"]![0]!["targetGroupArn"], Is.EqualTo(blue));
            Assert.That((string?)advanced["alternateTargetGroupArn"], Is.EqualTo(green));
            Assert.That((string?)advanced["productionListenerRule"], Is.EqualTo(ruleArn));
            Assert.That((string?)advanced["roleArn"], Is.EqualTo(roleArn));
            Assert.That(forward.Select(t => ((string?)t!["arn"], (double?)t["weight"])), Is.EqualTo(new (string?, double?)[] { (blue, 100), (green, 0) }));
            Assert.That(Resources("MoveTasksBetweenTargetGroups"), Is.EquivalentTo(new[] { blue, green }));
            Assert.That(Resources("ShiftProductionTraffic"), Is.EqualTo(new[] { ruleArn }));
            Assert.That(Resources("ReadLoadBalancer"), Is.EqualTo(new[] { "*" }));
            Assert.That((string?)run.Inputs(RolePolicyType, "product-service-traffic-shift")["role"], Is.EqualTo($"prod-product-service-shift-{MockedAws.Suffix("prod-product-service-shift")}"));
        });
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task The_dashboard_plots_this_stacks_resources_and_its_url_is_an_output(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var dashboard = Inputs(run, "aws:cloudwatch/dashboard:Dashboard", "observability-dashboard");
        var body = JsonNode.Parse((string)dashboard["dashboardBody"]!)!;
        var values = body["widgets"]!.AsArray()
            .SelectMany(w => w!["properties"]!["metrics"]!.AsArray())
            .SelectMany(line => line!.AsArray().Skip(2).Where(n => n is JsonValue).Select(n => (string)n!))
            .ToHashSet();
        var clusterName = await run.OutputValue<string>(StackOutputs.ClusterName);
        var albSuffix = await StackRun.Value(run.Single<Aws.LB.LoadBalancer>($"{stack}-alb").ArnSuffix);
        var productService = await StackRun.Value(run.Single<ServiceComponent>("product-service").ServiceName);
        var url = await run.OutputValue<string>(StackOutputs.DashboardUrl);

        Assert.Multiple(() =>
        {
            Assert.That((string?)dashboard["dashboardName"], Is.EqualTo($"ecs-refarch-{stack}"));
            Assert.That(values, Is.SupersetOf(new[] { clusterName, albSuffix, productService }));
            Assert.That(url, Is.EqualTo($"https://{MockedAws.Region}.console.aws.amazon.com/cloudwatch/home?region={MockedAws.Region}#dashboards/dashboard/ecs-refarch-{stack}"));
        });
    }
}
