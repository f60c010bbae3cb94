using System.Diagnostics;
using System.Globalization;
using Bench;
using Infra.Model.Naming;
using Infra.Model.Routing;
using Infra.Model.Services;
using Infra.Model.Settings;

// Usage: dotnet run -c Release --project bench/Bench.Model [sizes...]   (default 2 10 50 100 200)
// Times, per stack size, what the program does before it declares any resource: load and validate the settings,
// then plan routes, container definitions and scaling for every service. Prints a markdown table.
const string Stack = "dev";
const string AlbUrl = "http://dev-alb-1234567890.us-east-1.elb.amazonaws.com";
const int MinimumRuns = 15;
var budget = TimeSpan.FromSeconds(2);

var baseConfig = Fleet.BaseConfig(Stack);
var rows = new List<Row>();
foreach (var size in Fleet.Sizes(args))
{
    var raw = Fleet.Config(baseConfig, size);
    for (var warmUp = 0; warmUp < 20; warmUp++)
    {
        Run(raw);
    }

    GC.Collect();
    GC.WaitForPendingFinalizers();
    var validate = new List<double>();
    var routes = new List<double>();
    var plan = new List<double>();
    var total = new List<double>();
    Outcome outcome;
    var clock = Stopwatch.StartNew();
    do
    {
        outcome = Run(raw);
        validate.Add(outcome.ValidateMs);
        routes.Add(outcome.RoutesMs);
        plan.Add(outcome.PlanMs);
        total.Add(outcome.ValidateMs + outcome.RoutesMs + outcome.PlanMs);
    }
    while (total.Count < MinimumRuns || (clock.Elapsed < budget && total.Count < 2000));

    rows.Add(new Row(size, outcome, Fleet.Median(validate), Fleet.Median(routes), Fleet.Median(plan), Fleet.Median(total), total.Count));
}

string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
string I(int value) => value.ToString(CultureInfo.InvariantCulture);

Console.WriteLine("| services | outcome | planned service resources | validate ms | routes ms | services ms | total ms | runs |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine($"| {I(row.Services)} | {row.Outcome.Result} | {(row.Outcome.Resources is { } r ? I(r) : "-")} | {F(row.ValidateMs)} | {F(row.RoutesMs)} | {F(row.PlanMs)} | {F(row.TotalMs)} | {I(row.Runs)} |");
}

Console.WriteLine();
var bySize = rows.ToDictionary(r => r.Services);
string Ratio(double a, double b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture);
if (bySize.TryGetValue(50, out var fifty))
{
    if (bySize.TryGetValue(200, out var twoHundred))
    {
        var ratio = twoHundred.TotalMs / fifty.TotalMs;
        var comparable = twoHundred.Outcome.Resources is not null;
        Console.WriteLine($"t(200)/t(50) = {Ratio(twoHundred.TotalMs, fifty.TotalMs)} total{(comparable ? $" (limit 5: {(ratio <= 5 ? "ok" : "EXCEEDED")})" : ", not comparable: 200 services stop at validation")}");
        Console.WriteLine($"t(200)/t(50) = {Ratio(twoHundred.ValidateMs, fifty.ValidateMs)} validation alone (limit 5: {(twoHundred.ValidateMs / fifty.ValidateMs <= 5 ? "ok" : "EXCEEDED")})");
    }

    if (bySize.TryGetValue(100, out var hundred))
    {
        Console.WriteLine($"t(100)/t(50) = {Ratio(hundred.TotalMs, fifty.TotalMs)} total, {Ratio(hundred.ValidateMs, fifty.ValidateMs)} validation, {Ratio(hundred.RoutesMs, fifty.RoutesMs)} routes, {Ratio(hundred.PlanMs, fifty.PlanMs)} services (2.00 is linear)");
    }
}

// Validation, then (when the settings are valid) the plan: routes, and per service its container definitions,
// scaling plan and resource list.
static Outcome Run(IReadOnlyDictionary<string, string> raw)
{
    var clock = Stopwatch.StartNew();
    var (settings, errors) = SettingsLoader.TryLoad(raw, Stack);
    var validateMs = clock.Elapsed.TotalMilliseconds;
    if (settings is null)
    {
        var first = errors[0];
        return new Outcome($"rejected: {first.Problem} ({I(errors.Count)} error(s))", null, validateMs, 0, 0);
    }

    clock.Restart();
    var routes = RoutingPlan.For(settings.Services);
    var routesMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var resources = 0;
    var bytes = 0;
    foreach (var service in settings.Services)
    {
        var logGroup = ResourceNames.ServiceLogGroup(settings.Project, settings.Stack, service.Name);
        bytes += ContainerDefinitions.Build(settings, service, routes, AlbUrl, logGroup, settings.Region).Length;
        _ = ScalingPlan.For(service);
        resources += ServiceResources.For(service).Count;
    }

    var planMs = clock.Elapsed.TotalMilliseconds;
    return new Outcome(bytes > 0 ? "planned" : "empty", resources, validateMs, routesMs, planMs);

    static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}

internal sealed record Outcome(string Result, int? Resources, double ValidateMs, double RoutesMs, double PlanMs);

internal sealed record Row(int Services, Outcome Outcome, double ValidateMs, double RoutesMs, double PlanMs, double TotalMs, int Runs);
