using Infra;
using Pulumi;

return await Deployment.RunAsync(() => EcsStack.BuildAsync(PulumiConfigSource.Read(), Deployment.Instance.StackName));
