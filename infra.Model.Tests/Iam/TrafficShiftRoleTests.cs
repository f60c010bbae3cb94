using System.Text.Json.Nodes;
using Infra.Model.Iam;
using Infra.Model.Observability;

namespace Infra.Model.Tests.Iam;

/// <summary>The traffic-shift role and the alarm topic's policies, as the documents AWS receives.</summary>
public class TrafficShiftRoleTests
{
    private const string Blue = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/product-service-tg-1/2";
    private const string Green = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/product-service-alt-1/3";
    private const string Rule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/prod-alb/1/2/3";

    private static JsonArray Statements(PolicyDocument document) => JsonNode.Parse(document.ToJson())!["Statement"]!.AsArray();

    private static JsonNode Statement(PolicyDocument document, string sid) => Statements(document).Single(s => (string?)s!["Sid"] == sid)!;

    private static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => (string)n!)];

    [Test]
    public void Ecs_assumes_the_role_and_nothing_else_does()
    {
        var trust = JsonNode.Parse(TrafficShiftRole.For("prod", "product-service").TrustPolicy.ToJson())!["Statement"]!.AsArray().Single()!;

        Assert.Multiple(() =>
        {
            Assert.That(Strings(trust["Principal"]!["Service"]), Is.EqualTo(new[] { "ecs.amazonaws.com" }));
            Assert.That(Strings(trust["Action"]), Is.EqualTo(new[] { "sts:AssumeRole" }));
            Assert.That(TrafficShiftRole.For("prod", "product-service").Name, Is.EqualTo("prod-product-service-shift"));
        });
    }

    [Test]
    public void Targets_move_only_between_the_services_two_groups_and_only_its_rule_changes_weights()
    {
        var policy = TrafficShiftRole.Policy([Blue, Green], Rule);

        Assert.Multiple(() =>
        {
            Assert.That(Strings(Statement(policy, "MoveTasksBetweenTargetGroups")["Action"]), Is.EquivalentTo(new[] { "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets" }));
            Assert.That(Strings(Statement(policy, "MoveTasksBetweenTargetGroups")["Resource"]), Is.EqualTo(new[] { Blue, Green }));
            Assert.That(Strings(Statement(policy, "ShiftProductionTraffic")["Action"]), Is.EqualTo(new[] { "elasticloadbalancing:ModifyRule" }));
            Assert.That(Strings(Statement(policy, "ShiftProductionTraffic")["Resource"]), Is.EqualTo(new[] { Rule }));
        });
    }

    [Test]
    public void Only_describe_actions_get_every_resource_and_nothing_outside_the_managed_policys_list()
    {
        var policy = TrafficShiftRole.Policy([Blue, Green], Rule);
        var statements = Statements(policy);
        string[] documented =
        [
            "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
            "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule",
        ];

        Assert.Multiple(() =>
        {
            Assert.That(statements.SelectMany(s => Strings(s!["Action"])), Has.All.Matches<string>(a => documented.Contains(a)));
            Assert.That(statements.Where(s => Strings(s!["Resource"]).Contains("*")).SelectMany(s => Strings(s!["Action"])), Has.All.StartWith("elasticloadbalancing:Describe"));
            Assert.That(statements.SelectMany(s => Strings(s!["Action"])), Has.None.EqualTo("elasticloadbalancing:ModifyListener"), "the shared listener is never changed");
        });
    }

    [Test]
    public void The_topic_lets_cloudwatch_publish_for_this_stacks_alarms_only()
    {
        var pattern = AlarmTopicPolicies.AlarmArnPattern("aws", "us-east-1", "123456789012", "ecs-refarch", "prod");
        var statement = Statements(AlarmTopicPolicies.TopicPolicy("arn:aws:sns:us-east-1:123456789012:alarms", pattern, "123456789012")).Single()!;

        Assert.Multiple(() =>
        {
            Assert.That(pattern, Is.EqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:ecs-refarch-prod-*"));
            Assert.That(Strings(statement["Principal"]!["Service"]), Is.EqualTo(new[] { "cloudwatch.amazonaws.com" }));
            Assert.That(Strings(statement["Action"]), Is.EqualTo(new[] { "sns:Publish" }));
            Assert.That(Strings(statement["Resource"]), Is.EqualTo(new[] { "arn:aws:sns:us-east-1:123456789012:alarms" }));
            Assert.That(Strings(statement["Condition"]!["ArnLike"]!["aws:SourceArn"]), Is.EqualTo(new[] { pattern }));
            Assert.That(Strings(statement["Condition"]!["StringEquals"]!["aws:SourceAccount"]), Is.EqualTo(new[] { "123456789012" }));
        });
    }

    [Test]
    public void The_topics_key_lets_cloudwatch_encrypt_what_it_publishes_and_the_account_administer_it()
    {
        var key = AlarmTopicPolicies.KeyPolicy("aws-us-gov", "123456789012");

        Assert.Multiple(() =>
        {
            Assert.That(Strings(Statement(key, "CloudWatchAlarmsUseKey")["Principal"]!["Service"]), Is.EqualTo(new[] { "cloudwatch.amazonaws.com" }));
            Assert.That(Strings(Statement(key, "CloudWatchAlarmsUseKey")["Action"]), Is.EquivalentTo(new[] { "kms:Decrypt", "kms:GenerateDataKey*" }));
            Assert.That(Strings(Statement(key, "AccountAdministersKey")["Principal"]!["AWS"]), Is.EqualTo(new[] { "arn:aws-us-gov:iam::123456789012:root" }));
        });
    }
}
