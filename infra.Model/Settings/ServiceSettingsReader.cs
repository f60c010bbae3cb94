using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Model.LoadBalancing;
using Infra.Model.Naming;
using Infra.Model.Services;

namespace Infra.Model.Settings;

/// <summary>Reads the <c>services</c> list: one object per service, every field typed and range-checked.</summary>
internal static partial class ServiceSettingsReader
{
    public const string ReferenceRegistry = "275396840892.dkr.ecr.us-east-1.amazonaws.com/ecs-refarch-cloudformation";

    /// <summary>The reference's two services, used when a stack file lists none.</summary>
    public static readonly string ReferenceServicesJson = JsonSerializer.Serialize(new object[]
    {
        new
        {
            name = "product-service",
            image = $"{ReferenceRegistry}/product-service:1.0.0",
            containerPort = 8001,
            pathPattern = "/products",
            cpu = 128,
            memory = 128,
            desiredCount = 2,
            minCount = 2,
            maxCount = 4,
        },
        new
        {
            name = "website-service",
            image = $"{ReferenceRegistry}/website-service:1.0.0",
            containerPort = 8000,
            pathPattern = "/",
            cpu = 128,
            memory = 128,
            desiredCount = 2,
            minCount = 2,
            maxCount = 3,
            serviceUrlEnvironment = new Dictionary<string, string> { ["PRODUCT_SERVICE_URL"] = "product-service" },
        },
    });

    [GeneratedRegex("^[a-z][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex ServiceName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex("^arn:aws[a-z-]*:(ssm:[a-z0-9-]+:\\d{12}:parameter/.+|secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+)$")]
    private static partial Regex SecretArn();

    [GeneratedRegex("^200(-[2-4][0-9]{2})?$|^[2-4][0-9]{2}(,[2-4][0-9]{2})*$|^[2-4][0-9]{2}-[2-4][0-9]{2}$")]
    private static partial Regex Matcher();

    public const int MaxServiceNameLength = 21;
    private const string SecretAllowed = "an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/...) or a Secrets Manager ARN (arn:aws:secretsmanager:<region>:<account>:secret:...)";

    /// <summary>
    /// The services that could be read, each with its position in the configured list: a service with problems is
    /// left out, so later checks must name keys by that position, not by their index here.
    /// </summary>
    public static IReadOnlyList<(int Position, ServiceSettings Service)> Read(ConfigReader reader, EnvironmentKind kind = EnvironmentKind.Dev)
    {
        var key = ConfigKeys.Full(ConfigKeys.Services);
        var text = reader.Raw(key) ?? ReferenceServicesJson;
        if (reader.ParseJson(key, text) is not { } json)
        {
            return [];
        }

        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0)
        {
            reader.Fail(key, text, "not a non-empty list of services", "a YAML list of service maps (name, image, containerPort, pathPattern, ...)");
            return [];
        }

        var services = new List<(int, ServiceSettings)>();
        var position = 0;
        foreach (var element in json.EnumerateArray())
        {
            var path = ConfigKeys.ServiceKey(position);
            if (element.ValueKind != JsonValueKind.Object)
            {
                reader.Fail(path, JsonObjectReader.Text(element), "not a service map", "a map with name, image, containerPort, pathPattern, ...");
            }
            else if (ReadOne(new JsonObjectReader(element, path, reader), reader, kind) is { } service)
            {
                services.Add((position, service));
            }

            position++;
        }

        return services;
    }

    private static ServiceSettings? ReadOne(JsonObjectReader o, ConfigReader reader, EnvironmentKind kind)
    {
        var before = reader.Errors.Count;

        var name = o.String("name", required: true, allowed: $"lowercase letters, digits and inner hyphens, 2 to {MaxServiceNameLength} characters");
        if (name is not null && (name.Length > MaxServiceNameLength || !ServiceName().IsMatch(name)))
        {
            reader.Fail(o.KeyOf("name"), name, "not a usable service name (it names the ECS service, container, target group and roles)", $"lowercase letters, digits and inner hyphens, 2 to {MaxServiceNameLength} characters");
        }

        var image = o.String("image", required: true, allowed: "a container image reference, e.g. <registry>/<repository>:<tag>");
        if (image is not null && (image.Any(char.IsWhiteSpace) || image.Length > 255))
        {
            reader.Fail(o.KeyOf("image"), image, "not an image reference", "a container image reference without spaces, at most 255 characters");
        }
        else if (image is not null && ImageReference.Problem(image) is { } imageProblem)
        {
            reader.Fail(o.KeyOf("image"), image, imageProblem, ImageReference.Allowed);
        }

        var port = o.Int("containerPort", 1, 65535, required: true);
        var pathPattern = o.String("pathPattern", required: true, allowed: "a path pattern starting with '/'");
        var priority = o.Int("priority", 1, 50000);

        var health = o.Object("healthCheck");
        var healthPath = health?.String("path") ?? DefaultHealthPath(pathPattern);
        if (!healthPath.StartsWith('/') || healthPath.Length > 1024)
        {
            reader.Fail(health?.KeyOf("path") ?? o.KeyOf("healthCheck.path"), healthPath, "not a health-check path", "a path starting with '/', at most 1024 characters");
        }

        var matcher = health?.String("matcher") ?? "200-299";
        if (!Matcher().IsMatch(matcher))
        {
            reader.Fail(health!.KeyOf("matcher"), matcher, "not an HTTP status matcher", "codes from 200 to 499: a code, a list (200,202) or a range (200-299)");
        }

        // Tasks listen on dynamic host ports (bridge mode, host port 0): only the port the target group sends traffic
        // to reaches the container, so a fixed health-check port would never match containerPort.
        if (health?.Scalar("port") is { } healthPort && healthPort != TargetGroupSpec.TrafficPort)
        {
            reader.Fail(health.KeyOf("port"), healthPort, $"a fixed port; tasks get dynamic host ports, so it would not reach containerPort {port}", $"{TargetGroupSpec.TrafficPort} (the default: the port the target group routes to the container)");
        }

        var healthCheck = new HealthCheckSettings(
            healthPath,
            matcher,
            health?.IntOr("intervalSeconds", 10, 5, 300) ?? 10,
            health?.IntOr("timeoutSeconds", 5, 2, 120) ?? 5,
            health?.IntOr("healthyThreshold", 2, 2, 10) ?? 2,
            health?.IntOr("unhealthyThreshold", 3, 2, 10) ?? 3);
        if (healthCheck.TimeoutSeconds >= healthCheck.IntervalSeconds)
        {
            // Only reachable with a healthCheck map: the defaults (5 s in 10 s) are in order.
            reader.Fail(health!.KeyOf("timeoutSeconds"), healthCheck.TimeoutSeconds.ToString(CultureInfo.InvariantCulture), $"not shorter than the interval ({healthCheck.IntervalSeconds} s)", $"fewer seconds than healthCheck.intervalSeconds ({healthCheck.IntervalSeconds})");
        }

        health?.RejectUnknownFields();

        var cpu = o.IntOr("cpu", 128, 2, 196608);
        var memory = o.IntOr("memory", 128, 6, 1048576);
        var memoryReservation = o.Int("memoryReservation", 6, 1048576);
        if (memoryReservation >= memory)
        {
            // RegisterTaskDefinition: "If you specify both, memory must be greater than memoryReservation."
            reader.Fail(o.KeyOf("memoryReservation"), memoryReservation.ToString(), "not below the hard memory limit", $"less than memory ({memory} MiB), or leave memoryReservation out");
        }

        var desired = o.IntOr("desiredCount", 2, 0, 5000);
        var min = o.IntOr("minCount", desired, 0, 5000);
        var max = o.IntOr("maxCount", Math.Max(desired, min) * 2, 1, 5000);
        if (min > max)
        {
            reader.Fail(o.KeyOf("minCount"), min.ToString(), $"above maxCount ({max})", $"at most maxCount ({max})");
        }
        else if (desired < min || desired > max)
        {
            reader.Fail(o.KeyOf("desiredCount"), desired.ToString(), $"outside [minCount, maxCount] = [{min}, {max}]", $"from {min} to {max}");
        }

        var environment = o.StringMap("environment");
        foreach (var (envName, envValue) in environment)
        {
            if (!EnvName().IsMatch(envName))
            {
                reader.Fail($"{o.KeyOf("environment")}.{envName}", envValue, "not an environment variable name", "letters, digits and underscores, not starting with a digit");
            }
            else if (envValue.Length == 0)
            {
                reader.Fail($"{o.KeyOf("environment")}.{envName}", envValue, "empty: ECS drops empty variables, so every update would show a change", "a non-empty value, or leave the variable out");
            }
            else if (SecretPatterns.SecretName().IsMatch(envName))
            {
                reader.Fail($"{o.KeyOf("environment")}.{envName}", "(value withheld)", "looks like a secret given as a plain environment value", $"move it to 'secrets' as {SecretAllowed}");
            }
        }

        var urlEnvironment = ReadServiceUrls(o, reader);
        var secrets = o.StringMap("secrets");
        foreach (var (secretName, reference) in secrets)
        {
            if (!EnvName().IsMatch(secretName))
            {
                reader.Fail($"{o.KeyOf("secrets")}.{secretName}", reference, "not an environment variable name", "letters, digits and underscores, not starting with a digit");
            }

            if (!SecretArn().IsMatch(reference))
            {
                reader.Fail($"{o.KeyOf("secrets")}.{secretName}", reference.StartsWith("arn:", StringComparison.Ordinal) ? reference : "(value withheld)", "not a reference to a stored secret (values never go in configuration)", SecretAllowed);
            }
        }

        foreach (var overlap in environment.Keys.Intersect(secrets.Keys).Concat(urlEnvironment.Keys.Intersect(environment.Keys.Concat(secrets.Keys))))
        {
            reader.Fail($"{o.KeyOf("environment")}.{overlap}", overlap, "set more than once (environment, serviceUrlEnvironment, secrets)", "each variable name in one of them only");
        }

        var readonlyRoot = o.Bool("readonlyRootFilesystem") ?? true;

        var scaling = o.Object("scaling");
        var scalingSettings = new ScalingSettings(
            scaling?.IntOr("cpuTargetPercent", 70, 10, 95) ?? 70,
            RequestsPerTarget(scaling),
            scaling?.IntOr("scaleInCooldownSeconds", 300, 0, 3600) ?? 300,
            scaling?.IntOr("scaleOutCooldownSeconds", 60, 0, 3600) ?? 60);
        scaling?.RejectUnknownFields();

        var minHealthy = o.IntOr("minimumHealthyPercent", 100, 0, 100);
        var maxPercent = o.IntOr("maximumPercent", 200, 100, 200);
        if (minHealthy >= maxPercent)
        {
            reader.Fail(o.KeyOf("minimumHealthyPercent"), minHealthy.ToString(), $"not below maximumPercent ({maxPercent}), so a deployment could never start a new task", $"less than maximumPercent ({maxPercent})");
        }

        if (maxPercent < ServicePlacement.RebalancingMinimumMaximumPercent)
        {
            // CreateService rejects AZ rebalancing with maximumPercent 100: it starts a task before it stops one.
            reader.Fail(o.KeyOf("maximumPercent"), maxPercent.ToString(CultureInfo.InvariantCulture), "leaves no room for ECS Availability Zone rebalancing (on for every service), which starts a task in the emptier AZ before stopping one", $"from {ServicePlacement.RebalancingMinimumMaximumPercent} to 200");
        }
        else if (minHealthy < maxPercent && min <= max && DeploymentDeadlock(Math.Max(1, min), max, minHealthy, maxPercent) is { } tasks)
        {
            // ECS rounds the upper bound down and the lower bound up (DeploymentConfiguration): at a small task count
            // they can meet, and a deployment can then neither start a new task nor stop an old one.
            reader.Fail(
                o.KeyOf("maximumPercent"),
                maxPercent.ToString(CultureInfo.InvariantCulture),
                $"with minimumHealthyPercent {minHealthy}, a deployment of {tasks} task(s) could neither start a task (at most {tasks * maxPercent / 100} running) nor stop one (at least {CeilingPercent(tasks, minHealthy)} running)",
                $"at least {(int)Math.Ceiling(100.0 * (tasks + 1) / tasks)} while the service may run {tasks} task(s), or a minimumHealthyPercent of at most {100 * (tasks - 1) / tasks}");
        }

        var deregistration = o.IntOr("deregistrationDelaySeconds", 30, 0, 3600);
        var slowStart = o.Int("slowStartSeconds", 30, 900);
        var graceSeconds = o.IntOr("healthCheckGracePeriodSeconds", 60, 0, 2147483647);
        var stopTimeout = o.IntOr("stopTimeoutSeconds", 30, 2, 120);

        ContainerHealthCheckSettings? containerHealth = null;
        if (o.Object("containerHealthCheck") is { } ch)
        {
            var command = ch.StringList("command");
            if (command is null || command.Count < 2 || command[0] is not ("CMD" or "CMD-SHELL"))
            {
                reader.Fail(ch.KeyOf("command"), command is null ? null : string.Join(" ", command), "not a container health-check command", "a list starting with CMD or CMD-SHELL, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]");
            }

            containerHealth = new ContainerHealthCheckSettings(
                command ?? [],
                ch.IntOr("intervalSeconds", 30, 5, 300),
                ch.IntOr("timeoutSeconds", 5, 2, 60),
                ch.IntOr("retries", 3, 1, 10),
                ch.IntOr("startPeriodSeconds", 0, 0, 300));
            ch.RejectUnknownFields();
        }

        var waitForSteadyState = o.Bool("waitForSteadyState");
        var deployment = DeploymentSettingsReader.Read(o, reader, kind, loadBalanced: pathPattern is not null);
        if (name is not null && deployment.ShiftsTraffic
            && ResourceNames.ElbNameProblem(ResourceNames.AlternateTargetGroup(name), ResourceNames.TargetGroupNameLimit) is { } alternateProblem)
        {
            reader.Fail(o.KeyOf("name"), name, $"names the alternate target group a {DeploymentSettings.NameOf(deployment.Strategy)} deployment needs, and {alternateProblem}", $"at most {MaxServiceNameLength - 1} characters with canary or blueGreen, or deployment.strategy rolling");
        }

        o.RejectUnknownFields();

        if (reader.Errors.Count > before || name is null || image is null || port is null || pathPattern is null)
        {
            return null;
        }

        return new ServiceSettings(
            name, image, port.Value, pathPattern, priority, healthCheck, cpu, memory, memoryReservation,
            desired, min, max, environment, urlEnvironment, secrets, readonlyRoot, scalingSettings,
            minHealthy, maxPercent, deregistration, slowStart, graceSeconds, stopTimeout, containerHealth, waitForSteadyState)
        {
            Deployment = deployment,
        };
    }

    /// <summary>
    /// <c>serviceUrlEnvironment</c>: variable → a service name (its URL in the reference images' form, host and path
    /// without a scheme), or <c>{ service: name, form: hostPath | url }</c> for images that want a full URL.
    /// </summary>
    private static SortedDictionary<string, ServiceUrlReference> ReadServiceUrls(JsonObjectReader o, ConfigReader reader)
    {
        const string Allowed = "a service name, or { service: <name>, form: hostPath | url }";
        var result = new SortedDictionary<string, ServiceUrlReference>(StringComparer.Ordinal);
        foreach (var (variable, value) in o.Entries("serviceUrlEnvironment"))
        {
            var key = $"{o.KeyOf("serviceUrlEnvironment")}.{variable}";
            if (!EnvName().IsMatch(variable))
            {
                reader.Fail(key, JsonObjectReader.Text(value), "not an environment variable name", "letters, digits and underscores, not starting with a digit");
                continue;
            }

            if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                result[variable] = new ServiceUrlReference(value.GetString()!.Trim(), ServiceUrlForm.HostPath);
                continue;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                reader.Fail(key, JsonObjectReader.Text(value), "not a service reference", Allowed);
                continue;
            }

            var entry = o.Nested(value, key);
            var service = entry.String("service", required: true, allowed: "the name of a service of this stack");
            var formName = entry.String("form", allowed: "hostPath or url") ?? ServiceUrlReference.HostPathName;
            if (!ServiceUrlReference.Forms.TryGetValue(formName, out var form))
            {
                reader.Fail(entry.KeyOf("form"), formName, "not a URL form", "hostPath (host[:port]/path, no scheme: the reference images' contract) or url (with its scheme)");
            }

            entry.RejectUnknownFields();
            if (service is not null)
            {
                result[variable] = new ServiceUrlReference(service, form);
            }
        }

        return result;
    }

    /// <summary>Requests per target per minute for ALB request-count scaling: 1000 by default, 0 switches it off.</summary>
    private static int? RequestsPerTarget(JsonObjectReader? scaling) =>
        (scaling?.Int("requestsPerTarget", 0, 1_000_000) ?? DefaultRequestsPerTarget) is var value && value > 0 ? value : null;

    private const int DefaultRequestsPerTarget = 1000;

    /// <summary>
    /// The smallest task count from <paramref name="from"/> to <paramref name="to"/> at which a rolling deployment is
    /// stuck: ⌊n × max %⌋ leaves no room above n and ⌈n × min %⌉ none below it; null when there is none.
    /// </summary>
    private static int? DeploymentDeadlock(int from, int to, int minHealthyPercent, int maximumPercent)
    {
        for (var n = from; n <= to; n++)
        {
            if (n * maximumPercent / 100 <= n && CeilingPercent(n, minHealthyPercent) >= n)
            {
                return n;
            }
        }

        return null;
    }

    private static int CeilingPercent(int count, double percent) => (int)Math.Ceiling(count * percent / 100);

    /// <summary>The health check probes the route itself where it is a plain path, else the root.</summary>
    private static string DefaultHealthPath(string? pathPattern) =>
        pathPattern is null || !pathPattern.StartsWith('/') || pathPattern.IndexOfAny(['*', '?']) >= 0 ? "/" : pathPattern;
}
