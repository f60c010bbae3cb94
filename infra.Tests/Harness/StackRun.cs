using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Infra.Model.Policy;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace Infra.Tests.Harness;

/// <summary>
/// One run of the real stack program under the mocked engine, with what it registered: resources, outputs, the
/// raw inputs the mocks saw, and each resource's parent (recorded by a transformation every component inherits).
/// </summary>
public sealed class StackRun
{
    /// <summary>One run per distinct configuration (stack name and every configured key and value).</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<StackRun>>> SharedRuns = new(StringComparer.Ordinal);

    private StackRun(
        ImmutableArray<Resource> resources,
        IDictionary<string, object?> outputs,
        MockedAws mocks,
        IReadOnlyDictionary<(string Type, string Name), string?> parents)
    {
        Resources = resources;
        Outputs = outputs;
        Engine = mocks;
        Parents = parents;
    }

    public ImmutableArray<Resource> Resources { get; }

    public IDictionary<string, object?> Outputs { get; }

    public MockedAws Engine { get; }

    /// <summary>(type token, logical name) → the parent's logical name; absent for the stack's own children.</summary>
    public IReadOnlyDictionary<(string Type, string Name), string?> Parents { get; }

    /// <summary>Runs the stack with a committed stack file's configuration, optionally changed first.</summary>
    public static async Task<StackRun> RunAsync(string stack, Action<TestConfig>? change = null, bool preview = false)
    {
        var config = TestConfig.From(stack);
        change?.Invoke(config);
        return await RunAsync(config, new MockedAws(), preview);
    }

    /// <summary>
    /// The run of a committed stack's configuration (optionally changed), made once per distinct configuration and
    /// shared by every test that asks for the same one: tests only read a run (its resources, outputs and what the
    /// engine saw), so one run serves them all. A test that needs its own mocks, a preview, or a program that fails
    /// calls <see cref="RunAsync(string, Action{TestConfig}, bool)"/>.
    /// </summary>
    /// <remarks>
    /// Reading a finished run from another test is what every test already did after its own run ended: outputs
    /// are tasks that completed during the run (<c>OutputUtilities.GetValueAsync</c> awaits them), and the
    /// deployment's ambient instance never outlives <c>Deployment.TestAsync</c>. Shared runs are not previews
    /// (IsPreview = false), so every mocked value is known and an <c>Apply</c> after the run never needs that
    /// instance (Pulumi asks it only for unknown values).
    /// </remarks>
    public static Task<StackRun> SharedAsync(string stack, Action<TestConfig>? change = null)
    {
        var config = TestConfig.From(stack);
        change?.Invoke(config);
        return SharedAsync(config);
    }

    /// <inheritdoc cref="SharedAsync(string, Action{TestConfig})"/>
    public static Task<StackRun> SharedAsync(TestConfig config)
    {
        var snapshot = config.Copy();
        var key = string.Join('\n', snapshot.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}").Prepend(snapshot.Stack));
        return SharedRuns.GetOrAdd(key, _ => new Lazy<Task<StackRun>>(() => RunAsync(snapshot, new MockedAws()))).Value;
    }

    public static async Task<StackRun> RunAsync(TestConfig config, MockedAws mocks, bool preview = false)
    {
        var parents = new ConcurrentDictionary<(string, string), string?>();
        ResourceTransformation observer = args =>
        {
            parents[(args.Resource.GetResourceType(), args.Resource.GetResourceName())] = args.Options.Parent?.GetResourceName();
            return null;
        };

        var (resources, outputs) = await Deployment.TestAsync(
            mocks,
            new TestOptions { IsPreview = preview, ProjectName = ConfigKeys.Project, StackName = config.Stack },
            () => EcsStack.BuildAsync(config.Values, config.Stack, observer));
        return new StackRun(resources, outputs, mocks, parents);
    }

    public IEnumerable<T> All<T>()
        where T : Resource => Resources.OfType<T>();

    public T Single<T>(string name)
        where T : Resource => Resources.OfType<T>().Single(r => r.GetResourceName() == name);

    public T Single<T>(Func<T, bool> predicate)
        where T : Resource => Resources.OfType<T>().Single(predicate);

    /// <summary>The inputs the engine received for a resource (unknown and null inputs are left out by the engine).</summary>
    public ImmutableDictionary<string, object> Inputs(string type, string name) =>
        Engine.Registered.Single(r => r.Type == type && r.Name == name).Inputs;

    public IEnumerable<MockResourceArgs> Registered(string type) => Engine.Registered.Where(r => r.Type == type);

    public string? ParentOf(Resource resource) => Parents[(resource.GetResourceType(), resource.GetResourceName())];

    public static Task<T> Value<T>(Output<T> output) => OutputUtilities.GetValueAsync(output);

    public async Task<T> OutputValue<T>(string name) => await Value((Output<T>)Outputs[name]!);

    /// <summary>The logical names of the resources an output was computed from.</summary>
    public static async Task<ISet<string>> DependencyNames<T>(Output<T> output) =>
        (await OutputUtilities.GetDependenciesAsync(output)).Select(r => r.GetResourceName()).ToHashSet();

    /// <summary>The plain description of every planned resource, for the policy checks.</summary>
    public IReadOnlyList<PlannedResource> Planned() =>
        [.. Engine.Registered.Select(r => new PlannedResource(
            r.Type!,
            r.Name!,
            Parents.TryGetValue((r.Type!, r.Name!), out var parent) ? parent : null,
            PlannedInputs.ToJson(r.Inputs),
            []))];
}

/// <summary>Converts the engine's input values into JSON, parsing the inputs AWS takes as JSON documents.</summary>
public static class PlannedInputs
{
    public static JsonObject ToJson(ImmutableDictionary<string, object> inputs)
    {
        var result = new JsonObject();
        foreach (var (key, value) in inputs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            result[key] = value is string text && PulumiPlanFiles.JsonDocumentInputs.Contains(key, StringComparer.Ordinal) ? ParseOrKeep(text) : Node(value);
        }

        return result;
    }

    private static JsonNode? ParseOrKeep(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static JsonNode? Node(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        double d => JsonValue.Create(d),
        int i => JsonValue.Create(i),
        ImmutableArray<object> list => new JsonArray([.. list.Select(Node)]),
        ImmutableDictionary<string, object> map => new JsonObject(map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Node(kv.Value)))),
        _ => JsonValue.Create(value.ToString()),
    };
}
