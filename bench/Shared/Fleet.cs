using System.Globalization;
using System.Text.Json.Nodes;
using Infra.Model.Settings;

namespace Bench;

/// <summary>
/// A stack of N generated services on top of a committed stack file: distinct wildcard paths with explicit
/// priorities (computed priorities of equally long patterns would collide at this scale), and each service told
/// the URL of the next one (the last none), so URL resolution is part of the work.
/// </summary>
public static class Fleet
{
    public static readonly IReadOnlyList<int> DefaultSizes = [2, 10, 50, 100, 200];

    public static string StacksDirectory => Path.Combine(AppContext.BaseDirectory, "stacks");

    public static IReadOnlyDictionary<string, string> BaseConfig(string stack) =>
        StackConfigFile.Load(Path.Combine(StacksDirectory, "Pulumi.yaml"), Path.Combine(StacksDirectory, $"Pulumi.{stack}.yaml"));

    public static IReadOnlyDictionary<string, string> Config(IReadOnlyDictionary<string, string> baseConfig, int count)
    {
        var services = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var service = new JsonObject
            {
                ["name"] = Name(i),
                ["image"] = $"public.ecr.aws/example/{Name(i)}:1.0.0",
                ["containerPort"] = 8000 + (i % 1000),
                ["pathPattern"] = $"/{Name(i)}/*",
                ["priority"] = i + 1,
                ["environment"] = new JsonObject { ["LOG_LEVEL"] = "info" },
            };
            // A chain, not a ring: with Service Connect each caller deploys after the services it calls.
            if (i + 1 < count)
            {
                service["serviceUrlEnvironment"] = new JsonObject { ["NEXT_SERVICE_URL"] = Name(i + 1) };
            }

            services.Add(service);
        }

        return new Dictionary<string, string>(baseConfig)
        {
            [ConfigKeys.Full(ConfigKeys.Services)] = services.ToJsonString(),
        };
    }

    public static IReadOnlyList<int> Sizes(string[] args) =>
        args.Length == 0 ? DefaultSizes : [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))];

    /// <summary>Median of the samples, in milliseconds.</summary>
    public static double Median(List<double> samples)
    {
        samples.Sort();
        var middle = samples.Count / 2;
        return samples.Count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2;
    }

    private static string Name(int i) => $"svc-{i.ToString("D3", CultureInfo.InvariantCulture)}";
}
