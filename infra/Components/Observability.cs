using System.Collections.Immutable;
using Infra.Model.Observability;
using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Infra.Components;

/// <param name="Settings">The stack's validated settings (alarm thresholds, emails, the topic's key).</param>
/// <param name="Partition">The AWS partition, for ARNs in the policies.</param>
/// <param name="LoadBalancer">The ALB: its ARN suffix is the LoadBalancer dimension.</param>
/// <param name="Cluster">The cluster and its Auto Scaling group: ClusterName and AutoScalingGroupName dimensions.</param>
/// <param name="NatGatewayIds">The VPC's NAT gateways, in awsx's order: NatGatewayId dimensions.</param>
/// <param name="Services">The services, by name: their ECS service names and target group ARN suffixes.</param>
public sealed record ObservabilityArgs(
    StackSettings Settings,
    string Partition,
    LoadBalancer LoadBalancer,
    Cluster Cluster,
    Output<ImmutableArray<string>> NatGatewayIds,
    IReadOnlyList<Service> Services);

/// <summary>
/// What tells a team the stack is unhealthy: one encrypted SNS topic (CloudWatch may publish to it, for this stack's
/// alarms only; optional email subscriptions), every alarm of <see cref="AlarmPlan"/> with its dimensions taken from
/// the resources' outputs and its alarm and OK actions on the topic, and a dashboard whose body the model builds.
/// The services roll back on some of these alarms by name (see <c>DeploymentPlan</c>).
/// </summary>
public sealed class Observability : ComponentResource
{
    [Output("alarmTopicArn")]
    public Output<string> AlarmTopicArn { get; private set; }

    [Output("dashboardUrl")]
    public Output<string> DashboardUrl { get; private set; }

    public Observability(string name, ObservabilityArgs args, ComponentResourceOptions? options = null)
        : base("ecs-refarch:observability:Observability", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = args.Settings;
        var observability = settings.Observability;
        var partition = args.Partition;
        var services = args.Services.ToDictionary(s => s.GetResourceName(), StringComparer.Ordinal);
        var accountId = Aws.GetCallerIdentity.Invoke(null, new InvokeOptions { Parent = this }).Apply(identity => identity.AccountId);

        // CloudWatch can publish to an encrypted topic only with a key whose policy lets it: never alias/aws/sns.
        Output<string> keyArn;
        if (observability.TopicKmsKeyArn is { } configuredKey)
        {
            keyArn = Output.Create(configuredKey);
        }
        else
        {
            var key = new Aws.Kms.Key($"{name}-topic-key", new Aws.Kms.KeyArgs
            {
                Description = $"Encrypts the alarm topic of {settings.Project} {settings.Stack}; CloudWatch may use it to publish",
                EnableKeyRotation = true,
                DeletionWindowInDays = 30,
                Policy = accountId.Apply(account => AlarmTopicPolicies.KeyPolicy(partition, account).ToJson()),
            }, Child());
            keyArn = key.Arn;
        }

        var topic = new Aws.Sns.Topic($"{name}-alarms", new Aws.Sns.TopicArgs
        {
            KmsMasterKeyId = keyArn,
        }, Child());

        _ = new Aws.Sns.TopicPolicy($"{name}-alarms-policy", new Aws.Sns.TopicPolicyArgs
        {
            Arn = topic.Arn,
            Policy = Output.Tuple(topic.Arn, accountId).Apply(values => AlarmTopicPolicies.TopicPolicy(
                values.Item1,
                AlarmTopicPolicies.AlarmArnPattern(partition, settings.Region, values.Item2, settings.Project, settings.Stack),
                values.Item2).ToJson()),
        }, Child());

        // Each address gets a confirmation mail from AWS; nothing is delivered to it until it is confirmed.
        foreach (var email in observability.AlarmEmails)
        {
            _ = new Aws.Sns.TopicSubscription($"{name}-email-{AlarmTopicPolicies.SubscriptionKey(email)}", new Aws.Sns.TopicSubscriptionArgs
            {
                Topic = topic.Arn,
                Protocol = "email",
                Endpoint = email,
            }, Child());
        }

        Output<string> ValueOf(DimensionRef dimension) => dimension.Source switch
        {
            Identifier.LoadBalancer => args.LoadBalancer.ArnSuffix,
            Identifier.Cluster => args.Cluster.ClusterName,
            Identifier.AutoScalingGroup => args.Cluster.AutoScalingGroupName,
            Identifier.NatGateway => args.NatGatewayIds.Apply(ids => ids.Length > dimension.Index
                ? ids[dimension.Index]
                : throw new InvalidOperationException($"the VPC has {ids.Length} NAT gateways; the alarms expect {AlarmPlan.NatGatewayCount(settings)}")),
            Identifier.TargetGroup => services[dimension.Service!].TargetGroupArnSuffix,
            Identifier.AlternateTargetGroup => services[dimension.Service!].AlternateTargetGroupArnSuffix
                ?? throw new InvalidOperationException($"service {dimension.Service} has no alternate target group"),
            Identifier.Service => services[dimension.Service!].ServiceName,
            _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension.Source, "an identifier the component does not map"),
        };

        // Each dimension waits only for the resource it names, so a new service leaves the other alarms' previews known.
        Output<Dictionary<string, string>> Dimensions(MetricSpec metric) =>
            Output.All(metric.Dimensions.Select(d => ValueOf(d).Apply(value => KeyValuePair.Create(d.Name, value))))
                .Apply(pairs => pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

        foreach (var alarm in AlarmPlan.For(settings))
        {
            var alarmArgs = new Aws.CloudWatch.MetricAlarmArgs
            {
                Name = alarm.Name,
                AlarmDescription = alarm.Description,
                ComparisonOperator = alarm.ComparisonOperator,
                Threshold = alarm.Threshold,
                EvaluationPeriods = alarm.EvaluationPeriods,
                DatapointsToAlarm = alarm.DatapointsToAlarm,
                TreatMissingData = alarm.TreatMissingData,
                AlarmActions = { topic.Arn },
                OkActions = { topic.Arn },
            };
            if (alarm.Metric is { } metric)
            {
                alarmArgs.Namespace = metric.Namespace;
                alarmArgs.MetricName = metric.MetricName;
                alarmArgs.Period = alarm.PeriodSeconds;
                alarmArgs.Dimensions = Dimensions(metric);
                if (metric.IsPercentile)
                {
                    alarmArgs.ExtendedStatistic = metric.Stat;
                }
                else
                {
                    alarmArgs.Statistic = metric.Stat;
                }
            }
            else
            {
                foreach (var term in alarm.Terms)
                {
                    alarmArgs.MetricQueries.Add(new Aws.CloudWatch.Inputs.MetricAlarmMetricQueryArgs
                    {
                        Id = term.Id,
                        ReturnData = false,
                        Metric = new Aws.CloudWatch.Inputs.MetricAlarmMetricQueryMetricArgs
                        {
                            Namespace = term.Metric.Namespace,
                            MetricName = term.Metric.MetricName,
                            Stat = term.Metric.Stat,
                            Period = alarm.PeriodSeconds,
                            Dimensions = Dimensions(term.Metric),
                        },
                    });
                }

                alarmArgs.MetricQueries.Add(new Aws.CloudWatch.Inputs.MetricAlarmMetricQueryArgs
                {
                    Id = "result",
                    Expression = alarm.Expression!,
                    Label = alarm.Name,
                    ReturnData = true,
                });
            }

            _ = new Aws.CloudWatch.MetricAlarm($"{name}-{alarm.Key}", alarmArgs, Child());
        }

        var serviceIds = Output.All(args.Services.Select(service => Output.Tuple(
                service.ServiceName,
                service.TargetGroupArnSuffix,
                service.AlternateTargetGroupArnSuffix ?? Output.Create(string.Empty))
            .Apply(values => KeyValuePair.Create(
                service.GetResourceName(),
                new ServiceIdentifiers(values.Item1, values.Item2, values.Item3.Length == 0 ? null : values.Item3)))));
        var identifiers = Output.Tuple<string, string, string, ImmutableArray<string>, ImmutableArray<KeyValuePair<string, ServiceIdentifiers>>>(
                args.LoadBalancer.ArnSuffix, args.Cluster.ClusterName, args.Cluster.AutoScalingGroupName, args.NatGatewayIds, serviceIds)
            .Apply(values => new StackIdentifiers(
                values.Item1,
                values.Item2,
                values.Item3,
                values.Item4,
                values.Item5.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)));

        var dashboard = new Aws.CloudWatch.Dashboard($"{name}-dashboard", new Aws.CloudWatch.DashboardArgs
        {
            DashboardName = DashboardBody.Name(settings),
            DashboardBody = identifiers.Apply(ids => DashboardBody.Build(settings, ids)),
        }, Child());

        AlarmTopicArn = topic.Arn;
        DashboardUrl = dashboard.DashboardName.Apply(dashboardName => DashboardBody.Url(settings.Region, dashboardName));
        RegisterOutputs();
    }

    private CustomResourceOptions Child() => new() { Parent = this };
}
