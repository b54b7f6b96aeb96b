/**
 * Happy-path records for every resource type the tier registers, in the wire form a first preview
 * produces: ids and ARNs of other resources are the unknown sentinel, and property dependencies say
 * which resource each came from. Tests change one field and expect exactly one rule to fire.
 */
import { UNKNOWN } from "../../tools/engine/pulumi-internals";
import { PROVIDER_TYPE_PREFIX, type RecordedResource } from "../../tools/engine/recorded";

/** The engine's unknown sentinel as recorded inputs hold it during preview; short, as the records use it everywhere. */
export const U = UNKNOWN;

const stack = "urn:pulumi:test::ha-web-tier::";

/** A resource record; `deps` maps a property to the records its value came from. */
export function rec(type: string, name: string, inputs: Record<string, unknown>,
    deps: Record<string, RecordedResource[]> = {}, extra: Partial<RecordedResource> = {}): RecordedResource {
    const parentType = type.startsWith(PROVIDER_TYPE_PREFIX) ? "" : "ha-web-tier:index:HaWebTier$";
    const propertyDependencies = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.map(r => r.urn)]));
    return {
        urn: `${stack}${parentType}${type}::${name}`,
        type,
        name,
        custom: true,
        inputs,
        propertyDependencies,
        dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        options: { protect: false, ignoreChanges: [], aliases: [] },
        ...extra,
    };
}


/** A compliant tier in one region, keyed by role; `all()` lists the records in registration order. */
export function world() {
    // A region's provider, and a us-east-1 provider for the Route 53 alarm.
    const region = rec("pulumi:providers:aws", "eu-west-1", { region: "eu-west-1" });
    const useast1 = rec("pulumi:providers:aws", "us-east-1", { region: "us-east-1" });
    const p = { provider: `${region.urn}::${U}` };
    const pu = { provider: `${useast1.urn}::${U}` };
    const r = (type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
        rec(type, name, inputs, deps, p);

    const vpc = r("aws:ec2/vpc:Vpc", "euw1-vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true });
    const igw = r("aws:ec2/internetGateway:InternetGateway", "euw1-igw", { vpcId: U }, { vpcId: [vpc] });
    const subnet = (name: string, cidr: string, az: string) => r("aws:ec2/subnet:Subnet", name,
        { vpcId: U, cidrBlock: cidr, availabilityZone: az, mapPublicIpOnLaunch: false }, { vpcId: [vpc] });
    const publicA = subnet("euw1-public-a", "10.0.0.0/20", "eu-west-1a");
    const publicB = subnet("euw1-public-b", "10.0.16.0/20", "eu-west-1b");
    const privateA = subnet("euw1-private-a", "10.0.128.0/20", "eu-west-1a");
    const privateB = subnet("euw1-private-b", "10.0.144.0/20", "eu-west-1b");
    const publicRt = r("aws:ec2/routeTable:RouteTable", "euw1-public-rt", { vpcId: U }, { vpcId: [vpc] });
    const privateRt = r("aws:ec2/routeTable:RouteTable", "euw1-private-rt", { vpcId: U }, { vpcId: [vpc] });
    const eip = r("aws:ec2/eip:Eip", "euw1-nat-eip", { domain: "vpc" });
    const nat = r("aws:ec2/natGateway:NatGateway", "euw1-nat", { allocationId: U, subnetId: U },
        { allocationId: [eip], subnetId: [publicA] });
    const publicRoute = r("aws:ec2/route:Route", "euw1-public-default", {
        routeTableId: U, destinationCidrBlock: "0.0.0.0/0", gatewayId: U }, { routeTableId: [publicRt], gatewayId: [igw] });
    const privateRoute = r("aws:ec2/route:Route", "euw1-private-default", {
        routeTableId: U, destinationCidrBlock: "0.0.0.0/0", natGatewayId: U }, { routeTableId: [privateRt], natGatewayId: [nat] });
    const assoc = (s: RecordedResource, t: RecordedResource) => r("aws:ec2/routeTableAssociation:RouteTableAssociation",
        `${s.name}-rta`, { subnetId: U, routeTableId: U }, { subnetId: [s], routeTableId: [t] });
    const assocs = [assoc(publicA, publicRt), assoc(publicB, publicRt), assoc(privateA, privateRt), assoc(privateB, privateRt)];
    const defaultSg = r("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "euw1-default-sg", { vpcId: U }, { vpcId: [vpc] });
    const logGroup = r("aws:cloudwatch/logGroup:LogGroup", "euw1-flow-logs", { retentionInDays: 30 });
    const flowRole = r("aws:iam/role:Role", "euw1-flow-logs-role", {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
    const flowPolicy = r("aws:iam/rolePolicy:RolePolicy", "euw1-flow-logs-policy", { role: U, policy: { Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [U] }] } },
        { role: [flowRole], policy: [logGroup] });
    const flowLog = r("aws:ec2/flowLog:FlowLog", "euw1-flow-log", {
        vpcId: U, trafficType: "ALL", logDestination: U, iamRoleArn: U },
    { vpcId: [vpc], logDestination: [logGroup], iamRoleArn: [flowRole] });

    const albSg = r("aws:ec2/securityGroup:SecurityGroup", "euw1-alb-sg", { vpcId: U, description: "ALB" }, { vpcId: [vpc] });
    const appSg = r("aws:ec2/securityGroup:SecurityGroup", "euw1-app-sg", { vpcId: U, description: "app" }, { vpcId: [vpc] });
    const albIngress = (port: number) => r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        `euw1-alb-in-${port}`, { securityGroupId: U, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0" },
        { securityGroupId: [albSg] });
    const albIn80 = albIngress(80);
    const albIn443 = albIngress(443);
    const albOut = r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "euw1-alb-out", {
        securityGroupId: U, ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: U },
    { securityGroupId: [albSg], referencedSecurityGroupId: [appSg] });
    const appIn = r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "euw1-app-in", {
        securityGroupId: U, ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: U },
    { securityGroupId: [appSg], referencedSecurityGroupId: [albSg] });
    const appOut = r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "euw1-app-out", {
        securityGroupId: U, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }, { securityGroupId: [appSg] });

    const logBucket = r("aws:s3/bucket:Bucket", "euw1-access-logs", { forceDestroy: false });
    const alb = r("aws:lb/loadBalancer:LoadBalancer", "euw1-alb", {
        loadBalancerType: "application", internal: false, subnets: [U, U], securityGroups: [U],
        dropInvalidHeaderFields: true, enableDeletionProtection: true, accessLogs: { bucket: U, prefix: "alb", enabled: true } },
    { subnets: [publicA, publicB], securityGroups: [albSg], accessLogs: [logBucket] });
    const tg = r("aws:lb/targetGroup:TargetGroup", "euw1-tg", { port: 8080, protocol: "HTTP", vpcId: U, targetType: "instance",
        healthCheck: { enabled: true, path: "/health", matcher: "200" } }, { vpcId: [vpc] });
    const http = r("aws:lb/listener:Listener", "euw1-http", { loadBalancerArn: U, port: 80, protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: U }] }, { loadBalancerArn: [alb], defaultActions: [tg] });
    const instanceRole = r("aws:iam/role:Role", "euw1-app-role", {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow",
            Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
    const ssmAttach = r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "euw1-app-ssm", {
        role: U, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" }, { role: [instanceRole] });
    const profile = r("aws:iam/instanceProfile:InstanceProfile", "euw1-app-profile", { role: U }, { role: [instanceRole] });
    const lt = r("aws:ec2/launchTemplate:LaunchTemplate", "euw1-lt", {
        imageId: "ami-0123456789abcdef0", instanceType: "t3.small", iamInstanceProfile: { arn: U },
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 20, volumeType: "gp3" } }],
        networkInterfaces: [{ associatePublicIpAddress: "false", securityGroups: [U] }] },
    { iamInstanceProfile: [profile], networkInterfaces: [appSg] });
    const asg = r("aws:autoscaling/group:Group", "euw1-asg", { minSize: 2, maxSize: 6, desiredCapacity: 2,
        vpcZoneIdentifiers: [U, U], targetGroupArns: [U], healthCheckType: "ELB", healthCheckGracePeriod: 300,
        launchTemplate: { id: U, version: U } },
    { vpcZoneIdentifiers: [privateA, privateB], targetGroupArns: [tg], launchTemplate: [lt] });
    const scaling = r("aws:autoscaling/policy:Policy", "euw1-cpu", { autoscalingGroupName: U, policyType: "TargetTrackingScaling",
        targetTrackingConfiguration: { predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
            targetValue: 50 } }, { autoscalingGroupName: [asg] });

    const healthCheck = rec("aws:route53/healthCheck:HealthCheck", "primary-hc", { fqdn: U, port: 80,
        type: "HTTP_STR_MATCH", resourcePath: "/health", searchString: "ok", requestInterval: 10, failureThreshold: 3 },
    { fqdn: [alb] });
    const primaryRecord = rec("aws:route53/record:Record", "primary-record", { zoneId: "Z123", name: "app.example.com",
        type: "A", setIdentifier: "primary", failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: U,
        aliases: [{ name: U, zoneId: U, evaluateTargetHealth: true }] }, { healthCheckId: [healthCheck], aliases: [alb] });
    // The key policy as the program writes it: the account's root administers the key (KMS's lockout
    // check proves that account is the deployer's), CloudWatch may use it to publish alarms.
    const key = rec("aws:kms/key:Key", "alarm-key", { enableKeyRotation: true, policy: JSON.stringify({ Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" }] }) },
    {}, pu);
    const topic = rec("aws:sns/topic:Topic", "failover-topic", { kmsMasterKeyId: U }, { kmsMasterKeyId: [key] }, pu);
    const alarm = rec("aws:cloudwatch/metricAlarm:MetricAlarm", "primary-alarm", { namespace: "AWS/Route53",
        metricName: "HealthCheckStatus", comparisonOperator: "LessThanThreshold", threshold: 1, evaluationPeriods: 1,
        period: 60, statistic: "Minimum", dimensions: { HealthCheckId: U }, alarmActions: [U] },
    { dimensions: [healthCheck], alarmActions: [topic] }, pu);
    const fnRole = rec("aws:iam/role:Role", "failover-fn-role", { assumeRolePolicy: "{}", inlinePolicies: [{ name: "scale",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [
            { Effect: "Allow", Action: ["autoscaling:SetDesiredCapacity", "autoscaling:UpdateAutoScalingGroup"],
                Resource: "arn:aws:autoscaling:eu-west-2:123456789012:autoScalingGroup:*:autoScalingGroupName/euw2-asg" },
            { Effect: "Allow", Action: ["autoscaling:DescribeAutoScalingGroups", "cloudwatch:PutMetricData"], Resource: "*" },
        ] }) }] }, {}, pu);
    const fn = rec("aws:lambda/function:Function", "failover-fn", { runtime: "nodejs24.x", handler: "index.handler",
        role: U, code: U }, { role: [fnRole] }, pu);
    const permission = rec("aws:lambda/permission:Permission", "failover-fn-sns", { action: "lambda:InvokeFunction",
        function: U, principal: "sns.amazonaws.com", sourceArn: U }, { function: [fn], sourceArn: [topic] }, pu);
    const subscription = rec("aws:sns/topicSubscription:TopicSubscription", "failover-sub", { topic: U, protocol: "lambda",
        endpoint: U }, { topic: [topic], endpoint: [fn] }, pu);
    const queue = rec("aws:sqs/queue:Queue", "failover-dlq", { sqsManagedSseEnabled: true }, {}, pu);
    const param = rec("aws:ssm/parameter:Parameter", "failover-state", { type: "String", value: "primary" }, {}, pu);

    const dbSubnets = r("aws:rds/subnetGroup:SubnetGroup", "euw1-db-subnets", { subnetIds: [U, U] },
        { subnetIds: [privateA, privateB] });
    const db = r("aws:rds/instance:Instance", "euw1-db", { engine: "postgres", instanceClass: "db.t4g.medium",
        allocatedStorage: 20, dbSubnetGroupName: U, vpcSecurityGroupIds: [U], publiclyAccessible: false,
        storageEncrypted: true, deletionProtection: true, backupRetentionPeriod: 7, multiAz: true },
    { dbSubnetGroupName: [dbSubnets], vpcSecurityGroupIds: [appSg] });
    const replica = r("aws:rds/instance:Instance", "euw1-db-replica", { instanceClass: "db.t4g.medium",
        replicateSourceDb: U, vpcSecurityGroupIds: [U], publiclyAccessible: false, storageEncrypted: true, kmsKeyId: U,
        deletionProtection: true }, { replicateSourceDb: [db], vpcSecurityGroupIds: [appSg], kmsKeyId: [key] });

    const byRole = { region, useast1, vpc, igw, publicA, publicB, privateA, privateB, publicRt, privateRt, eip, nat,
        publicRoute, privateRoute, defaultSg, logGroup, flowRole, flowPolicy, flowLog, albSg, appSg, albIn80, albIn443,
        albOut, appIn, appOut, logBucket, alb, tg, http, instanceRole, ssmAttach, profile, lt, asg, scaling, healthCheck,
        primaryRecord, key, topic, alarm, fnRole, fn, permission, subscription, queue, param, dbSubnets, db, replica };
    return { ...byRole, assocs, all: () => [region, useast1, ...Object.values(byRole).slice(2), ...assocs] };
}

/** The world with TLS: an HTTPS listener with an ACM certificate, and HTTP redirecting to it. */
export function worldWithHttps() {
    const w = world();
    const cert = rec("aws:acm/certificate:Certificate", "euw1-cert", { domainName: "app.example.com", validationMethod: "DNS" },
        {}, { provider: w.alb.provider });
    const https = rec("aws:lb/listener:Listener", "euw1-https", { loadBalancerArn: U, port: 443, protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: U,
        defaultActions: [{ type: "forward", targetGroupArn: U }] },
    { loadBalancerArn: [w.alb], certificateArn: [cert], defaultActions: [w.tg] }, { provider: w.alb.provider });
    w.http.inputs.defaultActions = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];
    w.http.propertyDependencies = { loadBalancerArn: [w.alb.urn] };
    return { ...w, cert, https, all: () => [...w.all(), cert, https] };
}
