import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCESS_LOG_PREFIX, AccessLogBucket } from "./accessLogs";
import { amiParameterName } from "./ami";
import { EdgeProtection } from "./edgeProtection";
import {
    type ExistingNetworkArgs, existingNetworkArgProblems, ExistingNetworkError, existingNetworkProblems, lookupSubnets, type NetworkProblem,
    type SubnetFacts,
} from "./existingNetwork";
import { autoNamed, named } from "./names";
import { Network } from "./network";
import { RegionAlarms } from "./regionAlarms";
import { DNS_TARGET_HEALTH } from "./targetHealth";
import { createListeners, createSecurityGroups, instanceRole as createInstanceRole, warmPoolAccess } from "./tierParts";
import { renderUserData } from "./userData";
import type { HealthCheckTarget, WebAclRef } from "./tierTypes";
import { launchHook, warmPoolSettings } from "./warmPool";
import { reserveStandbyCapacity } from "./capacityReservation";
import { usableZones } from "./zones";

export type { TlsArgs } from "./tierParts";
export type { AppArgs, EdgeArgs, HaWebTierArgs, HaWebTierResources } from "./tierArgs";
import type { HaWebTierArgs, HaWebTierResources } from "./tierArgs";

/** The network a tier runs in, built or given. */
interface TierNetwork {
    /** The VPC's id; with an existing network, known once its subnets have passed the checks. */
    vpcId: pulumi.Output<string>;
    publicSubnetIds: pulumi.Input<string>[];
    privateSubnetIds: pulumi.Input<string>[];
    /** What private subnets need before instances there can reach the internet (built networks only). */
    privateEgress: pulumi.Resource[];
    network?: Network;
    existingSubnets?: pulumi.Output<SubnetFacts>[];
}

const HAWEBTIER_RESOURCES = new WeakMap<HaWebTier, HaWebTierResources>();

/**
 * One region's web tier: a Network (or a VPC you own), an internet-facing ALB in its public subnets,
 * and an Auto Scaling Group of app instances in its private subnets that only the ALB can reach.
 * Create it with the region's provider; every child inherits it through `parent: this`.
 */
export class HaWebTier extends pulumi.ComponentResource {
    /** The child resources: network, loadBalancer, targetGroup, autoScalingGroup, launchTemplate, albSecurityGroup, appSecurityGroup, instanceRole, appLogGroup, accessLogs, edgeProtection, alarms. */
    public get resources(): HaWebTierResources {
        return HAWEBTIER_RESOURCES.get(this)!;
    }

    /** The ALB's DNS name, for alias records and health checks. */
    public readonly albDnsName: pulumi.Output<string>;
    /** The ALB's canonical hosted zone id, for alias records. */
    public readonly albZoneId: pulumi.Output<string>;
    /** The ALB's ARN, for a Global Accelerator endpoint group. */
    public readonly albArn: pulumi.Output<string>;
    /** The ASG's name. */
    public readonly asgName: pulumi.Output<string>;
    /** The ASG's ARN, to scope what the failover function may scale. */
    public readonly asgArn: pulumi.Output<string>;
    /** The VPC's id. */
    public readonly vpcId: pulumi.Output<string>;
    /** Public subnet ids (the ALB's). */
    public readonly publicSubnetIds: pulumi.Output<string>[];
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
    /** What the lookups found of each subnet of `existingNetwork` (public first); none with a built network. */
    public readonly existingSubnets?: pulumi.Output<SubnetFacts>[];

    constructor(name: string, args: HaWebTierArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:HaWebTier", name, {}, opts);
        const res = {} as HaWebTierResources;
        const parent = { parent: this };
        const app = args.app;
        const net = args.existingNetwork ? this.useNetwork(name, args, args.existingNetwork) : this.buildNetwork(name, args);

        const { albSg, appSg } = createSecurityGroups(name, this, net.vpcId, app.port);
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
        const health = args.targetHealth ?? DNS_TARGET_HEALTH;
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
                interval: health.interval,
                timeout: health.timeout,
                healthyThreshold: health.healthyThreshold,
                unhealthyThreshold: health.unhealthyThreshold,
            },
        }, parent);
        this.healthCheck = createListeners(name, this, alb, tg, args.edge, args.tls);

        const logGroupName = named("logGroup", args.appLogGroupName ?? `/${pulumi.getProject()}/${pulumi.getStack()}/${name}/app`);
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-app-logs`, { name: logGroupName, retentionInDays: args.logRetentionDays }, parent);
        const instanceRole = createInstanceRole(name, this, logGroup);
        const imagePolicy = new aws.iam.RolePolicy(`${name}-app-image`, {
            role: instanceRole.id,
            policy: { Version: "2012-10-17", Statement: app.imagePull },
        }, parent);
        const profile = new aws.iam.InstanceProfile(`${name}-app`, { role: instanceRole.name }, parent);
        const imageId = args.amiId ?? aws.ssm.getParameterOutput({ name: amiParameterName(args.instanceType) }, parent).value;

        const lt = new aws.ec2.LaunchTemplate(`${name}-lt`, {
            description: `ha-web-tier app instances in ${args.region}`,
            imageId,
            instanceType: args.instanceType,
            iamInstanceProfile: { arn: profile.arn },
            // Hop limit 1: the container uses the host network, so it still reaches IMDS (see userData.ts).
            // A warm-pool instance reads its group's name from its tags in IMDS (see warmPool.ts).
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, ...(args.warmPool ? { instanceMetadataTags: "enabled" } : {}) },
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
                    ...container, image, region: args.region, logGroupName, warmPool: args.warmPool !== undefined,
                })).toString("base64");
            }),
            tagSpecifications: [
                { resourceType: "instance", tags: { Name: `${name}-app` } },
                { resourceType: "volume", tags: { Name: `${name}-app` } },
            ],
            // Docker's awslogs driver does not create the group: no instance may boot before it exists.
        }, { parent: this, dependsOn: [logGroup] });

        // Before the group, so no instance boots without it (see warmPoolAccessStatements).
        const lifecycle = args.warmPool ? warmPoolAccess(name, this, instanceRole, args.region) : undefined;
        if (args.reserveCapacity && !args.network?.availabilityZones) {
            throw new Error(`HaWebTier ${name}: reserveCapacity needs network.availabilityZones (the zones to reserve in); an existing network's zones are known only after its lookups`);
        }
        const reserved = args.reserveCapacity && args.network?.availabilityZones
            ? reserveStandbyCapacity(name, {
                count: args.reserveCapacity.count, instanceType: args.instanceType, region: args.region,
                azCount: args.network.azCount, zones: args.network.availabilityZones,
            }, this)
            : undefined;
        const asg = new aws.autoscaling.Group(`${name}-asg`, {
            vpcZoneIdentifiers: net.privateSubnetIds,
            minSize: args.capacity.min,
            maxSize: args.capacity.max,
            desiredCapacity: args.capacity.desired,
            // Creation waits until this many instances pass the target group's checks ("only on creation",
            // @pulumi/aws Group minElbCapacity), so whatever is created after the group (the region's
            // Route 53 check, the alarms and the probe) never sees a region that has not served yet.
            minElbCapacity: args.capacity.desired > 0 ? args.capacity.desired : undefined,
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
            ...(reserved ? { capacityReservationSpecification: reserved.spec } : {}),
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
            dependsOn: [...net.privateEgress, imagePolicy, ...(app.imageReady ?? []), ...(lifecycle ? [lifecycle] : [])],
        });

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
            region: args.region,
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
        this.albArn = alb.arn;
        this.asgName = asg.name;
        this.asgArn = asg.arn;
        this.vpcId = net.vpcId;
        this.publicSubnetIds = net.publicSubnetIds.map((id) => pulumi.output(id));
        this.privateSubnetIds = net.privateSubnetIds.map((id) => pulumi.output(id));
        this.appSecurityGroupId = appSg.id;
        this.instanceRoleName = instanceRole.name;
        this.albArnSuffix = alb.arnSuffix;
        this.targetGroupArnSuffix = tg.arnSuffix;
        this.accessLogBucket = logs.bucketName;
        this.waf = waf && { webAclArn: waf.webAclArn, metricName: waf.metricName };
        this.alarmTopicArn = alarms.topicArn;
        res.network = net.network;
        this.existingSubnets = net.existingSubnets;
        res.loadBalancer = alb;
        res.targetGroup = tg;
        res.autoScalingGroup = asg;
        res.launchTemplate = lt;
        res.albSecurityGroup = albSg;
        res.appSecurityGroup = appSg;
        res.instanceRole = instanceRole;
        res.appLogGroup = logGroup;
        res.accessLogs = logs;
        res.edgeProtection = waf || undefined;
        res.alarms = alarms;
        HAWEBTIER_RESOURCES.set(this, res);
        this.registerOutputs({
            albDnsName: this.albDnsName, albZoneId: this.albZoneId, asgName: this.asgName, asgArn: this.asgArn,
            vpcId: this.vpcId, publicSubnetIds: this.publicSubnetIds, privateSubnetIds: this.privateSubnetIds,
            appSecurityGroupId: this.appSecurityGroupId, instanceRoleName: this.instanceRoleName, healthCheck: this.healthCheck,
            albArn: this.albArn, albArnSuffix: this.albArnSuffix, targetGroupArnSuffix: this.targetGroupArnSuffix, accessLogBucket: this.accessLogBucket,
            waf: this.waf, alarmTopicArn: this.alarmTopicArn, network: res.network, existingSubnets: this.existingSubnets,
            loadBalancer: alb, targetGroup: tg, autoScalingGroup: asg, launchTemplate: lt, albSecurityGroup: albSg,
            appSecurityGroup: appSg, instanceRole, appLogGroup: logGroup, accessLogs: logs, edgeProtection: res.edgeProtection, alarms,
        });
    }

    /** A Network of the tier's own. */
    private buildNetwork(name: string, args: HaWebTierArgs): TierNetwork {
        if (!args.network) {
            throw new Error(`HaWebTier ${name}: give network (to build a VPC) or existingNetwork (to use one you own)`);
        }
        // Without NAT, warm-pool instances complete their launch hook through an Auto Scaling endpoint.
        const extraEndpoints = args.warmPool && args.network.natStrategy === "none" ? ["autoscaling"] : [];
        const network = new Network(`${name}-net`, {
            ...args.network, region: args.region, instanceType: args.instanceType, flowLogRetentionDays: args.logRetentionDays, extraEndpoints,
        }, { parent: this });
        return {
            vpcId: network.vpcId, publicSubnetIds: network.publicSubnetIds, privateSubnetIds: network.privateSubnetIds,
            privateEgress: network.privateEgress, network,
        };
    }

    /**
     * A VPC the caller owns: its ids are checked at once, its subnets once looked up. Until they pass,
     * the VPC id stays pending, so nothing the tier puts in the VPC is created in one that does not fit.
     */
    private useNetwork(name: string, args: HaWebTierArgs, existing: ExistingNetworkArgs): TierNetwork {
        if (args.network) {
            throw new Error(`HaWebTier ${name}: give network or existingNetwork, not both`);
        }
        const fail = (problems: NetworkProblem[]): Error => new ExistingNetworkError(`HaWebTier ${name}`, existing.argPath ?? "existingNetwork", problems);
        const argProblems = existingNetworkArgProblems(existing);
        if (argProblems.length > 0) {
            throw fail(argProblems);
        }
        const facts = lookupSubnets(existing, { parent: this });
        const zones = usableZones({ region: args.region, instanceType: args.instanceType }, { parent: this });
        const vpcId = pulumi.all([pulumi.all(facts), zones, existing.vpcId]).apply(([found, offered, vpc]) => {
            const problems = existingNetworkProblems(vpc, found, offered.map((z) => z.id), args.instanceType);
            if (problems.length > 0) {
                throw fail(problems);
            }
            return vpc;
        });
        return { vpcId, publicSubnetIds: existing.publicSubnetIds, privateSubnetIds: existing.privateSubnetIds, privateEgress: [], existingSubnets: facts };
    }
}
