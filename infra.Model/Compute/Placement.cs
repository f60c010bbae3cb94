namespace Infra.Model.Compute;

/// <summary>How many tasks of one service to place, each taking <see cref="Task"/> from a host.</summary>
public sealed record PlacementDemand(string Service, Services.TaskReservation Task, int Count);

/// <summary>One simulated host: its AZ (by index), what it holds and what it has left.</summary>
public sealed record HostUse(int Index, int Zone, IReadOnlyDictionary<string, int> Tasks, int CpuUsed, int MemoryUsedMiB, int CpuCapacity, int MemoryCapacityMiB)
{
    public int CpuFree => CpuCapacity - CpuUsed;

    public int MemoryFreeMiB => MemoryCapacityMiB - MemoryUsedMiB;
}

/// <summary>The hosts after placement, and the tasks of each service that found no host.</summary>
public sealed record PlacementResult(IReadOnlyList<HostUse> Hosts, IReadOnlyDictionary<string, int> Unplaced)
{
    public bool AllPlaced => Unplaced.Values.All(n => n == 0);

    public int UnplacedTasks => Unplaced.Values.Sum();
}

/// <summary>
/// Simulates the ECS scheduler placing tasks with the services' placement strategy: of the hosts with room for
/// the task (CPU and memory), spread over AZs (the AZ holding the fewest tasks of the service), then binpack by
/// memory (the host of that AZ with the least memory left). Hosts are spread over the AZs as the Auto Scaling group
/// balances them: host <c>i</c> in AZ <c>i mod zones</c>, so the first AZ holds the most when they do not divide
/// evenly. Services are placed in the order given, each task after the last.
/// </summary>
public static class PlacementSimulator
{
    public static PlacementResult Place(InstanceTypeInfo hostType, int hosts, int zones, IReadOnlyList<PlacementDemand> demands, int? lostZone = null)
    {
        ArgumentNullException.ThrowIfNull(hostType);
        ArgumentNullException.ThrowIfNull(demands);
        ArgumentOutOfRangeException.ThrowIfLessThan(zones, 1);
        var state = Enumerable.Range(0, hosts)
            .Where(i => i % zones != lostZone)
            .Select(i => new HostState(i, i % zones, hostType.CpuUnits, hostType.TaskMemoryMiB))
            .ToList();
        var unplaced = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var demand in demands)
        {
            unplaced[demand.Service] = unplaced.GetValueOrDefault(demand.Service);
            for (var n = 0; n < demand.Count; n++)
            {
                var fitting = state.Where(h => h.CpuFree >= demand.Task.Cpu && h.MemoryFree >= demand.Task.MemoryMiB).ToList();
                if (fitting.Count == 0)
                {
                    unplaced[demand.Service]++;
                    continue;
                }

                var zone = fitting.Select(h => h.Zone).Distinct()
                    .OrderBy(z => state.Where(h => h.Zone == z).Sum(h => h.Count(demand.Service)))
                    .ThenBy(z => z)
                    .First();
                var host = fitting.Where(h => h.Zone == zone).OrderBy(h => h.MemoryFree).ThenBy(h => h.Index).First();
                host.Add(demand);
            }
        }

        return new PlacementResult([.. state.Select(h => h.ToUse())], unplaced);
    }

    private sealed class HostState(int index, int zone, int cpu, int memory)
    {
        private readonly Dictionary<string, int> _tasks = new(StringComparer.Ordinal);
        private int _cpuUsed;
        private int _memoryUsed;

        public int Index => index;

        public int Zone => zone;

        public int CpuFree => cpu - _cpuUsed;

        public int MemoryFree => memory - _memoryUsed;

        public int Count(string service) => _tasks.GetValueOrDefault(service);

        public void Add(PlacementDemand demand)
        {
            _tasks[demand.Service] = Count(demand.Service) + 1;
            _cpuUsed += demand.Task.Cpu;
            _memoryUsed += demand.Task.MemoryMiB;
        }

        public HostUse ToUse() => new(index, zone, new SortedDictionary<string, int>(_tasks, StringComparer.Ordinal), _cpuUsed, _memoryUsed, cpu, memory);
    }
}
