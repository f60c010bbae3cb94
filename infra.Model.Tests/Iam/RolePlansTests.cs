using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Model.Iam;

namespace Infra.Model.Tests.Iam;

public class RolePlansTests
{
    private const string SsmA = "arn:aws:ssm:us-east-1:123456789012:parameter/app/db-password";
    private const string SsmB = "arn:aws:ssm:us-east-1:123456789012:parameter/app/api-token";
    private const string Secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-key-AbCdEf";

    private static StackSettings WithSecrets(params (int Service, string Name, string Arn)[] secrets)
    {
        var services = JsonNode.Parse(StackFiles.Raw("dev")["ecs-refarch:services"])!.AsArray();
        foreach (var (service, name, arn) in secrets)
        {
            var map = services[service]!["secrets"] as JsonObject ?? [];
            map[name] = arn;
            services[service]!["secrets"] = map;
        }

        return RawConfig.From("dev").With("services", services.ToJsonString()).Load();
    }

    private static IEnumerable<RolePlan> AllRoles(StackSettings settings)
    {
        var cluster = RolePlans.Cluster(settings);
        return [cluster.Instance, cluster.Execution, .. cluster.TaskRoles.Values, RolePlans.FlowLogs(settings.Stack)];
    }

    /// <summary>The statements of a policy, parsed back from the JSON that reaches AWS.</summary>
    private static JsonElement[] Statements(PolicyDocument document)
    {
        using var json = JsonDocument.Parse(document.ToJson());
        Assert.That(json.RootElement.GetProperty("Version").GetString(), Is.EqualTo("2012-10-17"));
        return [.. json.RootElement.GetProperty("Statement").EnumerateArray().Select(s => s.Clone())];
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    [TestCase("instance", ServicePrincipals.Ec2)]
    [TestCase("execution", ServicePrincipals.EcsTasks)]
    [TestCase("product-service-task", ServicePrincipals.EcsTasks)]
    [TestCase("website-service-task", ServicePrincipals.EcsTasks)]
    [TestCase("flow-logs", ServicePrincipals.VpcFlowLogs)]
    public void I5_each_trust_policy_names_exactly_one_service_principal(string role, string principal)
    {
        var plan = AllRoles(StackFiles.Settings("dev")).Single(r => r.Name == $"dev-{role}");

        var statement = Statements(plan.TrustPolicy).Single();

        Assert.That(statement.GetProperty("Effect").GetString(), Is.EqualTo("Allow"));
        Assert.That(Strings(statement, "Action"), Is.EqualTo(new[] { "sts:AssumeRole" }));
        var principals = statement.GetProperty("Principal").EnumerateObject().ToList();
        Assert.That(principals.Select(p => p.Name), Is.EqualTo(new[] { "Service" }));
        Assert.That(Strings(statement.GetProperty("Principal"), "Service"), Is.EqualTo(new[] { principal }));
        Assert.That(statement.TryGetProperty("Resource", out _), Is.False, "a trust policy names no resource");
    }

    [Test]
    public void No_role_trusts_the_legacy_ECS_service_principal()
    {
        var principals = AllRoles(StackFiles.Settings("prod")).Select(r => r.ServicePrincipal);

        Assert.That(principals, Has.None.EqualTo("ecs.amazonaws.com"));
    }

    [TestCase("aws")]
    [TestCase("aws-us-gov")]
    public void Managed_policy_ARNs_are_built_from_the_partition(string partition)
    {
        var cluster = RolePlans.Cluster(StackFiles.Settings("dev"));

        Assert.That(cluster.Instance.ManagedPolicyArns(partition), Is.EqualTo(new[]
        {
            $"arn:{partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
            $"arn:{partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
            $"arn:{partition}:iam::aws:policy/CloudWatchAgentServerPolicy",
        }));
        Assert.That(cluster.Execution.ManagedPolicyArns(partition), Is.EqualTo(new[]
        {
            $"arn:{partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        }));
    }

    [Test]
    public void I6_no_role_gets_an_admin_or_power_user_policy()
    {
        var paths = AllRoles(StackFiles.Settings("prod")).SelectMany(r => r.ManagedPolicies).Select(p => p.Path);

        Assert.That(paths, Has.None.Matches<string>(p => p!.Contains("Administrator", StringComparison.Ordinal) || p.Contains("PowerUser", StringComparison.Ordinal) || p.Contains("FullAccess", StringComparison.Ordinal)));
    }

    [Test]
    public void Flow_logs_get_the_documented_minimum_each_on_the_narrowest_resource_it_takes()
    {
        const string group = "arn:aws:logs:us-east-1:123456789012:log-group:/vpc/ecs-refarch/dev/flow-logs";

        var statements = Statements(RolePlans.FlowLogsPolicy(group));
        var granted = statements.SelectMany(s => Strings(s, "Action").Select(a => (Action: a, Resources: Strings(s, "Resource"))))
            .ToDictionary(g => g.Action, g => g.Resources);

        Assert.Multiple(() =>
        {
            Assert.That(statements.Select(s => s.GetProperty("Effect").GetString()), Is.All.EqualTo("Allow"));

            // The VPC guide's minimum for delivery to CloudWatch Logs, nothing more.
            Assert.That(granted.Keys, Is.EquivalentTo(new[] { "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams" }));
            foreach (var action in new[] { "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams" })
            {
                Assert.That(granted[action], Is.EqualTo(new[] { group, $"{group}:log-stream:*" }), action);
            }

            // A list action with no resource-level permissions: "*" is all it takes, and it reads names only.
            Assert.That(granted["logs:DescribeLogGroups"], Is.EqualTo(new[] { "*" }));
        });
    }

    [Test]
    public void The_flow_logs_role_trusts_only_flow_logs_of_its_own_account_and_region()
    {
        var plan = RolePlans.FlowLogs("dev", new AccountScope("aws-us-gov", "us-gov-west-1", "123456789012"));

        var statement = Statements(plan.TrustPolicy).Single();
        var condition = statement.GetProperty("Condition");

        Assert.Multiple(() =>
        {
            Assert.That(Strings(statement.GetProperty("Principal"), "Service"), Is.EqualTo(new[] { "vpc-flow-logs.amazonaws.com" }));
            Assert.That(Strings(condition.GetProperty("StringEquals"), "aws:SourceAccount"), Is.EqualTo(new[] { "123456789012" }));
            Assert.That(Strings(condition.GetProperty("ArnLike"), "aws:SourceArn"), Is.EqualTo(new[] { "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc-flow-log/*" }));
            Assert.That(Statements(RolePlans.FlowLogs("dev").TrustPolicy).Single().TryGetProperty("Condition", out _), Is.False, "offline, without the account, no condition is invented");
        });
    }

    [Test]
    public void I1_I2_I4_no_wildcard_actions_and_wildcard_resources_only_for_star_only_actions()
    {
        var settings = WithSecrets((0, "DB_PASSWORD", SsmA), (1, "API_KEY", Secret));
        var documents = new[] { RolePlans.FlowLogsPolicy("arn:aws:logs:us-east-1:123456789012:log-group:g"), RolePlans.Cluster(settings).Execution.InlinePolicy! };

        var statements = documents.SelectMany(Statements).ToList();

        Assert.That(statements.SelectMany(s => Strings(s, "Action")), Has.None.Contains("*"));
        Assert.That(
            statements.Where(s => Strings(s, "Resource").Contains("*")).SelectMany(s => Strings(s, "Action")),
            Is.EqualTo(new[] { "logs:DescribeLogGroups" }),
            "only the action that takes no resource ARN");
    }

    [Test]
    public void Without_secrets_the_execution_role_has_no_inline_policy()
    {
        var cluster = RolePlans.Cluster(StackFiles.Settings("prod"));

        Assert.That(cluster.Execution.InlinePolicy, Is.Null);
    }

    [Test]
    public void Secrets_let_the_execution_role_read_exactly_the_referenced_parameters_and_secrets()
    {
        var settings = WithSecrets((0, "DB_PASSWORD", SsmA), (1, "API_TOKEN", SsmB), (1, "API_KEY", Secret), (1, "DB_PASSWORD", SsmA));

        var statements = Statements(RolePlans.Cluster(settings).Execution.InlinePolicy!);

        Assert.That(statements, Has.Length.EqualTo(2));
        Assert.That(Strings(statements[0], "Action"), Is.EqualTo(new[] { "ssm:GetParameters" }));
        Assert.That(Strings(statements[0], "Resource"), Is.EqualTo(new[] { SsmB, SsmA }));
        Assert.That(Strings(statements[1], "Action"), Is.EqualTo(new[] { "secretsmanager:GetSecretValue" }));
        Assert.That(Strings(statements[1], "Resource"), Is.EqualTo(new[] { Secret }));
    }

    [Test]
    public void Only_the_kind_of_secret_referenced_gets_a_statement()
    {
        var settings = WithSecrets((0, "DB_PASSWORD", SsmA));

        var statement = Statements(RolePlans.Cluster(settings).Execution.InlinePolicy!).Single();

        Assert.That(Strings(statement, "Action"), Is.EqualTo(new[] { "ssm:GetParameters" }));
        Assert.That(Strings(statement, "Resource"), Is.EqualTo(new[] { SsmA }));
    }

    [Test]
    public void A_secret_reference_with_a_JSON_key_is_authorised_on_the_secret_itself()
    {
        var settings = WithSecrets((0, "DB_USER", $"{Secret}:username::"), (1, "DB_PASSWORD", $"{Secret}:password:AWSCURRENT:"));

        var statement = Statements(RolePlans.Cluster(settings).Execution.InlinePolicy!).Single();

        Assert.That(Strings(statement, "Resource"), Is.EqualTo(new[] { Secret }));
    }

    [Test]
    public void Task_roles_one_per_service_empty_and_never_the_execution_role()
    {
        var cluster = RolePlans.Cluster(StackFiles.Settings("dev"));

        Assert.That(cluster.TaskRoles.Keys, Is.EquivalentTo(new[] { "product-service", "website-service" }));
        Assert.That(cluster.TaskRoles["product-service"].Name, Is.EqualTo("dev-product-service-task"));
        Assert.That(cluster.TaskRoles.Values, Has.All.Matches<RolePlan>(r => r!.ManagedPolicies.Count == 0 && r.InlinePolicy is null));
        Assert.That(cluster.TaskRoles.Values.Select(r => r.Name), Has.None.EqualTo(cluster.Execution.Name));
    }

    [Test]
    public void Role_names_leave_room_for_the_auto_name_suffix()
    {
        var names = AllRoles(StackFiles.Settings("prod")).Select(r => r.Name).ToList();

        Assert.That(names, Has.All.Length.LessThanOrEqualTo(64 - 8));
        Assert.That(names, Is.Unique);
    }
}
