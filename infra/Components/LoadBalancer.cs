using System.Collections.Immutable;
using Infra.Model.LoadBalancing;
using Infra.Model.Naming;
using Infra.Model.Routing;
using Infra.Model.Services;
using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Infra.Components;

/// <param name="Settings">The validated stack settings (listeners, HTTPS, domain, access logs, WAF).</param>
/// <param name="VpcId">The VPC the services' target groups belong to.</param>
/// <param name="PublicSubnetIds">The public subnets the ALB is placed in, one per AZ.</param>
/// <param name="SecurityGroupId">The ALB's security group.</param>
/// <param name="Partition">The AWS partition, for ARNs in the access-log bucket policy.</param>
/// <param name="AccountId">The deploying account (asked once by the stack), whose log prefix the bucket policy opens.</param>
/// <param name="RequestedCertificateArn">The validated ARN of the certificate the stack requested for its domain, if it did.</param>
public sealed record LoadBalancerArgs(
    StackSettings Settings,
    Output<string> VpcId,
    Output<ImmutableArray<string>> PublicSubnetIds,
    Output<string> SecurityGroupId,
    string Partition,
    string AccountId,
    Output<string>? RequestedCertificateArn = null);

/// <summary>What <see cref="LoadBalancer.Attach"/> created for one service.</summary>
public sealed record ServiceRoute(Aws.LB.TargetGroup TargetGroup, Aws.LB.ListenerRule Rule)
{
    /// <summary>The second target group canary and blue/green deployments shift traffic to; null for rolling services.</summary>
    public Aws.LB.TargetGroup? AlternateTargetGroup { get; init; }
}

/// <summary>
/// The internet-facing ALB in the public subnets, its listeners (<see cref="ListenerPlan"/>), its access-log
/// bucket when enabled, and an optional WAF association. Services attach their target group and path rule with
/// <see cref="Attach"/>.
/// </summary>
public sealed class LoadBalancer : ComponentResource
{
    private readonly Output<string> _vpcId;

    /// <summary>The stack's settings, for the deployment plan of the services that attach.</summary>
    private readonly StackSettings _settings;
    private readonly Aws.LB.Listener _serving;

    public LoadBalancer(string name, LoadBalancerArgs args, ComponentResourceOptions? options = null)
        : base("ecs-refarch:edge:LoadBalancer", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = args.Settings.LoadBalancer;
        var plan = ListenerPlan.For(settings);
        _vpcId = args.VpcId;
        _settings = args.Settings;

        var albArgs = new Aws.LB.LoadBalancerArgs
        {
            LoadBalancerType = "application",
            Internal = false,
            Subnets = args.PublicSubnetIds,
            SecurityGroups = { args.SecurityGroupId },
            DropInvalidHeaderFields = true,
            DesyncMitigationMode = settings.DesyncMitigationMode,
            IdleTimeout = settings.IdleTimeoutSeconds,
            EnableDeletionProtection = settings.DeletionProtection,
        };
        var albOptions = Child();
        if (settings.AccessLogsEnabled)
        {
            var (bucket, policy) = AccessLogBucket(name, args);
            albArgs.AccessLogs = new Aws.LB.Inputs.LoadBalancerAccessLogsArgs
            {
                Bucket = bucket.Id,
                Prefix = AccessLogBucketPolicy.Prefix,
                Enabled = true,
            };

            // ELB writes a test object when logging is switched on: the policy must exist first.
            albOptions.DependsOn.Add(policy);
        }

        // Named for the stack, not the component, so the AWS name says which environment it serves.
        var alb = new Aws.LB.LoadBalancer(ResourceNames.LoadBalancer(args.Settings.Stack), albArgs, albOptions);

        var listeners = plan.Listeners.ToDictionary(
            spec => spec.Key,
            spec => new Aws.LB.Listener($"{name}-{spec.Key}", ListenerArgs(spec, alb.Arn, args.RequestedCertificateArn), Child()));
        _serving = listeners[plan.Serving.Key];

        if (settings.WafWebAclArn is { } webAclArn)
        {
            _ = new Aws.WafV2.WebAclAssociation($"{name}-waf", new Aws.WafV2.WebAclAssociationArgs
            {
                ResourceArn = alb.Arn,
                WebAclArn = webAclArn,
            }, Child());
        }

        // The domain's alias record: Route 53 answers with the load balancer's current addresses, at no query charge.
        if (args.Settings.LoadBalancer.Domain is { HostedZoneId: { } zoneId } domain)
        {
            _ = new Aws.Route53.Record($"{name}-alias", new Aws.Route53.RecordArgs
            {
                ZoneId = zoneId,
                Name = domain.Name,
                Type = "A",
                Aliases =
                {
                    new Aws.Route53.Inputs.RecordAliasArgs { Name = alb.DnsName, ZoneId = alb.ZoneId, EvaluateTargetHealth = true },
                },
            }, Child());
        }

        Arn = alb.Arn;
        ArnSuffix = alb.ArnSuffix;
        DnsName = alb.DnsName;
        ZoneId = alb.ZoneId;
        ListenerArn = _serving.Arn;
        Url = alb.DnsName.Apply(dnsName => ServiceAddresses.PublicBaseUrl(args.Settings, plan.Scheme, dnsName));
        RegisterOutputs();
    }

    [Output("arn")]
    public Output<string> Arn { get; private set; }

    /// <summary>The <c>app/name/id</c> part of the ARN, which CloudWatch metrics and request-count scaling use.</summary>
    [Output("arnSuffix")]
    public Output<string> ArnSuffix { get; private set; }

    [Output("dnsName")]
    public Output<string> DnsName { get; private set; }

    [Output("zoneId")]
    public Output<string> ZoneId { get; private set; }

    /// <summary>The listener the services' rules are on (HTTPS when enabled).</summary>
    [Output("listenerArn")]
    public Output<string> ListenerArn { get; private set; }

    [Output("url")]
    public Output<string> Url { get; private set; }

    /// <summary>
    /// Creates a service's target group and its path rule on the serving listener, as children of
    /// <paramref name="parent"/> (the service), so they are planned, replaced and deleted with it.
    /// </summary>
    public ServiceRoute Attach(ServiceSettings service, RouteRule route, Resource parent)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(route);
        if (route.Service != service.Name)
        {
            throw new ArgumentException($"the route of '{route.Service}' was given for service '{service.Name}'", nameof(route));
        }

        var spec = TargetGroupSpec.For(service);
        Aws.LB.TargetGroupArgs TargetGroupArgs()
        {
            var targetGroupArgs = new Aws.LB.TargetGroupArgs
            {
                VpcId = _vpcId,
                Protocol = spec.Protocol,
                Port = spec.Port,
                TargetType = spec.TargetType,
                DeregistrationDelay = spec.DeregistrationDelaySeconds,
                HealthCheck = new Aws.LB.Inputs.TargetGroupHealthCheckArgs
                {
                    Enabled = true,
                    Protocol = spec.HealthCheck.Protocol,
                    Port = spec.HealthCheck.Port,
                    Path = spec.HealthCheck.Path,
                    Matcher = spec.HealthCheck.Matcher,
                    Interval = spec.HealthCheck.IntervalSeconds,
                    Timeout = spec.HealthCheck.TimeoutSeconds,
                    HealthyThreshold = spec.HealthCheck.HealthyThreshold,
                    UnhealthyThreshold = spec.HealthCheck.UnhealthyThreshold,
                },
            };
            if (spec.SlowStartSeconds is { } slowStart)
            {
                targetGroupArgs.SlowStart = slowStart;
            }

            return targetGroupArgs;
        }

        // Auto-named, so a replacement gets a new name and can be created before the old group (still in use by
        // the rule and the ECS service) is deleted: no DeleteBeforeReplace here.
        var targetGroup = new Aws.LB.TargetGroup(spec.LogicalName, TargetGroupArgs(), new CustomResourceOptions { Parent = parent });

        // Canary and blue/green: a twin group the new revision registers in, the rule forwarding to both by weight.
        var deployment = DeploymentPlan.For(_settings, service);
        var alternate = deployment.NeedsAlternateTargetGroup
            ? new Aws.LB.TargetGroup(ResourceNames.AlternateTargetGroup(service.Name), TargetGroupArgs(), new CustomResourceOptions { Parent = parent })
            : null;
        var action = alternate is null
            ? new Aws.LB.Inputs.ListenerRuleActionArgs { Type = "forward", TargetGroupArn = targetGroup.Arn }
            : new Aws.LB.Inputs.ListenerRuleActionArgs
            {
                Type = "forward",
                Forward = new Aws.LB.Inputs.ListenerRuleActionForwardArgs
                {
                    TargetGroups =
                    {
                        new Aws.LB.Inputs.ListenerRuleActionForwardTargetGroupArgs { Arn = targetGroup.Arn, Weight = DeploymentPlan.PrimaryWeight },
                        new Aws.LB.Inputs.ListenerRuleActionForwardTargetGroupArgs { Arn = alternate.Arn, Weight = DeploymentPlan.AlternateWeight },
                    },
                },
            };
        var ruleOptions = new CustomResourceOptions { Parent = parent, DeleteBeforeReplace = true };
        if (alternate is not null)
        {
            // ECS moves the weights during a deployment and leaves them on whichever group won: not drift to undo.
            ruleOptions.IgnoreChanges.Add("actions");
        }

        // A priority is unique per listener: a replacement on the same listener must free it first.
        var rule = new Aws.LB.ListenerRule($"{service.Name}-rule", new Aws.LB.ListenerRuleArgs
        {
            ListenerArn = _serving.Arn,
            Priority = route.Priority,
            Conditions =
            {
                new Aws.LB.Inputs.ListenerRuleConditionArgs
                {
                    PathPattern = new Aws.LB.Inputs.ListenerRuleConditionPathPatternArgs { Values = { route.PathPattern } },
                },
            },
            Actions = { action },
        }, ruleOptions);

        return new ServiceRoute(targetGroup, rule) { AlternateTargetGroup = alternate };
    }

    private CustomResourceOptions Child() => new() { Parent = this };

    private static Aws.LB.ListenerArgs ListenerArgs(ListenerSpec spec, Output<string> loadBalancerArn, Output<string>? requestedCertificateArn)
    {
        var args = new Aws.LB.ListenerArgs
        {
            LoadBalancerArn = loadBalancerArn,
            Port = spec.Port,
            Protocol = spec.Protocol,
            DefaultActions = { DefaultAction(spec.DefaultAction) },
        };
        if (spec.CertificateArn == ListenerPlan.RequestedCertificate)
        {
            args.CertificateArn = requestedCertificateArn
                ?? throw new ArgumentException("the listener plan asks for the requested certificate, and none was given", nameof(requestedCertificateArn));
        }
        else if (spec.CertificateArn is { } certificate)
        {
            args.CertificateArn = certificate;
        }

        if (spec.SslPolicy is { } sslPolicy)
        {
            args.SslPolicy = sslPolicy;
        }

        return args;
    }

    private static Aws.LB.Inputs.ListenerDefaultActionArgs DefaultAction(ListenerDefaultAction action) => action switch
    {
        FixedResponseAction fixedResponse => new Aws.LB.Inputs.ListenerDefaultActionArgs
        {
            Type = "fixed-response",
            FixedResponse = new Aws.LB.Inputs.ListenerDefaultActionFixedResponseArgs
            {
                StatusCode = fixedResponse.StatusCode,
                ContentType = fixedResponse.ContentType,
                MessageBody = fixedResponse.MessageBody,
            },
        },
        RedirectAction redirect => new Aws.LB.Inputs.ListenerDefaultActionArgs
        {
            Type = "redirect",
            Redirect = new Aws.LB.Inputs.ListenerDefaultActionRedirectArgs
            {
                Protocol = redirect.Protocol,
                Port = redirect.Port,
                StatusCode = redirect.StatusCode,
            },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "a listener default action the component does not translate"),
    };

    /// <summary>
    /// The bucket ELB writes access logs to: SSE-S3 (the only encryption ALB log delivery supports), no public
    /// access, ACLs disabled, logs expired after the configured days, and a policy that admits only the region's
    /// log-delivery principal. Retained on stack deletion in prod so logs outlive the ALB.
    /// </summary>
    private (Aws.S3.Bucket Bucket, Aws.S3.BucketPolicy Policy) AccessLogBucket(string name, LoadBalancerArgs args)
    {
        var settings = args.Settings;
        var bucketName = $"{name}-access-logs";
        // Dev: destroyed with its logs. Prod: kept (and left out of the stack) on `pulumi destroy`, so the logs
        // outlive the load balancer and a destroy never stops on a non-empty bucket.
        var bucketOptions = Child();
        bucketOptions.RetainOnDelete = settings.IsProd;
        var bucket = new Aws.S3.Bucket(bucketName, new Aws.S3.BucketArgs
        {
            ForceDestroy = !settings.IsProd,
        }, bucketOptions);

        _ = new Aws.S3.BucketServerSideEncryptionConfiguration($"{bucketName}-encryption", new Aws.S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules =
            {
                new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = "AES256",
                    },
                },
            },
        }, Child());

        var publicAccess = new Aws.S3.BucketPublicAccessBlock($"{bucketName}-public-access", new Aws.S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, Child());

        _ = new Aws.S3.BucketOwnershipControls($"{bucketName}-ownership", new Aws.S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket.Id,
            Rule = new Aws.S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, Child());

        _ = new Aws.S3.BucketLifecycleConfiguration($"{bucketName}-lifecycle", new Aws.S3.BucketLifecycleConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules =
            {
                new Aws.S3.Inputs.BucketLifecycleConfigurationRuleArgs
                {
                    Id = "expire-access-logs",
                    Status = "Enabled",
                    Filter = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs { Prefix = $"{AccessLogBucketPolicy.Prefix}/" },
                    Expiration = new Aws.S3.Inputs.BucketLifecycleConfigurationRuleExpirationArgs
                    {
                        Days = settings.LoadBalancer.AccessLogsExpirationDays,
                    },
                },
            },
        }, Child());

        var invoke = new InvokeOptions { Parent = this };
        var region = settings.Region;

        // Only regions opened before August 2022 have an ELB account to look up; newer ones use a service principal.
        var elbAccountArn = AccessLogBucketPolicy.UsesElbAccount(region)
            ? Aws.Elb.GetServiceAccount.Invoke(null, invoke).Apply(account => (string?)account.Arn)
            : Output.Create<string?>((string?)null);
        var partition = args.Partition;
        var accountId = args.AccountId;
        var policyJson = Output.Tuple(bucket.BucketName, elbAccountArn).Apply(values =>
            AccessLogBucketPolicy.For(partition, region, values.Item1, accountId, values.Item2).ToJson());

        // S3 rejects concurrent changes to one bucket's policy and public-access block: apply them in order.
        var policyOptions = Child();
        policyOptions.DependsOn.Add(publicAccess);
        var policy = new Aws.S3.BucketPolicy($"{bucketName}-policy", new Aws.S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = policyJson,
        }, policyOptions);

        return (bucket, policy);
    }
}
