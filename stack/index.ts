/**
 * Wiring only: stack config -> one provider per region -> the region's image and HaWebTier -> the
 * optional data tier -> GlobalFailover (or, in single-region mode, SingleRegionEndpoint) -> the standby
 * region's probe -> outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dashboardName, StackDashboard } from "../src/observability/dashboard";
import { DataTier } from "../src/data/dataTier";
import { GlobalFailover } from "../src/failover/globalFailover";
import { HaWebTier } from "../src/region/haWebTier";
import type { RegionTarget } from "../src/failover/healthWatch";
import { RegionImage } from "../src/image/imageRegistry";
import { cachePrefix } from "../src/image/imageSource";
import { PrimaryProbe } from "../src/failover/primaryProbe";
import { SINGLE_REGION_ENDPOINT_TYPE, SingleRegionEndpoint } from "../src/failover/singleRegionEndpoint";
import { usableZones, type Zone, type ZoneRequest, zoneShortfall } from "../src/region/zones";
import { ACCELERATOR_TARGET_HEALTH } from "../src/region/targetHealth";
import { ACCELERATOR_CONTROL_PLANE_REGION, GlobalAcceleratorFrontDoor } from "../src/frontdoor/globalAccelerator";
import { FLOW_LOG_PREFIX, FlowLogBucket } from "../src/frontdoor/flowLogBucket";
import { ConfigError, loadConfig, NAMESPACE, RegionConfig } from "./config";
import { BREAK_GLASS_AMI, breakGlassZones } from "./breakGlass";

const cfg = loadConfig();
const stack = pulumi.getStack();
for (const advisory of cfg.advisories) {
    void pulumi.log.warn(`advisory: ${advisory}`);
}
// A deploy with a placeholder fails at the first record or subscription that uses it, most of the stack later.
for (const placeholder of cfg.placeholders) {
    void pulumi.log.warn(`placeholder: ${placeholder}`);
}
/** Names the stack's dashboard and prefixes its WAF metric names. */
const stackId = dashboardName(pulumi.getProject(), stack);

/**
 * Break-glass (docs/operations.md): the region that is down. The program then makes no call there:
 * its provider asks STS in a surviving region (credential check and account id), and its zone and AMI
 * lookups give way to placeholders. Its resources are not targeted, so those values are never applied.
 */
const down = cfg.breakGlass.regionDown;
const survivor = cfg.regions.find((r) => r.name !== down)?.name;

const providerFor = (region: string): aws.Provider => new aws.Provider(region, {
    region: region as aws.Region,
    ...(region === down ? { stsRegion: survivor, maxRetries: 1 } : {}),
    defaultTags: {
        tags: { ...cfg.tags, Project: pulumi.getProject(), Stack: stack, Region: region, ManagedBy: "pulumi" },
    },
});

/** Every region's zone lookup, judged together so a shortfall is reported for every region at once. */
const zoneLookups: { key: string; req: ZoneRequest; count: number; zones: pulumi.Output<Zone[]> }[] = [];
let judgedZones: pulumi.Output<Zone[][]> | undefined;

/**
 * The region's usable zones, looked up here so that too few of them is reported against the config key
 * (`regions[i].azCount`) the way every other config problem is, not against the component's arg. AZ
 * counts are facts of the account, known only from these lookups (stack/config/facts.ts).
 */
const zonesFor = (region: RegionConfig, i: number, provider: aws.Provider): pulumi.Output<Zone[]> => {
    const req = { region: region.name, instanceType: cfg.capacity.instanceType };
    if (region.name === down) {
        return pulumi.output(breakGlassZones(region.name, region.azCount));
    }
    const lookup = { key: `regions[${i}].azCount`, req, count: region.azCount, zones: usableZones(req, { provider }) };
    zoneLookups.push(lookup);
    // Judged once the first lookup answers: by then the program has asked for every region's zones.
    return lookup.zones.apply(() => judgedZones ??= pulumi.all(zoneLookups.map((l) => l.zones)).apply((all) => {
        const problems = zoneLookups.flatMap((l, j) => {
            const short = zoneShortfall(all[j] ?? [], l.req, l.count);
            return short ? [`${NAMESPACE}:${l.key}: ${short}`] : [];
        });
        if (problems.length > 0) throw new ConfigError(problems);
        return all;
    })).apply((all) => all[zoneLookups.indexOf(lookup)] ?? []);
};

/** Global Accelerator in front of the ALBs instead of Route 53 records (docs/managed-paths.md). */
const accelerated = cfg.frontDoor === "global-accelerator";

const tiers = cfg.regions.map((region, i) => {
    const provider = providerFor(region.name);
    const replication = cfg.images.replication;
    // Every region pulls from its own registry, so a standby never needs the failed region to launch.
    const image = new RegionImage(`${region.name}-image`, {
        region: region.name,
        source: cfg.images.sources[region.name],
        cachePrefix: cachePrefix(stack),
        replication: replication?.home === region.name ? replication : undefined,
    }, { provider });
    const tier = new HaWebTier(region.name, {
        region: region.name,
        ...(region.existingVpc
            ? { existingNetwork: { ...region.existingVpc, argPath: `${NAMESPACE}:regions[${i}].existingVpc` } }
            : {
                network: {
                    // rules.ts requires vpcCidr of a region without existingVpc.
                    vpcCidr: region.vpcCidr!, azCount: region.azCount, natStrategy: region.natStrategy,
                    availabilityZones: zonesFor(region, i, provider),
                },
            }),
        app: {
            image: image.imageUri,
            imagePull: image.pullStatements,
            imageReady: image.ready,
            demoSite: cfg.app.image === undefined,
            port: cfg.app.port,
            healthPath: cfg.app.healthPath,
            healthText: cfg.healthSearchString,
            environment: cfg.app.environment,
            bootGraceSeconds: cfg.app.bootGraceSeconds,
        },
        instanceType: cfg.capacity.instanceType,
        amiId: region.name === down ? BREAK_GLASS_AMI : undefined,
        capacity: region.capacity,
        scaling: cfg.scaling,
        deletionProtection: cfg.deletionProtection,
        logRetentionDays: cfg.logRetentionDays,
        tls: cfg.dns ? { hostedZoneId: cfg.dns.hostedZoneId, domainName: cfg.dns.recordName } : undefined,
        runtimeOwnsMinSize: region.role === "standby",
        reserveCapacity: region.role === "standby" && cfg.failover.reserveCapacity ? { count: cfg.failoverCapacity } : undefined,
        warmPool: region.role === "standby" && cfg.mode === "pilot-light" && cfg.failover.warmPool
            ? { size: cfg.failoverCapacity }
            : undefined,
        // GA fails over on the ALB's target health: these settings are the detection half of its RTO.
        targetHealth: accelerated ? ACCELERATOR_TARGET_HEALTH : undefined,
        edge: {
            waf: cfg.waf.enabled ? { mode: cfg.waf.mode, rateLimit: cfg.waf.rateLimit, rateWindowSeconds: cfg.waf.rateWindowSeconds, sqli: cfg.waf.sqli } : undefined,
            sslPolicy: cfg.alb.sslPolicy,
            hsts: cfg.alb.hsts,
            desyncMitigationMode: cfg.alb.desyncMitigationMode,
            zonalAutoshift: cfg.alb.zonalAutoshift,
            alarms: cfg.alarms,
            notificationEmail: cfg.failover.notificationEmail,
            metricPrefix: stackId,
        },
    }, { provider });
    return { region, provider, tier };
});

const data = cfg.database.enabled
    ? new DataTier("data", {
        project: pulumi.getProject(),
        stack,
        database: cfg.database,
        deletionProtection: cfg.deletionProtection,
        regions: tiers.map(({ region, tier }) => ({
            name: region.name,
            vpcId: tier.vpcId,
            privateSubnetIds: tier.privateSubnetIds,
            appSecurityGroupId: tier.appSecurityGroupId,
            instanceRoleName: tier.instanceRoleName,
        })),
    }, { providers: Object.fromEntries(tiers.map(({ region, provider }) => [region.name, provider])) })
    : undefined;

// Route 53 health-check metrics exist only in us-east-1, so the alarms and their topic live there too.
const usEast1 = tiers.find((t) => t.region.name === "us-east-1")?.provider ?? providerFor("us-east-1");
const standby = cfg.mode === "active-active" || cfg.mode === "single-region" ? undefined : tiers[1];
/** ARC Region switch wakes the standby instead of the failover function and the probe. */
const regionSwitch = standby !== undefined && cfg.failover.engine === "arc-region-switch";
const targetOf = ({ region, tier }: { region: RegionConfig; tier: HaWebTier }): RegionTarget => ({
    region: region.name, albDnsName: tier.albDnsName, albZoneId: tier.albZoneId, healthCheck: tier.healthCheck,
    // Route 53 starts checking once the group serves: no wake on a first deploy.
    servesAfter: tier.asgArn,
});
const watch = {
    healthPath: cfg.app.healthPath,
    searchString: cfg.healthSearchString,
    requestInterval: cfg.failover.healthCheckInterval,
    failureThreshold: cfg.failover.failureThreshold,
    checkerRegions: cfg.failover.checkerRegions,
    dns: cfg.dns,
    notificationEmail: cfg.failover.notificationEmail,
};

// Both are named "global", and GlobalFailover takes the single-region type as an alias: adding a second
// region to a single-region stack moves its check, alarm, topic and record instead of replacing them.
const endpoint = cfg.mode === "single-region"
    ? new SingleRegionEndpoint("global", { ...watch, region: targetOf(tiers[0]) }, { provider: usEast1 })
    : new GlobalFailover("global", {
        ...watch,
        mode: cfg.mode,
        records: !accelerated,
        regionSwitch: regionSwitch ? {
            minDelayMinutesBetweenExecutions: cfg.failover.minDelayMinutesBetweenExecutions,
            approvalRoleArn: cfg.failover.approvalRoleArn,
            // Region switch raises the standby to ceil(percent x the primary's capacity); the function's failover.capacity, as a share.
            targetPercent: Math.ceil((100 * cfg.failoverCapacity) / cfg.capacity.desired),
            // Boot, pull and start (app.bootGraceSeconds), plus five minutes for the launches themselves.
            scalingTimeoutMinutes: Math.ceil(cfg.app.bootGraceSeconds / 60) + 5,
        } : undefined,
        regions: tiers.map(({ region, tier }) => ({
            ...targetOf({ region, tier }),
            role: region.role,
            asgName: tier.asgName,
            asgArn: tier.asgArn,
        })),
        drill: cfg.failover.drill,
        failover: standby && {
            stack,
            recoveryWindowMinutes: cfg.failover.recoveryWindowMinutes,
            failoverCapacity: cfg.failoverCapacity,
            standbyCapacity: standby.region.capacity,
            logRetentionDays: cfg.logRetentionDays,
            reservedConcurrency: cfg.failover.reservedConcurrency,
            deletionProtection: cfg.deletionProtection,
            failback: cfg.failover.failback,
            reconcileHoldMinutes: cfg.failover.reconcileHoldMinutes,
            // After a database flip the standby holds the writer and has no replica to promote.
            replica: data?.replicas[standby.region.name]
                ? { ...data.replicas[standby.region.name], autoPromote: cfg.database.autoPromote, autoPromoteAfterMinutes: cfg.database.autoPromoteAfterMinutes }
                : undefined,
        },
    }, {
        aliases: [{ type: SINGLE_REGION_ENDPOINT_TYPE }],
        providers: { "us-east-1": usEast1, ...(standby ? { [standby.region.name]: standby.provider } : {}) },
    });
const healthCheckIds = endpoint instanceof GlobalFailover ? endpoint.healthCheckIds : { [cfg.regions[0].name]: endpoint.healthCheckId };

// A second, faster detection path that lives in the standby region, not in us-east-1 with the alarm.
const probe = standby && cfg.dns && cfg.failover.probe && !regionSwitch
    ? new PrimaryProbe("probe", {
        stack,
        primaryRegion: tiers[0].region.name,
        standbyRegion: standby.region.name,
        primaryAlbDnsName: tiers[0].tier.albDnsName,
        hostName: cfg.dns.recordName,
        healthPath: cfg.app.healthPath,
        searchString: cfg.healthSearchString,
        failureThreshold: cfg.failover.failureThreshold,
        healthCheckId: healthCheckIds[tiers[0].region.name],
        standbyAsgName: standby.tier.asgName,
        standbyAsgArn: standby.tier.asgArn,
        failoverCapacity: cfg.failoverCapacity,
        standbyCapacity: standby.region.capacity,
        notificationEmail: cfg.failover.notificationEmail,
        logRetentionDays: cfg.logRetentionDays,
    }, { provider: standby.provider })
    : undefined;

// One accelerator for every region, managed through us-west-2; its flow logs go to a bucket in the primary region.
const usWest2 = tiers.find((t) => t.region.name === ACCELERATOR_CONTROL_PLANE_REGION)?.provider ?? (accelerated ? providerFor(ACCELERATOR_CONTROL_PLANE_REGION) : undefined);
const flowLogs = accelerated
    ? new FlowLogBucket("front-door-flow-logs", { retentionDays: cfg.logRetentionDays, deletionProtection: cfg.deletionProtection }, { provider: tiers[0].provider })
    : undefined;
const accelerator = flowLogs
    ? new GlobalAcceleratorFrontDoor("front-door", {
        // A standby's dial is 0: it takes no users while the primary is healthy, and GA ignores dials when it fails over.
        regions: tiers.map(({ region, tier }) => ({ region: region.name, albArn: tier.albArn, trafficDial: region.role === "standby" ? 0 : 100 })),
        ports: tiers[0].tier.healthCheck.protocol === "HTTPS" ? [80, 443] : [80],
        flowLogs: { bucketName: flowLogs.bucketName, prefix: FLOW_LOG_PREFIX, ready: flowLogs.ready },
        dns: cfg.dns,
    }, { provider: usWest2 })
    : undefined;

/** The probe function in the standby region that wakes the standby without the alarm (failover modes). */
export const probeFunctionName = probe?.functionName;
// Dashboards are global; this one lives with the primary and reads every region's metrics.
const dashboard = new StackDashboard("global-dashboard", {
    dashboardName: stackId,
    region: tiers[0].region.name,
    content: {
        title: `ha-web-tier ${stack} (${cfg.mode})`,
        regions: tiers.map(({ region, tier }) => ({
            region: region.name,
            role: region.role,
            loadBalancer: tier.albArnSuffix,
            targetGroup: tier.targetGroupArnSuffix,
            asgName: tier.asgName,
            webAcl: tier.waf?.metricName,
        })),
        healthChecks: tiers.map(({ region }) => ({ region: region.name, healthCheckId: healthCheckIds[region.name] })),
        failover: standby && endpoint instanceof GlobalFailover && endpoint.functionName && endpoint.deadLetterQueueName
            ? { region: standby.region.name, functionName: endpoint.functionName, deadLetterQueueName: endpoint.deadLetterQueueName }
            : undefined,
    },
}, { provider: tiers[0].provider });

/** Per region: where it serves, what scales it, which network it lives in. */
export const regions = Object.fromEntries(tiers.map(({ region, tier }) => [region.name, {
    role: region.role,
    albDnsName: tier.albDnsName,
    asgName: tier.asgName,
    vpcId: tier.vpcId,
    healthCheckId: healthCheckIds[region.name],
}]));

/** The topic that alarms and the failover function notify (us-east-1). */
export const alarmTopicArn = endpoint.topicArn;

/** The failover function in the standby region (failover modes only). */
export const failoverFunctionName = endpoint instanceof GlobalFailover ? endpoint.functionName : undefined;

/** Where users reach the service: the failover name with DNS, else the accelerator or the primary's ALB. */
export const serviceUrl = cfg.dns
    ? pulumi.output(`https://${cfg.dns.recordName}`)
    : accelerator ? pulumi.interpolate`http://${accelerator.dnsName}` : pulumi.interpolate`http://${tiers[0].tier.albDnsName}`;

/** How users reach the regions: Route 53 records, or the accelerator with its name, addresses and flow-log bucket. */
export const frontDoor = accelerator && flowLogs
    ? { kind: cfg.frontDoor, dnsName: accelerator.dnsName, ipAddresses: accelerator.ipAddresses, flowLogBucket: flowLogs.bucketName }
    : { kind: cfg.frontDoor };

/** The ARC Region switch plans (failover.engine arc-region-switch): the wake plan, and the promotion plan with automatic promotion. */
export const regionSwitchPlanArns = endpoint instanceof GlobalFailover ? endpoint.regionSwitchPlanArns : undefined;

/** The data tier: where the writer is, and per replica region what the failover function may promote. */
export const database = data
    ? { enabled: true, primaryRegion: data.primaryRegion, writerAddress: data.primary.address, replicas: data.replicas }
    : { enabled: false };

/** The stack's CloudWatch dashboard: every region's traffic, errors, latency, targets, capacity and WAF. */
export const dashboardUrl = dashboard.url;

/** Per region: the WAF web ACL on the ALB (none with waf.enabled false). */
export const wafWebAclArns = Object.fromEntries(tiers.filter(({ tier }) => tier.waf).map(({ region, tier }) => [region.name, tier.waf!.webAclArn]));

/** Per region: the S3 bucket with the ALB's access logs. */
export const accessLogBuckets = Object.fromEntries(tiers.map(({ region, tier }) => [region.name, tier.accessLogBucket]));

/** Per region: the topic its alarms on errors, latency, targets, capacity and WAF notify. */
export const regionAlarmTopicArns = Object.fromEntries(tiers.map(({ region, tier }) => [region.name, tier.alarmTopicArn]));
