using Infra.Model.Services;
using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Infra.Components;

public sealed record ServiceNamespaceArgs(StackSettings Settings);

/// <summary>
/// The stack's Cloud Map HTTP namespace: the cluster's Service Connect default, where each service publishes its
/// port under a short name. Other stacks join it by its ARN (a stack output) to call these services inside the VPC.
/// </summary>
public sealed class ServiceNamespace : ComponentResource
{
    public ServiceNamespace(string name, ServiceNamespaceArgs args, ComponentResourceOptions? options = null)
        : base("ecs-refarch:discovery:ServiceNamespace", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = args.Settings;
        var ns = new Aws.ServiceDiscovery.HttpNamespace($"{name}-http", new Aws.ServiceDiscovery.HttpNamespaceArgs
        {
            Name = ServiceConnect.NamespaceName(settings.Project, settings.Stack),
            Description = $"Service Connect namespace of the {settings.Project} stack {settings.Stack}",
        }, new CustomResourceOptions { Parent = this });

        Arn = ns.Arn;
        NamespaceName = ns.Name;
        RegisterOutputs();
    }

    [Output("arn")]
    public Output<string> Arn { get; private set; }

    [Output("namespaceName")]
    public Output<string> NamespaceName { get; private set; }
}
