using Infra.Model.Routing;
using Infra.Model.Settings;

namespace Infra.Model.Services;

/// <summary>
/// What one service publishes in the stack's Service Connect namespace: the named port mapping of its container,
/// the Cloud Map service name, and the client alias (short name and port) other tasks in the namespace call.
/// </summary>
public sealed record ServiceConnectEndpoint(string PortName, string DiscoveryName, string Alias, int Port, string AppProtocol)
{
    /// <summary><c>alias:port</c>: what a client in the namespace connects to; the task's own proxy answers it.</summary>
    public string Authority => $"{Alias}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>
/// ECS Service Connect for bridge-mode tasks on EC2 (AWS: "Amazon ECS Service Connect components"; API reference
/// <c>ServiceConnectService.ingressPortOverride</c>: in bridge mode the proxy listens on an ephemeral host port).
/// ECS injects a proxy container into every task of a Service Connect service; it is not in the task definition, so
/// its share of CPU and memory is counted here in every fit check and in the plan's sizing, at what AWS recommends
/// adding to a task for it: 256 CPU units and 64 MiB.
/// </summary>
public static class ServiceConnect
{
    /// <summary>CPU units the proxy is planned with, per task.</summary>
    public const int ProxyCpuUnits = 256;

    /// <summary>MiB of memory the proxy is planned with, per task.</summary>
    public const int ProxyMemoryMiB = 64;

    /// <summary>Requests go over HTTP between proxies: ECS then also reports HTTP status metrics.</summary>
    public const string AppProtocol = "http";

    /// <summary>The stream prefix of the proxy's logs in the service's own log group.</summary>
    public const string ProxyLogStreamPrefix = "service-connect";

    /// <summary>The stack's Cloud Map HTTP namespace: one per stack, named so other stacks can tell whose it is.</summary>
    public static string NamespaceName(string project, string stack) => $"{project}-{stack}";

    public static bool Enabled(StackSettings settings) => settings.ServiceDiscovery == ServiceDiscoveryMode.ServiceConnect;

    /// <summary>The service's endpoint: port, Cloud Map name and alias are all the service's name, so one name is used everywhere.</summary>
    public static ServiceConnectEndpoint Endpoint(ServiceSettings service) =>
        new(service.Name, service.Name, service.Name, service.ContainerPort, AppProtocol);

    /// <summary>CPU units one task of the service takes on a host, with the proxy where Service Connect is on.</summary>
    public static int TaskCpu(StackSettings settings, ServiceSettings service) =>
        service.Cpu + (Enabled(settings) ? ProxyCpuUnits : 0);

    /// <summary>MiB one task of the service takes on a host, with the proxy where Service Connect is on.</summary>
    public static int TaskMemory(StackSettings settings, ServiceSettings service) =>
        TaskMemory(service, Enabled(settings));

    public static int TaskMemory(ServiceSettings service, bool serviceConnect) =>
        service.Memory + (serviceConnect ? ProxyMemoryMiB : 0);

    /// <summary>The other services of the stack a service calls (its <c>serviceUrlEnvironment</c> targets).</summary>
    public static IReadOnlyList<string> Calls(ServiceSettings service) =>
        [.. service.ServiceUrlEnvironment.Values.Select(r => r.Service).Where(n => n != service.Name).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// The services in an order where every called service comes before its callers. ECS resolves a Service Connect
    /// name only in tasks started after the called service joined the namespace ("Amazon ECS Service Connect
    /// components": add a dependency from each client service on the services it calls), so callers deploy after
    /// them. Null when the calls form a cycle, which settings validation rejects.
    /// </summary>
    public static IReadOnlyList<ServiceSettings>? DeploymentOrder(IReadOnlyList<ServiceSettings> services)
    {
        // Names are unique in validated settings; a duplicate (reported by validation) keeps its first service.
        var byName = services.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var ordered = new List<ServiceSettings>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: visiting, true: done

        bool Visit(ServiceSettings service)
        {
            if (state.TryGetValue(service.Name, out var done))
            {
                return done;
            }

            state[service.Name] = false;
            foreach (var called in Calls(service).Where(byName.ContainsKey))
            {
                if (!Visit(byName[called]))
                {
                    return false;
                }
            }

            state[service.Name] = true;
            ordered.Add(service);
            return true;
        }

        return services.All(Visit) ? ordered : null;
    }
}

/// <summary>
/// The addresses a stack hands out: the public base URL (the domain when one is set, else the load balancer's DNS
/// name) and the service URLs written into containers, which go through Service Connect or the load balancer.
/// </summary>
public static class ServiceAddresses
{
    /// <summary>The public base URL: <c>https://&lt;domainName&gt;</c> when a domain is set, else the load balancer's own name.</summary>
    public static string PublicBaseUrl(StackSettings settings, string scheme, string albDnsName) =>
        $"{scheme}://{settings.LoadBalancer.Domain?.Name ?? albDnsName}";

    /// <summary>The value of one <c>serviceUrlEnvironment</c> variable, in the form the variable asks for.</summary>
    /// <param name="settings">The stack's settings (discovery mode, domain).</param>
    /// <param name="reference">The variable's target service and form.</param>
    /// <param name="routes">The stack's routes: the path of the target's route follows the host.</param>
    /// <param name="publicBaseUrl">The public base URL (see <see cref="PublicBaseUrl"/>), used in load-balancer mode.</param>
    public static string ForContainer(StackSettings settings, ServiceUrlReference reference, IReadOnlyList<RouteRule> routes, string publicBaseUrl)
    {
        var route = routes.FirstOrDefault(r => r.Service == reference.Service)
            ?? throw new ArgumentException($"no route for service '{reference.Service}'", nameof(routes));
        if (!ServiceConnect.Enabled(settings))
        {
            return ServiceUrl.For(publicBaseUrl, route.PathPattern, reference.Form);
        }

        var target = settings.Services.Single(s => s.Name == reference.Service);
        var url = $"http://{ServiceConnect.Endpoint(target).Authority}";
        return ServiceUrl.For(url, route.PathPattern, reference.Form);
    }
}
