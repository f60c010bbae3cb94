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
    private static List<RouteRule> Rules(IReadOnlyList<ServiceSettings> services) =>
        [.. services
            .Select(s => new RouteRule(s.Name, s.PathPattern, s.Priority ?? ComputedPriority(s.PathPattern), s.Priority is not null))
            .OrderBy(r => r.Priority)];

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

    /// <summary>True when every path <paramref name="inner"/> matches is also matched by <paramref name="outer"/>.</summary>
    public static bool Covers(string outer, string inner)
    {
        if (outer == inner)
        {
            return true;
        }

        var wildcard = outer.IndexOfAny(['*', '?']);
        return wildcard == outer.Length - 1 && outer[^1] == '*' && inner.StartsWith(outer[..^1], StringComparison.Ordinal);
    }

    public static IEnumerable<ConfigError> Validate(IReadOnlyList<ServiceSettings> services)
    {
        var key = (int i, string field) => $"{ConfigKeys.Full(ConfigKeys.Services)}[{i}].{field}";
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

            var health = services[i].HealthCheck;
            if (health.TimeoutSeconds >= health.IntervalSeconds)
            {
                yield return new(key(i, "healthCheck.timeoutSeconds"), health.TimeoutSeconds.ToString(CultureInfo.InvariantCulture), $"not shorter than the interval ({health.IntervalSeconds} s)", $"fewer seconds than healthCheck.intervalSeconds ({health.IntervalSeconds})");
            }
        }

        for (var j = 0; j < services.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                if (patternOk[i] && patternOk[j] && services[i].PathPattern == services[j].PathPattern)
                {
                    yield return new(key(j, "pathPattern"), services[j].PathPattern, $"the same pattern as service '{services[i].Name}'", "a path pattern no other service uses");
                }
            }
        }

        var rules = Rules(services);
        var index = services.Select((s, i) => (s.Name, i)).GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().i);
        for (var b = 0; b < rules.Count; b++)
        {
            for (var a = 0; a < b; a++)
            {
                var (first, second) = (rules[a], rules[b]);
                if (first.Priority == second.Priority)
                {
                    yield return new(
                        key(index[second.Service], "priority"),
                        second.Priority.ToString(CultureInfo.InvariantCulture),
                        $"the same listener-rule priority as service '{first.Service}' ({(second.ExplicitPriority ? "configured" : $"computed from '{second.PathPattern}'")})",
                        $"a priority from {MinPriority} to {MaxPriority} that no other service has; set 'priority' explicitly");
                }
                else if (first.PathPattern != second.PathPattern && Covers(first.PathPattern, second.PathPattern))
                {
                    yield return new(
                        key(index[second.Service], "pathPattern"),
                        second.PathPattern,
                        $"shadowed by '{first.PathPattern}' of service '{first.Service}', evaluated first at priority {first.Priority}",
                        "a pattern no earlier rule already matches, or a lower priority than the covering rule");
                }
            }
        }
    }

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
