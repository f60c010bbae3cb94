using System.Text.Json;
using System.Text.Json.Serialization;
using Infra.Model.Routing;
using Infra.Model.Settings;

namespace Infra.Model.Services;

/// <summary>
/// One container of an ECS task definition, as typed data in the shape ECS expects (camelCase JSON).
/// Optional members are null and left out: ECS drops empty lists and unset fields, and echoing them back
/// would show as a change on every update.
/// </summary>
public sealed record ContainerDefinition(
    string Name,
    string Image,
    bool Essential,
    int Cpu,
    int Memory,
    int? MemoryReservation,
    IReadOnlyList<PortMapping> PortMappings,
    LogConfiguration LogConfiguration,
    IReadOnlyList<EnvironmentVariable>? Environment,
    IReadOnlyList<ContainerSecret>? Secrets,
    bool Privileged,
    bool ReadonlyRootFilesystem,
    int StopTimeout,
    ContainerHealthCheck? HealthCheck,
    LinuxParameters LinuxParameters);

/// <summary>
/// Bridge mode with host port 0: ECS picks a host port from the ephemeral range (dynamic port mapping). The name is
/// what a Service Connect configuration publishes (its <c>portName</c>); the app protocol lets the proxy speak HTTP.
/// </summary>
public sealed record PortMapping(int ContainerPort, int HostPort, string Protocol, string? Name = null, string? AppProtocol = null);

public sealed record LogConfiguration(string LogDriver, IReadOnlyDictionary<string, string> Options);

public sealed record EnvironmentVariable(string Name, string Value);

/// <summary>A secret ECS injects at start from SSM Parameter Store or Secrets Manager; only its ARN is in the definition.</summary>
public sealed record ContainerSecret(string Name, string ValueFrom);

public sealed record ContainerHealthCheck(IReadOnlyList<string> Command, int Interval, int Timeout, int Retries, int StartPeriod);

/// <summary>An init process as PID 1 forwards signals, so the app sees SIGTERM and stops within the stop timeout.</summary>
public sealed record LinuxParameters(bool InitProcessEnabled);

/// <summary>Builds the container definitions of a service's task definition.</summary>
public static class ContainerDefinitions
{
    public const string LogDriver = "awslogs";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The container definitions JSON (an array with the service's one container).</summary>
    /// <param name="settings">The stack's settings.</param>
    /// <param name="service">The service the task runs.</param>
    /// <param name="routes">Every route of the stack: service URLs passed to the container resolve through them.</param>
    /// <param name="albUrl">The stack's public base URL (<see cref="ServiceAddresses.PublicBaseUrl"/>), e.g. <c>http://my-alb-123.us-east-1.elb.amazonaws.com</c>.</param>
    /// <param name="logGroupName">The service's own log group (E7).</param>
    /// <param name="region">The region of the log group.</param>
    public static string Build(
        StackSettings settings,
        ServiceSettings service,
        IReadOnlyList<RouteRule> routes,
        string albUrl,
        string logGroupName,
        string region) =>
        JsonSerializer.Serialize<IReadOnlyList<ContainerDefinition>>([For(settings, service, routes, albUrl, logGroupName, region)], Options);

    public static ContainerDefinition For(
        StackSettings settings,
        ServiceSettings service,
        IReadOnlyList<RouteRule> routes,
        string albUrl,
        string logGroupName,
        string region)
    {
        if (!settings.Services.Contains(service))
        {
            throw new ArgumentException($"'{service.Name}' is not a service of stack '{settings.Stack}'", nameof(service));
        }

        var environment = service.Environment
            .Concat(service.ServiceUrlEnvironment.Select(kv => KeyValuePair.Create(kv.Key, ServiceAddresses.ForContainer(settings, kv.Value, routes, albUrl))))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new EnvironmentVariable(kv.Key, kv.Value))
            .ToList();

        var secrets = service.Secrets
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new ContainerSecret(kv.Key, kv.Value))
            .ToList();

        var health = service.ContainerHealthCheck is { } h
            ? new ContainerHealthCheck(h.Command, h.IntervalSeconds, h.TimeoutSeconds, h.Retries, h.StartPeriodSeconds)
            : null;

        return new ContainerDefinition(
            Name: service.Name,
            Image: service.Image,
            Essential: true,
            Cpu: service.Cpu,
            Memory: service.Memory,
            MemoryReservation: service.MemoryReservation,
            PortMappings: [PortMappingOf(service)],
            LogConfiguration: new LogConfiguration(LogDriver, new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["awslogs-group"] = logGroupName,
                ["awslogs-region"] = region,
                ["awslogs-stream-prefix"] = service.Name,
            }),
            Environment: environment.Count > 0 ? environment : null,
            Secrets: secrets.Count > 0 ? secrets : null,
            Privileged: false,
            ReadonlyRootFilesystem: service.ReadonlyRootFilesystem,
            StopTimeout: service.StopTimeoutSeconds,
            HealthCheck: health,
            LinuxParameters: new LinuxParameters(InitProcessEnabled: true));
    }

    /// <summary>The container port, named for Service Connect (the name is harmless where Service Connect is off).</summary>
    private static PortMapping PortMappingOf(ServiceSettings service)
    {
        var endpoint = ServiceConnect.Endpoint(service);
        return new PortMapping(service.ContainerPort, 0, "tcp", endpoint.PortName, endpoint.AppProtocol);
    }
}

/// <summary>Where clients reach a service: the load balancer's URL and the path its rule matches.</summary>
public static class ServiceUrl
{
    public static string For(string albUrl, string pathPattern) => albUrl.TrimEnd('/') + RoutingPlan.UrlPath(pathPattern);

    /// <summary>The URL in the form a container asked for: with its scheme, or host and path only.</summary>
    public static string For(string albUrl, string pathPattern, ServiceUrlForm form) =>
        form == ServiceUrlForm.Url ? For(albUrl, pathPattern) : WithoutScheme(For(albUrl, pathPattern));

    /// <summary><c>host[:port]/path</c>: what the reference images expect (they prepend <c>http://</c> themselves).</summary>
    public static string WithoutScheme(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        return separator < 0 ? url : url[(separator + 3)..];
    }
}
