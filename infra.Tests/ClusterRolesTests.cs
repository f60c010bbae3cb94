using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Components;
using Aws = Pulumi.Aws;

namespace Infra.Tests;

/// <summary>The ClusterRoles component under the mocked engine: trust policies, attached policies, secrets access.</summary>
public class ClusterRolesTests
{
    private const string RoleType = "aws:iam/role:Role";
    private const string AttachmentType = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    private const string InlineType = "aws:iam/rolePolicy:RolePolicy";
    private const string SsmParameter = "arn:aws:ssm:us-east-1:123456789012:parameter/ecs-refarch/dev/db-password";
    private const string Secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecs-refarch/dev/api-key-AbCdEf";

    private static readonly string[] TaskRoles = ["dev-product-service-task", "dev-website-service-task"];

    private static JsonElement[] Statements(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("Statement").EnumerateArray().Select(s => s.Clone())];
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>The one service principal a role's trust policy names (I5), read from the JSON the engine received.</summary>
    private static string TrustedService(StackRun run, string role)
    {
        var statement = Statements((string)run.Inputs(RoleType, role)["assumeRolePolicy"]).Single();
        Assert.That(Strings(statement, "Action"), Is.EqualTo(new[] { "sts:AssumeRole" }), role);
        Assert.That(statement.GetProperty("Principal").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "Service" }), role);
        return Strings(statement.GetProperty("Principal"), "Service").Single();
    }

    private static async Task<string> RoleName(StackRun run, string role) =>
        await StackRun.Value(run.Single<Aws.Iam.Role>(role).Name);

    private static async Task<string[]> AttachedPolicies(StackRun run, string role)
    {
        var name = await RoleName(run, role);
        return [.. run.Registered(AttachmentType).Where(a => (string)a.Inputs["role"] == name).Select(a => (string)a.Inputs["policyArn"])];
    }

    private static async Task<string[]> InlinePolicies(StackRun run, string role)
    {
        var name = await RoleName(run, role);
        return [.. run.Registered(InlineType).Where(p => (string)p.Inputs["role"] == name).Select(p => (string)p.Inputs["policy"])];
    }

    private static void GiveServicesSecrets(TestConfig config)
    {
        var services = JsonNode.Parse(config.Values[ConfigKeys.Full(ConfigKeys.Services)])!.AsArray();
        services[0]!["secrets"] = new JsonObject { ["DB_PASSWORD"] = SsmParameter };
        services[1]!["secrets"] = new JsonObject { ["API_KEY"] = Secret, ["DB_PASSWORD"] = SsmParameter };
        config.With("services", services.ToJsonString());
    }

    [Test]
    public async Task Instance_role_is_for_EC2_with_the_container_instance_SSM_and_CloudWatch_agent_policies()
    {
        var run = await StackRun.SharedAsync("dev");
        var profile = run.Inputs("aws:iam/instanceProfile:InstanceProfile", "roles-instance-profile");
        var roles = run.Single<ClusterRoles>("roles");

        Assert.That(TrustedService(run, "dev-instance"), Is.EqualTo("ec2.amazonaws.com"));
        Assert.That(await AttachedPolicies(run, "dev-instance"), Is.EquivalentTo(new[]
        {
            "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
        }));
        Assert.That(await InlinePolicies(run, "dev-instance"), Is.Empty, "no inline ECS/ECR actions on * as in the reference");
        Assert.That(profile["role"], Is.EqualTo(await RoleName(run, "dev-instance")));
        Assert.That(await StackRun.Value(roles.InstanceProfileArn), Is.EqualTo(await StackRun.Value(run.Single<Aws.Iam.InstanceProfile>("roles-instance-profile").Arn)));
        Assert.That(await StackRun.Value(roles.InstanceRoleArn), Is.EqualTo(await StackRun.Value(run.Single<Aws.Iam.Role>("dev-instance").Arn)));
    }

    [Test]
    public async Task Execution_role_is_for_ECS_tasks_with_only_the_execution_policy_when_no_service_has_secrets()
    {
        var run = await StackRun.SharedAsync("dev");

        Assert.That(TrustedService(run, "dev-execution"), Is.EqualTo("ecs-tasks.amazonaws.com"));
        Assert.That(await AttachedPolicies(run, "dev-execution"), Is.EqualTo(new[]
        {
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        }));
        Assert.That(await InlinePolicies(run, "dev-execution"), Is.Empty);
    }

    [Test]
    public async Task E6_secrets_let_the_execution_role_read_exactly_the_referenced_parameters_and_secrets()
    {
        var run = await StackRun.SharedAsync("dev", GiveServicesSecrets);

        var statements = Statements((await InlinePolicies(run, "dev-execution")).Single());

        Assert.That(statements.Select(s => (Strings(s, "Action").Single(), string.Join(",", Strings(s, "Resource")))), Is.EquivalentTo(new[]
        {
            ("ssm:GetParameters", SsmParameter),
            ("secretsmanager:GetSecretValue", Secret),
        }));
        Assert.That(statements.Select(s => s.GetProperty("Effect").GetString()), Has.All.EqualTo("Allow"));
    }

    [Test]
    public async Task E8_each_service_has_its_own_empty_task_role_apart_from_the_execution_role()
    {
        var run = await StackRun.SharedAsync("dev", GiveServicesSecrets);
        var roles = run.Single<ClusterRoles>("roles");
        var executionArn = await StackRun.Value(roles.ExecutionRoleArn);

        foreach (var (service, role) in new[] { ("product-service", "dev-product-service-task"), ("website-service", "dev-website-service-task") })
        {
            var arn = await StackRun.Value(run.Single<Aws.Iam.Role>(role).Arn);

            Assert.That(TrustedService(run, role), Is.EqualTo("ecs-tasks.amazonaws.com"), role);
            Assert.That(await AttachedPolicies(run, role), Is.Empty, role);
            Assert.That(await InlinePolicies(run, role), Is.Empty, "secrets are the execution role's, not the task's");
            Assert.That(await StackRun.Value(roles.TaskRoleArn(service)), Is.EqualTo(arn).And.Not.EqualTo(executionArn));
        }

        Assert.That((await StackRun.Value(roles.TaskRoleArns)).Keys, Is.EquivalentTo(new[] { "product-service", "website-service" }));
    }

    [Test]
    public async Task No_legacy_ECS_service_role_is_created()
    {
        var run = await StackRun.SharedAsync("prod");

        // The canary services' traffic-shift roles trust ECS too, but only to move their own targets and rule weights.
        var shiftRoles = new[] { "prod-product-service-shift", "prod-website-service-shift" };
        var principals = run.Registered(RoleType).Where(r => !shiftRoles.Contains(r.Name!)).Select(r => TrustedService(run, r.Name!)).ToList();

        Assert.That(principals, Has.None.EqualTo("ecs.amazonaws.com"));
        Assert.That(run.Registered("aws:iam/rolePolicyAttachment:RolePolicyAttachment").Select(a => (string)a.Inputs["role"]), Has.None.StartsWith("prod-product-service-shift").And.None.StartsWith("prod-website-service-shift"), "no managed policy (the legacy AmazonEC2ContainerServiceRole) on them");
    }

    [Test]
    public async Task Every_child_is_parented_to_the_roles_component()
    {
        var run = await StackRun.SharedAsync("dev", GiveServicesSecrets);

        var children = new[] { "dev-instance", "dev-execution" }.Concat(TaskRoles).Select(n => (Resource)run.Single<Aws.Iam.Role>(n))
            .Append(run.Single<Aws.Iam.InstanceProfile>("roles-instance-profile"))
            .Concat(run.All<Aws.Iam.RolePolicyAttachment>().Where(a => a.GetResourceName().StartsWith("roles-", StringComparison.Ordinal)))
            .Append(run.Single<Aws.Iam.RolePolicy>("roles-execution-inline"))
            .ToList();

        Assert.That(children, Has.Some.InstanceOf<Aws.Iam.RolePolicyAttachment>());
        Assert.That(children.Select(run.ParentOf), Has.All.EqualTo("roles"));
    }
}
