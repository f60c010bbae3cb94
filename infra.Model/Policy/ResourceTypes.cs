namespace Infra.Model.Policy;

/// <summary>The Pulumi type tokens the checks look for (Pulumi.Aws v7, Pulumi.Awsx v3).</summary>
public static class ResourceTypes
{
    public const string AwsProvider = "pulumi:providers:aws";
    public const string AwsxVpc = "awsx:ec2:Vpc";
    public const string Vpc = "aws:ec2/vpc:Vpc";
    public const string Subnet = "aws:ec2/subnet:Subnet";
    public const string FlowLog = "aws:ec2/flowLog:FlowLog";
    public const string DefaultSecurityGroup = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
    public const string SecurityGroup = "aws:ec2/securityGroup:SecurityGroup";
    public const string SecurityGroupRule = "aws:ec2/securityGroupRule:SecurityGroupRule";
    public const string IngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    public const string EgressRule = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    public const string LaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate";
    public const string AutoScalingGroup = "aws:autoscaling/group:Group";
    public const string LoadBalancer = "aws:lb/loadBalancer:LoadBalancer";
    public const string Listener = "aws:lb/listener:Listener";
    public const string TargetGroup = "aws:lb/targetGroup:TargetGroup";
    public const string WebAclAssociation = "aws:wafv2/webAclAssociation:WebAclAssociation";
    public const string Bucket = "aws:s3/bucket:Bucket";
    public const string BucketV2 = "aws:s3/bucketV2:BucketV2";
    public const string BucketEncryption = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    public const string BucketEncryptionV2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
    public const string BucketPolicy = "aws:s3/bucketPolicy:BucketPolicy";
    public const string EcsCluster = "aws:ecs/cluster:Cluster";
    public const string CapacityProvider = "aws:ecs/capacityProvider:CapacityProvider";
    public const string EcsService = "aws:ecs/service:Service";
    public const string TaskDefinition = "aws:ecs/taskDefinition:TaskDefinition";
    public const string IamRole = "aws:iam/role:Role";
    public const string IamRolePolicy = "aws:iam/rolePolicy:RolePolicy";
    public const string IamPolicy = "aws:iam/policy:Policy";
    public const string IamRolePolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    public const string IamPolicyAttachment = "aws:iam/policyAttachment:PolicyAttachment";
    public const string LogGroup = "aws:cloudwatch/logGroup:LogGroup";
    public const string MetricAlarm = "aws:cloudwatch/metricAlarm:MetricAlarm";
    public const string Dashboard = "aws:cloudwatch/dashboard:Dashboard";
    public const string SnsTopic = "aws:sns/topic:Topic";
    public const string SnsTopicPolicy = "aws:sns/topicPolicy:TopicPolicy";
    public const string SnsTopicSubscription = "aws:sns/topicSubscription:TopicSubscription";
    public const string KmsKey = "aws:kms/key:Key";
    public const string AcmCertificate = "aws:acm/certificate:Certificate";
    public const string HttpNamespace = "aws:servicediscovery/httpNamespace:HttpNamespace";
}
