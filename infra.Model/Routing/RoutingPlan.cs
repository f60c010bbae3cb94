using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Infra.Model.Settings;

namespace Infra.Model.Routing;

/// <summary>One listener rule: requests whose path matches <see cref="PathPattern"/> go to the service's target group.</summary>
public sealed record RouteRule(string Service, string PathPattern, int Priority, bool ExplicitPriority);

/// <summary>
/// Listener-rule priorities, computed from each rule's own path pattern so they are deterministic and stable:
/// a pattern's priority depends on nothing but the pattern, so adding or removing a service never renumbers
/// another. More specific patterns (more literal characters; exact before wildcard) get lower numbers and are
/// evaluated first. Within one specificity band a hash of the pattern picks the slot; the rare collision is
/// reported as an error that asks for an explicit priority rather than silently shifting a neighbour.
/// </summary>
public static partial class RoutingPlan
{
    public const int MinPriority = 1;
    public const int MaxPriority = 50000;
    public const int MaxRules = 100;
    public const int MaxPatternLength = 128;

    private const int MaxSpecificity = (2 * MaxPatternLength) + 1;
    private const int BandSize = 190;

    [GeneratedRegex("^/[A-Za-z0-9_\\-.$/~\"'@:+&*?]*$")]
    private static partial Regex PatternShape();

    public static IReadOnlyList<RouteRule> For(IReadOnlyList<ServiceSettings> services)
    {
        var errors = Validate(services).ToList();
        if (errors.Count > 0)
        {
            throw new SettingsValidationException(errors);
        }

        return Rules(services);
    }

    /// <summary>Rules in evaluation order (lowest priority number first).</summary>
    private static List<RouteRule> Rules(IReadOnlyList<ServiceSettings> services) => [.. IndexedRules(services).Select(x => x.Rule)];

    /// <summary>The rules in evaluation order, each with the index of its service.</summary>
    private static List<(RouteRule Rule, int Index)> IndexedRules(IReadOnlyList<ServiceSettings> services) =>
        [.. services
            .Select((s, i) => (new RouteRule(s.Name, s.PathPattern, s.Priority ?? ComputedPriority(s.PathPattern), s.Priority is not null), i))
            .OrderBy(x => x.Item1.Priority)];

    /// <summary>
    /// The path a client calls to reach a route: the pattern up to its first wildcard
    /// (<c>/products</c> → <c>/products</c>, <c>/orders/*</c> → <c>/orders/</c>, <c>/*</c> → <c>/</c>).
    /// </summary>
    public static string UrlPath(string pattern)
    {
        var wildcard = pattern.IndexOfAny(['*', '?']);
        return wildcard < 0 ? pattern : pattern[..wildcard];
    }

    /// <summary>The priority a pattern gets when none is configured.</summary>
    public static int ComputedPriority(string pattern)
    {
        var band = MaxSpecificity - Specificity(pattern);
        return (band * BandSize) + (int)(Fnv1a(pattern) % BandSize) + 1;
    }

    /// <summary>Twice the literal characters, plus one for a pattern without wildcards (exact beats wildcard).</summary>
    public static int Specificity(string pattern)
    {
        var literal = pattern.Count(c => c is not ('*' or '?'));
        var exact = pattern.IndexOfAny(['*', '?']) < 0 ? 1 : 0;
        return Math.Min((2 * literal) + exact, MaxSpecificity);
    }

    /// <summary>Every routing problem of the services, each naming its key.</summary>
    /// <param name="services">The services, in configured order.</param>
    /// <param name="positions">Each service's position in the configured list, where services that could not be read
    /// were left out; null: the services are the whole list.</param>
    public static IEnumerable<ConfigError> Validate(IReadOnlyList<ServiceSettings> services, IReadOnlyList<int>? positions = null)
    {
        var key = (int i, string field) => ConfigKeys.ServiceKey(positions?[i] ?? i, field);
        var servicesKey = ConfigKeys.Full(ConfigKeys.Services);

        if (services.Count > MaxRules)
        {
            yield return new(servicesKey, $"{services.Count} services", "an ALB listener holds at most 100 rules", $"at most {MaxRules} services per stack");
        }

        var patternOk = new bool[services.Count];
        for (var i = 0; i < services.Count; i++)
        {
            var pattern = services[i].PathPattern;
            if (pattern.Length > MaxPatternLength)
            {
                yield return new(key(i, "pathPattern"), pattern, $"{pattern.Length} characters", $"at most {MaxPatternLength} characters");
            }
            else if (!PatternShape().IsMatch(pattern))
            {
                yield return new(key(i, "pathPattern"), pattern, "not a path pattern ALB accepts", "a path starting with '/' of letters, digits, _-.$/~\"'@:+& and the wildcards * and ?");
            }
            else
            {
                patternOk[i] = true;
            }
        }

        // Every check below is one pass (dictionaries, not pairs), so validation stays linear in the number of services.
        var firstWithPattern = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < services.Count; j++)
        {
            if (!patternOk[j])
            {
                continue;
            }

            if (firstWithPattern.TryGetValue(services[j].PathPattern, out var i))
            {
                yield return new(key(j, "pathPattern"), services[j].PathPattern, $"the same pattern as service '{services[i].Name}'", "a path pattern no other service uses");
            }
            else
            {
                firstWithPattern[services[j].PathPattern] = j;
            }
        }

        var rules = IndexedRules(services);

        // Rules are in priority order: equal priorities are neighbours, and a covering rule is always met first.
        var coveringByPrefix = new Dictionary<string, RouteRule>(StringComparer.Ordinal);
        var runStart = 0;
        for (var b = 0; b < rules.Count; b++)
        {
            var (rule, index) = rules[b];
            if (b > 0 && rule.Priority == rules[b - 1].Rule.Priority)
            {
                var first = rules[runStart].Rule;
                yield return new(
                    key(index, "priority"),
                    rule.Priority.ToString(CultureInfo.InvariantCulture),
                    $"the same listener-rule priority as service '{first.Service}' ({(rule.ExplicitPriority ? "configured" : $"computed from '{rule.PathPattern}'")})",
                    $"a priority from {MinPriority} to {MaxPriority} that no other service has; set 'priority' explicitly");
                continue;
            }

            runStart = b;
            for (var length = 0; length <= rule.PathPattern.Length; length++)
            {
                if (coveringByPrefix.TryGetValue(rule.PathPattern[..length], out var cover) && cover.PathPattern != rule.PathPattern)
                {
                    yield return new(
                        key(index, "pathPattern"),
                        rule.PathPattern,
                        $"shadowed by '{cover.PathPattern}' of service '{cover.Service}', evaluated first at priority {cover.Priority}",
                        "a pattern no earlier rule already matches, or a lower priority than the covering rule");
                    break;
                }
            }

            if (CoveringPrefix(rule.PathPattern) is { } prefix)
            {
                coveringByPrefix.TryAdd(prefix, rule);
            }
        }
    }

    /// <summary>
    /// The literal part of a pattern whose only wildcard is a trailing '*' (<c>/orders/*</c> → <c>/orders/</c>): such a
    /// rule matches every path that starts with it, so it shadows every later pattern that does. Null for other patterns.
    /// </summary>
    private static string? CoveringPrefix(string pattern) =>
        pattern.IndexOfAny(['*', '?']) == pattern.Length - 1 && pattern[^1] == '*' ? pattern[..^1] : null;

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
