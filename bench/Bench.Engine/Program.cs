using System.Diagnostics;
using System.Globalization;
using Bench;
using Infra;
using Infra.Model.Settings;
using Infra.Tests.Harness;
using Pulumi;
using Pulumi.Testing;

// Usage: dotnet run -c Release --project bench/Bench.Engine [sizes...]   (default 2 10 50 100 200)
// Runs the real stack program under the mocked engine for N generated services and prints, per size, the
// resources registered and the median wall time of a whole run. Mocked runs share process-wide state, so they
// run one after another.
const string Stack = "dev";
const int MinimumRuns = 5;
var budget = TimeSpan.FromSeconds(10);

var baseConfig = Fleet.BaseConfig(Stack);
var rows = new List<(int Services, string Outcome, int Resources, double Ms, int Runs)>();
foreach (var size in Fleet.Sizes(args))
{
    var raw = Fleet.Config(baseConfig, size);
    await RunAsync(raw);

    var samples = new List<double>();
    (string Outcome, int Resources) last;
    var clock = Stopwatch.StartNew();
    do
    {
        var run = Stopwatch.StartNew();
        last = await RunAsync(raw);
        samples.Add(run.Elapsed.TotalMilliseconds);
    }
    while (samples.Count < MinimumRuns || (clock.Elapsed < budget && samples.Count < 200));

    rows.Add((size, last.Outcome, last.Resources, Fleet.Median(samples), samples.Count));
}

string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
string I(int value) => value.ToString(CultureInfo.InvariantCulture);

Console.WriteLine("| services | outcome | registered resources | median ms | runs |");
Console.WriteLine("|---:|---|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine($"| {I(row.Services)} | {row.Outcome} | {I(row.Resources)} | {F(row.Ms)} | {I(row.Runs)} |");
}

var bySize = rows.ToDictionary(r => r.Services);
if (bySize.TryGetValue(50, out var fifty))
{
    foreach (var larger in new[] { 100, 200 })
    {
        if (bySize.TryGetValue(larger, out var row))
        {
            Console.WriteLine($"t({I(larger)})/t(50) = {(row.Ms / fifty.Ms).ToString("0.00", CultureInfo.InvariantCulture)} ({row.Outcome})");
        }
    }
}

// One deployment of the real program; a configuration the program rejects is an outcome, not a failure.
static async Task<(string Outcome, int Resources)> RunAsync(IReadOnlyDictionary<string, string> raw)
{
    var mocks = new MockedAws();
    try
    {
        await Deployment.TestAsync(
            mocks,
            new TestOptions { IsPreview = false, ProjectName = ConfigKeys.Project, StackName = Stack },
            () => EcsStack.BuildAsync(raw, Stack));
        return ("planned", mocks.Registered.Count);
    }
    catch (Exception e) when (e is RunException or AggregateException or SettingsValidationException)
    {
        var reason = e.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("- ", StringComparison.Ordinal)) ?? e.GetType().Name;
        return ($"rejected: {reason}", mocks.Registered.Count);
    }
}
