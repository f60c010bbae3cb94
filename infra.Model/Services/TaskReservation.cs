using Infra.Model.Settings;

namespace Infra.Model.Services;

/// <summary>
/// What one task of a service takes from a host when ECS places it: CPU units and memory, summed over every
/// container of the task. ECS reserves a container's <c>memoryReservation</c> where set, else its hard
/// <c>memory</c> limit. The placement check and the task-size validation read a task's size from here only, so a
/// container the stack adds to every task (a sidecar) is counted by adding it here.
/// </summary>
public sealed record TaskReservation(int Cpu, int MemoryMiB)
{
    public static TaskReservation For(StackSettings settings, ServiceSettings service)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(service);
        // With Service Connect, ECS injects its proxy into every task: counted at what AWS recommends adding for it.
        var proxy = ServiceConnect.Enabled(settings);
        return new TaskReservation(
            service.Cpu + (proxy ? ServiceConnect.ProxyCpuUnits : 0),
            (service.MemoryReservation ?? service.Memory) + (proxy ? ServiceConnect.ProxyMemoryMiB : 0));
    }
}
