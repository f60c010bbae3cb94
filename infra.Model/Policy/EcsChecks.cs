using Infra.Model.Settings;

namespace Infra.Model.Policy;

internal sealed class E1ContainerInsights() : PolicyCheck(
    "E1",
    PolicyScope.EveryStack,
    "Container Insights",
    "Sees aws:ecs/cluster:Cluster settings: an entry { name: containerInsights, value: enabled | enhanced }.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.OfType(ResourceTypes.EcsCluster)
            .Where(c => !PlanJson.Array(c.Inputs["settings"]).Any(s =>
                PlanJson.Text(PlanJson.At(s, "name")) == "containerInsights" && PlanJson.Text(PlanJson.At(s, "value")) is "enabled" or "enhanced"))
            .Select(c => Flag(c, "settings.containerInsights", "add the cluster setting containerInsights = enabled"));
}

internal sealed class E2NoPrivileged() : PolicyCheck(
    "E2",
    PolicyScope.EveryStack,
    "no privileged containers",
    "Sees aws:ecs/taskDefinition:TaskDefinition containerDefinitions[].privileged (the JSON document, parsed).")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var task in plan.OfType(ResourceTypes.TaskDefinition))
        {
            var containers = PlanView.Containers(task);
            for (var i = 0; i < containers.Count; i++)
            {
                if (PlanJson.Bool(PlanJson.At(containers[i], "privileged")) == true)
                {
                    yield return Flag(task, PlanView.ContainerProperty(i, "privileged"), "do not run containers privileged");
                }
            }
        }
    }
}

internal sealed class E3ReadOnlyRoot() : PolicyCheck(
    "E3",
    PolicyScope.EveryStack,
    "read-only root file system where the image allows",
    "Sees containerDefinitions[].readonlyRootFilesystem. Cannot see what an image needs: a container is exempt when its "
    + "service is configured with readonlyRootFilesystem: false (the context's WritableRootContainers, matched on the "
    + "container's name, which is the service's).")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var task in plan.OfType(ResourceTypes.TaskDefinition))
        {
            var containers = PlanView.Containers(task);
            for (var i = 0; i < containers.Count; i++)
            {
                var name = PlanJson.Text(PlanJson.At(containers[i], "name")) ?? string.Empty;
                if (PlanJson.Bool(PlanJson.At(containers[i], "readonlyRootFilesystem")) != true && !context.WritableRootContainers.Contains(name))
                {
                    yield return Flag(task, PlanView.ContainerProperty(i, "readonlyRootFilesystem"), "set readonlyRootFilesystem = true, or configure the service with readonlyRootFilesystem: false if its image must write");
                }
            }
        }
    }
}

internal sealed class E4NoHostPidIpc() : PolicyCheck(
    "E4",
    PolicyScope.EveryStack,
    "no host PID/IPC",
    "Sees aws:ecs/taskDefinition:TaskDefinition pidMode and ipcMode; host is a violation, absent or task is not.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var task in plan.OfType(ResourceTypes.TaskDefinition))
        {
            foreach (var mode in new[] { "pidMode", "ipcMode" })
            {
                if (PlanJson.Text(task.Inputs[mode]) == "host")
                {
                    yield return Flag(task, mode, $"leave {mode} unset (or task): host shares the instance's namespace");
                }
            }
        }
    }
}

internal sealed class E5NoHostNetwork() : PolicyCheck(
    "E5",
    PolicyScope.EveryStack,
    "no host networking",
    "Sees aws:ecs/taskDefinition:TaskDefinition networkMode; host is a violation (bridge, awsvpc or absent pass).")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.OfType(ResourceTypes.TaskDefinition)
            .Where(t => PlanJson.Text(t.Inputs["networkMode"]) == "host")
            .Select(t => Flag(t, "networkMode", "use bridge with dynamic host ports (or awsvpc)"));
}

internal sealed class E6NoSecretsInEnvironment() : PolicyCheck(
    "E6",
    PolicyScope.EveryStack,
    "no secrets in plain environment (use secrets from SSM/Secrets Manager)",
    "Sees containerDefinitions[].environment[]: a variable named like a secret (PASSWORD, SECRET, TOKEN, API_KEY, "
    + "PRIVATE_KEY, CREDENTIAL, ACCESS_KEY) or whose value is key material. Cannot judge values that only look harmless.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var task in plan.OfType(ResourceTypes.TaskDefinition))
        {
            var containers = PlanView.Containers(task);
            for (var i = 0; i < containers.Count; i++)
            {
                foreach (var variable in PlanJson.Array(PlanJson.At(containers[i], "environment")))
                {
                    var name = PlanJson.Text(PlanJson.At(variable, "name")) ?? string.Empty;
                    var value = PlanJson.Text(PlanJson.At(variable, "value")) ?? string.Empty;
                    if (SecretPatterns.SecretName().IsMatch(name) || SecretPatterns.KeyMaterial().IsMatch(value))
                    {
                        yield return Flag(task, PlanView.ContainerProperty(i, $"environment.{name}"), "pass it in 'secrets' (valueFrom an SSM parameter or Secrets Manager ARN), not 'environment'");
                    }
                }
            }
        }
    }
}

internal sealed class E7LogsToOwnedGroup() : PolicyCheck(
    "E7",
    PolicyScope.EveryStack,
    "container logs to a log group the stack owns",
    "Sees containerDefinitions[].logConfiguration (logDriver awslogs, options.awslogs-group) and the planned "
    + "aws:cloudwatch/logGroup:LogGroup resources: the group must be one of them, by its name input (or namePrefix, or the "
    + "auto-name <logical name>-...). Cannot see groups created outside the stack, which is the point.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var groups = plan.OfType(ResourceTypes.LogGroup).ToList();
        bool Owned(string name) => groups.Any(g =>
            PlanJson.Text(g.Inputs["name"]) is { } fixedName ? fixedName == name
            : PlanJson.Text(g.Inputs["namePrefix"]) is { } prefix ? name.StartsWith(prefix, StringComparison.Ordinal)
            : name.StartsWith($"{g.Name}-", StringComparison.Ordinal));

        foreach (var task in plan.OfType(ResourceTypes.TaskDefinition))
        {
            var containers = PlanView.Containers(task);
            for (var i = 0; i < containers.Count; i++)
            {
                var log = PlanJson.At(containers[i], "logConfiguration");
                if (PlanJson.Text(PlanJson.At(log, "logDriver")) != "awslogs")
                {
                    yield return Flag(task, PlanView.ContainerProperty(i, "logConfiguration.logDriver"), "log with the awslogs driver to the service's log group");
                }
                else if (PlanJson.Text(PlanJson.At(log, "options.awslogs-group")) is not { } group || !Owned(group))
                {
                    yield return Flag(task, PlanView.ContainerProperty(i, "logConfiguration.options.awslogs-group"), "send logs to the log group the stack creates for the service (with its retention)");
                }
            }
        }
    }
}

internal sealed class E8TaskRoleNotExecutionRole() : PolicyCheck(
    "E8",
    PolicyScope.EveryStack,
    "task role ≠ execution role",
    "Sees aws:ecs/taskDefinition:TaskDefinition taskRoleArn and executionRoleArn (the mocks' role ARNs, built from each "
    + "role's name). When both are known they must differ. Cannot compare a role ARN unknown at plan time.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.OfType(ResourceTypes.TaskDefinition)
            .Where(t => PlanJson.Text(t.Inputs["taskRoleArn"]) is { } task && task == PlanJson.Text(t.Inputs["executionRoleArn"]))
            .Select(t => Flag(t, "taskRoleArn", "give the task its own role; the execution role (image pull, logs, secrets) is the agent's"));
}

internal sealed class E9ManagedTerminationAndDraining() : PolicyCheck(
    "E9",
    PolicyScope.EveryStack,
    "managed termination protection + managed draining",
    "Sees aws:ecs/capacityProvider:CapacityProvider autoScalingGroupProvider.managedTerminationProtection and "
    + ".managedDraining: both the string ENABLED (absent is reported: the rule asks for them explicitly). Cannot see the "
    + "auto scaling group's protectFromScaleIn pairing beyond its inputs.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var provider in plan.OfType(ResourceTypes.CapacityProvider).Where(p => p.Inputs["autoScalingGroupProvider"] is not null))
        {
            foreach (var field in new[] { "managedTerminationProtection", "managedDraining" })
            {
                if (PlanJson.Text(PlanJson.At(provider.Inputs, $"autoScalingGroupProvider.{field}")) != "ENABLED")
                {
                    yield return Flag(provider, $"autoScalingGroupProvider.{field}", $"set {field} = \"ENABLED\"");
                }
            }
        }
    }
}

internal sealed class E10CircuitBreaker() : PolicyCheck(
    "E10",
    PolicyScope.EveryStack,
    "deployment circuit breaker with rollback",
    "Sees aws:ecs/service:Service deploymentCircuitBreaker.enable and .rollback (both true). Services with an external or "
    + "CodeDeploy deployment controller are skipped (the breaker applies to ECS rolling deployments).")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var service in plan.OfType(ResourceTypes.EcsService))
        {
            if ((PlanJson.Text(PlanJson.At(service.Inputs, "deploymentController.type")) ?? "ECS") != "ECS")
            {
                continue;
            }

            foreach (var field in new[] { "enable", "rollback" })
            {
                if (PlanJson.Bool(PlanJson.At(service.Inputs, $"deploymentCircuitBreaker.{field}")) != true)
                {
                    yield return Flag(service, $"deploymentCircuitBreaker.{field}", $"set deploymentCircuitBreaker.{field} = true");
                }
            }
        }
    }
}
