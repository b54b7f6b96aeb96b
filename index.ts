/**
 * Wiring only: stack config -> one provider per region -> one HaWebTier per region -> the optional
 * data tier -> GlobalFailover -> outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createDataTier } from "./components/dataTier";
import { GlobalFailover } from "./components/globalFailover";
import { HaWebTier } from "./components/haWebTier";
import { DEMO_IMAGE, loadConfig } from "./config";

const cfg = loadConfig();
const stack = pulumi.getStack();

const providerFor = (region: string): aws.Provider => new aws.Provider(region, {
    region: region as aws.Region,
    defaultTags: {
        tags: { ...cfg.tags, Project: pulumi.getProject(), Stack: stack, Region: region, ManagedBy: "pulumi" },
    },
});

const tiers = cfg.regions.map((region, i) => {
    const provider = providerFor(region.name);
    const tier = new HaWebTier(region.name, {
        network: {
            region: region.name, vpcCidr: region.vpcCidr, azCount: region.azCount, natStrategy: region.natStrategy,
            azCountKey: `regions[${i}].azCount`,
        },
        app: {
            image: cfg.app.image,
            demoImage: DEMO_IMAGE,
            port: cfg.app.port,
            healthPath: cfg.app.healthPath,
            healthText: cfg.healthSearchString,
            environment: cfg.app.environment,
            bootGraceSeconds: cfg.app.bootGraceSeconds,
        },
        instanceType: cfg.capacity.instanceType,
        capacity: region.capacity,
        scaling: cfg.scaling,
        deletionProtection: cfg.deletionProtection,
        logRetentionDays: cfg.logRetentionDays,
        tls: cfg.dns ? { hostedZoneId: cfg.dns.hostedZoneId, domainName: cfg.dns.recordName } : undefined,
        runtimeOwnsMinSize: region.role === "standby",
    }, { provider });
    return { region, provider, tier };
});

const data = cfg.database.enabled
    ? createDataTier({
        project: pulumi.getProject(),
        stack,
        database: cfg.database,
        deletionProtection: cfg.deletionProtection,
        regions: tiers.map(({ region, provider, tier }) => ({
            name: region.name,
            provider,
            vpcId: tier.vpcId,
            privateSubnetIds: tier.privateSubnetIds,
            appSecurityGroupId: tier.appSecurityGroupId,
            instanceRoleName: tier.instanceRoleName,
        })),
    })
    : undefined;

// Route 53 health-check metrics exist only in us-east-1, so the alarms and their topic live there too.
const usEast1 = tiers.find((t) => t.region.name === "us-east-1")?.provider ?? providerFor("us-east-1");
const standby = cfg.mode === "active-active" ? undefined : tiers[1];

const failover = new GlobalFailover("global", {
    mode: cfg.mode,
    regions: tiers.map(({ region, tier }) => ({
        region: region.name,
        role: region.role,
        albDnsName: tier.albDnsName,
        albZoneId: tier.albZoneId,
        asgName: tier.asgName,
        asgArn: tier.asgArn,
        healthCheck: tier.healthCheck,
    })),
    healthPath: cfg.app.healthPath,
    searchString: cfg.healthSearchString,
    requestInterval: cfg.failover.healthCheckInterval,
    failureThreshold: cfg.failover.failureThreshold,
    checkerRegions: cfg.failover.checkerRegions,
    dns: cfg.dns,
    notificationEmail: cfg.failover.notificationEmail,
    drill: cfg.failover.drill,
    usEast1,
    standbyProvider: standby?.provider,
    failover: standby && {
        stack,
        recoveryWindowMinutes: cfg.failover.recoveryWindowMinutes,
        failoverCapacity: cfg.failoverCapacity,
        standbyCapacity: standby.region.capacity,
        logRetentionDays: cfg.logRetentionDays,
        // After a database flip the standby holds the writer and has no replica to promote.
        replica: data?.replicas[standby.region.name]
            ? { ...data.replicas[standby.region.name], autoPromote: cfg.database.autoPromote }
            : undefined,
    },
});

/** Per region: where it serves, what scales it, which network it lives in. */
export const regions = Object.fromEntries(tiers.map(({ region, tier }) => [region.name, {
    role: region.role,
    albDnsName: tier.albDnsName,
    asgName: tier.asgName,
    vpcId: tier.vpcId,
    healthCheckId: failover.healthCheckIds[region.name],
}]));

/** The topic that alarms and the failover function notify (us-east-1). */
export const alarmTopicArn = failover.topicArn;

/** The failover function in the standby region (failover modes only). */
export const failoverFunctionName = failover.functionName;

/** Where users reach the service: the failover name with DNS, else the primary's ALB. */
export const serviceUrl = cfg.dns
    ? pulumi.output(`https://${cfg.dns.recordName}`)
    : pulumi.interpolate`http://${tiers[0].tier.albDnsName}`;

/** The data tier: where the writer is, and per replica region what the failover function may promote. */
export const database = data
    ? { enabled: true, primaryRegion: data.primaryRegion, writerAddress: data.primary.address, replicas: data.replicas }
    : { enabled: false };
