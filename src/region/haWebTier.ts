import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCESS_LOG_PREFIX, AccessLogBucket } from "./accessLogs";
import { amiParameterName } from "./ami";
import { EdgeProtection } from "./edgeProtection";
import type { PolicyStatement } from "../image/imageRegistry";
import { autoNamed, named } from "./names";
import { Network, type NetworkLayout } from "./network";
import { type AlarmThresholds, RegionAlarms } from "./regionAlarms";
import { type ContainerArgs, renderUserData } from "./userData";
import type { Capacity, DesyncMitigationMode, HealthCheckTarget, ScalingArgs, WafArgs, WarmPoolArgs, WebAclRef } from "./tierTypes";
import { launchHook, warmPoolSettings } from "./warmPool";

/** The container the instances run: what the user data renders, plus how long it takes to start. */
export interface AppArgs extends ContainerArgs {
    /** The image in this region's own registry (RegionImage.imageUri). */
    image: pulumi.Input<string>;
    /** What the instance role needs to pull it (RegionImage.pullStatements). */
    imagePull: PolicyStatement[];
    /** Resources the first pull needs in place (RegionImage.ready); instances launch after them. */
    imageReady?: pulumi.Resource[];
    /** Seconds from launch until ELB health checks count: boot + image pull + start. */
    bootGraceSeconds: number;
}

/** HTTPS for the ALB: a certificate for `domainName`, validated through the hosted zone. */
export interface TlsArgs {
    /** Route 53 hosted zone that holds `domainName` and the validation record. */
    hostedZoneId: pulumi.Input<string>;
    /** The name users reach the service at. */
    domainName: string;
}

/** The region's edge and what watches it: the config's waf, alb and alarms blocks. */
export interface EdgeArgs {
    /** WAF on the ALB; none when turned off. */
    waf?: WafArgs;
    /** The HTTPS listener's security policy: TLS 1.3 and 1.2 (Route 53's HTTPS checks need 1.2). */
    sslPolicy: string;
    /** The Strict-Transport-Security value the HTTPS listener adds to every response. */
    hsts: string;
    /** How the ALB treats requests that could desync it from the app (Security Hub ELB.12 wants defensive or stricter). */
    desyncMitigationMode: DesyncMitigationMode;
    /** ARC zonal autoshift for the ALB (zonal shift itself is always on). */
    zonalAutoshift: boolean;
    /** When the region's alarms page. */
    alarms: AlarmThresholds;
    /** E-mail address subscribed to the region's alarm topic. */
    notificationEmail?: string;
    /** Unique per stack (<project>-<stack>), to keep CloudWatch metric names of stacks apart. */
    metricPrefix: string;
}

/** Arguments for {@link HaWebTier}. */
export interface HaWebTierArgs {
    /** The region's network (its flow logs keep `logRetentionDays`; its zones offer `instanceType`). */
    network: NetworkLayout;
    /** The app container. */
    app: AppArgs;
    /** EC2 instance type; Graviton types get the arm64 image. */
    instanceType: string;
    /** Auto Scaling capacity for this region's role. */
    capacity: Capacity;
    /** Target tracking on average CPU. */
    scaling: ScalingArgs;
    /** Protect the ALB from deletion. */
    deletionProtection: boolean;
    /** Days to keep app and flow logs (a CloudWatch Logs retention value). */
    logRetentionDays: number;
    /** HTTPS with an ACM certificate; without it the ALB serves HTTP only. */
    tls?: TlsArgs;
    /** WAF, access logs, TLS policy, zonal shift and alarms. */
    edge: EdgeArgs;
    /**
     * Name of the app's CloudWatch log group. Given rather than generated, so the user data that names
     * it is known in a preview and cloud-init can be reviewed offline. Unique per account and region
     * (CreateLogGroup: 1-512 of `a-zA-Z0-9_-/.#`). @default `/<project>/<stack>/<name>/app`
     */
    appLogGroupName?: string;
    /**
     * The failover function raises this region's minimum at run time (a woken standby); `pulumi up`
     * must then leave `minSize` alone as it does `desiredCapacity`. @default false
     */
    runtimeOwnsMinSize?: boolean;
    /**
     * Keep `size` stopped, pre-initialised instances in a warm pool (the pilot-light standby), so a wake
     * starts them instead of booting and pulling. @default no warm pool
     */
    warmPool?: WarmPoolArgs;
}

/**
 * One region's web tier: a Network, an internet-facing ALB in its public subnets, and an Auto Scaling
 * Group of app instances in its private subnets that only the ALB can reach. Create it with the
 * region's provider; every child inherits it through `parent: this`.
 */
export class HaWebTier extends pulumi.ComponentResource {
    /** The ALB's DNS name, for alias records and health checks. */
    public readonly albDnsName: pulumi.Output<string>;
    /** The ALB's canonical hosted zone id, for alias records. */
    public readonly albZoneId: pulumi.Output<string>;
    /** The ASG's name. */
    public readonly asgName: pulumi.Output<string>;
    /** The ASG's ARN, to scope what the failover function may scale. */
    public readonly asgArn: pulumi.Output<string>;
    /** The VPC's id. */
    public readonly vpcId: pulumi.Output<string>;
    /** Private subnet ids, for the database tier. */
    public readonly privateSubnetIds: pulumi.Output<string>[];
    /** The app instances' security group, which the database admits by id. */
    public readonly appSecurityGroupId: pulumi.Output<string>;
    /** The app instances' IAM role name, to grant them access to more resources. */
    public readonly instanceRoleName: pulumi.Output<string>;
    /** Protocol and port Route 53 should check: HTTPS/443 with TLS, else HTTP/80. */
    public readonly healthCheck: HealthCheckTarget;
    /** The ALB's ARN suffix, CloudWatch's LoadBalancer dimension. */
    public readonly albArnSuffix: pulumi.Output<string>;
    /** The target group's ARN suffix, CloudWatch's TargetGroup dimension. */
    public readonly targetGroupArnSuffix: pulumi.Output<string>;
    /** The bucket holding the ALB's access logs. */
    public readonly accessLogBucket: pulumi.Output<string>;
    /** The web ACL on the ALB, and its metric name (the WebACL dimension); none without WAF. */
    public readonly waf?: WebAclRef;
    /** The topic the region's alarms notify. */
    public readonly alarmTopicArn: pulumi.Output<string>;

    constructor(name: string, args: HaWebTierArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:HaWebTier", name, {}, opts);
        const parent = { parent: this };
        const app = args.app;

        // Without NAT, warm-pool instances complete their launch hook through an Auto Scaling endpoint.
        const extraEndpoints = args.warmPool && args.network.natStrategy === "none" ? ["autoscaling"] : [];
        const net = new Network(`${name}-net`, {
            ...args.network, instanceType: args.instanceType, flowLogRetentionDays: args.logRetentionDays, extraEndpoints,
        }, parent);

        const albSg = new aws.ec2.SecurityGroup(`${name}-alb-sg`, {
            vpcId: net.vpcId,
            description: "Internet-facing ALB: HTTP and HTTPS in, app port out to the app instances",
            tags: { Name: `${name}-alb` },
        }, parent);
        const appSg = new aws.ec2.SecurityGroup(`${name}-app-sg`, {
            vpcId: net.vpcId,
            description: "App instances: the app port from the ALB only; HTTPS out for images and AWS APIs",
            tags: { Name: `${name}-app` },
        }, parent);
        // Standalone rules, so the two groups can reference each other without a create-time cycle.
        for (const port of [80, 443]) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-alb-in-${port}`, {
                securityGroupId: albSg.id, ipProtocol: "tcp", fromPort: port, toPort: port,
                cidrIpv4: "0.0.0.0/0", description: `Clients on ${port}`,
            }, parent);
        }
        new aws.vpc.SecurityGroupEgressRule(`${name}-alb-to-app`, {
            securityGroupId: albSg.id, ipProtocol: "tcp", fromPort: app.port, toPort: app.port,
            referencedSecurityGroupId: appSg.id, description: "To the app instances",
        }, parent);
        new aws.vpc.SecurityGroupIngressRule(`${name}-app-from-alb`, {
            securityGroupId: appSg.id, ipProtocol: "tcp", fromPort: app.port, toPort: app.port,
            referencedSecurityGroupId: albSg.id, description: "From the ALB only",
        }, parent);
        new aws.vpc.SecurityGroupEgressRule(`${name}-app-https-out`, {
            securityGroupId: appSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443,
            cidrIpv4: "0.0.0.0/0", description: "Image registry, package repositories, SSM and CloudWatch",
        }, parent);

        const logs = new AccessLogBucket(`${name}-access-logs`, { retentionDays: args.logRetentionDays, deletionProtection: args.deletionProtection }, parent);
        const alb = new aws.lb.LoadBalancer(autoNamed("loadBalancer", `${name}-alb`), {
            loadBalancerType: "application",
            internal: false,
            subnets: net.publicSubnetIds,
            securityGroups: [albSg.id],
            dropInvalidHeaderFields: true,
            desyncMitigationMode: args.edge.desyncMitigationMode,
            // ARC may then shift traffic away from an impaired AZ (ELB guide, "Zonal shift for your Application Load Balancer").
            enableZonalShift: true,
            enableDeletionProtection: args.deletionProtection,
            accessLogs: { bucket: logs.bucketName, prefix: ACCESS_LOG_PREFIX, enabled: true },
            tags: { Name: `${name}-alb` },
        }, { parent: this, dependsOn: [logs.ready] });
        const tg = new aws.lb.TargetGroup(autoNamed("targetGroup", `${name}-tg`), {
            vpcId: net.vpcId,
            port: app.port,
            protocol: "HTTP",
            targetType: "instance",
            deregistrationDelay: 30,
            // Cross-zone is always on at an ALB's level; the target group could turn it off, so say it.
            loadBalancingCrossZoneEnabled: "true",
            healthCheck: {
                enabled: true,
                path: app.healthPath,
                port: "traffic-port",
                protocol: "HTTP",
                matcher: "200",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
        }, parent);
        this.healthCheck = this.listeners(name, alb, tg, args.edge, args.tls);

        const logGroupName = named("logGroup", args.appLogGroupName ?? `/${pulumi.getProject()}/${pulumi.getStack()}/${name}/app`);
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-app-logs`, { name: logGroupName, retentionInDays: args.logRetentionDays }, parent);
        const instanceRole = this.instanceRole(name, logGroup);
        const imagePolicy = new aws.iam.RolePolicy(`${name}-app-image`, {
            role: instanceRole.id,
            policy: { Version: "2012-10-17", Statement: app.imagePull },
        }, parent);
        const profile = new aws.iam.InstanceProfile(`${name}-app`, { role: instanceRole.name }, parent);
        const ami = aws.ssm.getParameterOutput({ name: amiParameterName(args.instanceType) }, parent);

        const lt = new aws.ec2.LaunchTemplate(`${name}-lt`, {
            description: `ha-web-tier app instances in ${args.network.region}`,
            imageId: ami.value,
            instanceType: args.instanceType,
            iamInstanceProfile: { arn: profile.arn },
            // Hop limit 1: the container uses the host network, so it still reaches IMDS (see userData.ts).
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            networkInterfaces: [{
                deviceIndex: 0,
                associatePublicIpAddress: "false",
                deleteOnTermination: "true",
                securityGroups: [appSg.id],
            }],
            blockDeviceMappings: [{
                deviceName: "/dev/xvda",
                ebs: { volumeType: "gp3", volumeSize: 20, encrypted: "true", deleteOnTermination: "true" },
            }],
            monitoring: { enabled: true },
            updateDefaultVersion: true,
            // The log group's name is the one this program chose, not the group's output, so the user data
            // is known before deploy (and planned) whenever the region's image URI is.
            userData: pulumi.output(app.image).apply((image) => {
                const { bootGraceSeconds, imagePull, imageReady, ...container } = app;
                return Buffer.from(renderUserData({
                    ...container, image, region: args.network.region, logGroupName, warmPool: args.warmPool !== undefined,
                })).toString("base64");
            }),
            tagSpecifications: [
                { resourceType: "instance", tags: { Name: `${name}-app` } },
                { resourceType: "volume", tags: { Name: `${name}-app` } },
            ],
            // Docker's awslogs driver does not create the group: no instance may boot before it exists.
        }, { parent: this, dependsOn: [logGroup] });

        const asg = new aws.autoscaling.Group(`${name}-asg`, {
            vpcZoneIdentifiers: net.privateSubnetIds,
            minSize: args.capacity.min,
            maxSize: args.capacity.max,
            desiredCapacity: args.capacity.desired,
            // One attachment style only: inline here, no separate attachment resource (flip-flopping diffs otherwise).
            targetGroupArns: [tg.arn],
            healthCheckType: "ELB",
            healthCheckGracePeriod: app.bootGraceSeconds,
            defaultInstanceWarmup: app.bootGraceSeconds,
            // A pinned version, not $Latest: instance refresh only starts when the version number changes.
            launchTemplate: { id: lt.id, version: lt.latestVersion.apply((v) => String(v)) },
            instanceRefresh: {
                strategy: "Rolling",
                preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200, instanceWarmup: String(app.bootGraceSeconds) },
            },
            enabledMetrics: ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupMinSize", "GroupMaxSize", "GroupTotalInstances"],
            tags: [{ key: "Name", value: `${name}-app`, propagateAtLaunch: true }],
            ...(args.warmPool ? {
                warmPool: warmPoolSettings(args.warmPool.size),
                initialLifecycleHooks: [launchHook(app.bootGraceSeconds)],
            } : {}),
        }, {
            parent: this,
            ignoreChanges: args.runtimeOwnsMinSize ? ["desiredCapacity", "minSize"] : ["desiredCapacity"],
            // The provider sets initial hooks only when it creates a group: turning the warm pool on or off
            // must replace the (then sleeping) standby group, or warm instances would stop mid-initialisation.
            replaceOnChanges: ["initialLifecycleHooks"],
            // Instances that boot before their NAT route, their pull permissions or the cache rule exist
            // cannot install Docker or pull the image.
            dependsOn: [...net.privateEgress, imagePolicy, ...(app.imageReady ?? [])],
        });
        if (args.warmPool) {
            this.warmPoolAccess(name, instanceRole, asg);
        }

        new aws.autoscaling.Policy(`${name}-cpu`, {
            autoscalingGroupName: asg.name,
            policyType: "TargetTrackingScaling",
            estimatedInstanceWarmup: app.bootGraceSeconds,
            targetTrackingConfiguration: {
                predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
                targetValue: args.scaling.cpuTarget,
            },
        }, parent);

        const waf = args.edge.waf && new EdgeProtection(`${name}-waf`, {
            ...args.edge.waf,
            loadBalancerArn: alb.arn,
            healthPath: app.healthPath,
            logRetentionDays: args.logRetentionDays,
            metricName: `${args.edge.metricPrefix}-${name}`,
        }, parent);
        const alarms = new RegionAlarms(`${name}-alarms`, {
            region: args.network.region,
            loadBalancerArn: alb.arn,
            loadBalancer: alb.arnSuffix,
            targetGroup: tg.arnSuffix,
            asgName: asg.name,
            webAcl: waf?.metricName,
            thresholds: args.edge.alarms,
            zonalAutoshift: args.edge.zonalAutoshift,
            notificationEmail: args.edge.notificationEmail,
        }, parent);

        this.albDnsName = alb.dnsName;
        this.albZoneId = alb.zoneId;
        this.asgName = asg.name;
        this.asgArn = asg.arn;
        this.vpcId = net.vpcId;
        this.privateSubnetIds = net.privateSubnetIds;
        this.appSecurityGroupId = appSg.id;
        this.instanceRoleName = instanceRole.name;
        this.albArnSuffix = alb.arnSuffix;
        this.targetGroupArnSuffix = tg.arnSuffix;
        this.accessLogBucket = logs.bucketName;
        this.waf = waf && { webAclArn: waf.webAclArn, metricName: waf.metricName };
        this.alarmTopicArn = alarms.topicArn;
        this.registerOutputs({
            albDnsName: this.albDnsName,
            albZoneId: this.albZoneId,
            asgName: this.asgName,
            asgArn: this.asgArn,
            vpcId: this.vpcId,
        });
    }

    /** HTTP forwarding, or with TLS: HTTPS forwarding plus an HTTP listener that only redirects. */
    private listeners(name: string, alb: aws.lb.LoadBalancer, tg: aws.lb.TargetGroup, edge: EdgeArgs, tls?: TlsArgs): HealthCheckTarget {
        const parent = { parent: this };
        if (!tls) {
            new aws.lb.Listener(`${name}-http`, {
                loadBalancerArn: alb.arn, port: 80, protocol: "HTTP",
                defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
            }, parent);
            return { protocol: "HTTP", port: 80 };
        }
        const cert = new aws.acm.Certificate(`${name}-cert`, { domainName: tls.domainName, validationMethod: "DNS" }, parent);
        const option = cert.domainValidationOptions.apply((o) => o[0]);
        // Every region's certificate for the same name asks for the same validation record, hence
        // allowOverwrite, and retainOnDelete: removing one region must not break the others' renewals.
        const record = new aws.route53.Record(`${name}-cert-validation`, {
            zoneId: tls.hostedZoneId,
            name: option.apply((o) => o.resourceRecordName ?? ""),
            type: option.apply((o) => o.resourceRecordType ?? "CNAME"),
            records: [option.apply((o) => o.resourceRecordValue ?? "")],
            ttl: 300,
            allowOverwrite: true,
        }, { parent: this, retainOnDelete: true });
        const validated = new aws.acm.CertificateValidation(`${name}-cert`, {
            certificateArn: cert.arn,
            validationRecordFqdns: [record.fqdn],
        }, parent);
        new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS",
            sslPolicy: edge.sslPolicy,
            certificateArn: validated.certificateArn,
            // The ALB adds the header itself (ELB guide, "HTTP header modification"), so every app gets HSTS.
            routingHttpResponseStrictTransportSecurityHeaderValue: edge.hsts,
            defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
        }, parent);
        new aws.lb.Listener(`${name}-http`, {
            loadBalancerArn: alb.arn, port: 80, protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        }, parent);
        return { protocol: "HTTPS", port: 443 };
    }

    /**
     * Warm-pool instances complete the launch hook of this group only, and read which group they are in
     * (a read that supports no resource-level permissions). Created after the group, whose ARN it needs;
     * the instances retry until it exists.
     */
    private warmPoolAccess(name: string, role: aws.iam.Role, asg: aws.autoscaling.Group): void {
        new aws.iam.RolePolicy(`${name}-app-lifecycle`, {
            role: role.id,
            policy: {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "CompleteOwnLaunchHook", Effect: "Allow", Action: ["autoscaling:CompleteLifecycleAction"], Resource: [asg.arn] },
                    { Sid: "FindOwnGroup", Effect: "Allow", Action: ["autoscaling:DescribeAutoScalingInstances"], Resource: "*" },
                ],
            },
        }, { parent: this });
    }

    /** SSM Session Manager instead of SSH, container logs to this tier's log group only. */
    private instanceRole(name: string, logGroup: aws.cloudwatch.LogGroup): aws.iam.Role {
        const parent = { parent: this };
        const role = new aws.iam.Role(`${name}-app`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }, parent);
        // Docker's awslogs driver needs only these two calls; a managed CloudWatch agent policy would
        // let every instance write to any log group.
        new aws.iam.RolePolicy(`${name}-app-logs`, {
            role: role.id,
            policy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroup.arn}:*` }],
            },
        }, parent);
        const partition = aws.getPartitionOutput({}, parent).partition;
        for (const policy of ["AmazonSSMManagedInstanceCore"]) {
            new aws.iam.RolePolicyAttachment(`${name}-app-${policy}`, {
                role: role.name,
                policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`,
            }, parent);
        }
        return role;
    }
}
