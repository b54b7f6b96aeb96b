/**
 * A program of its own built from the ha-web-tier package: a provider per region, a RegionImage and a
 * HaWebTier in each (each tier in its own VPC), and GlobalFailover putting both behind one name with
 * Route 53 failover records. us-west-2 serves; us-east-2 runs one instance as a warm standby, which is
 * raised to full capacity when us-west-2 fails: by a probe in us-east-2, or by the failover function
 * when the alarm in us-east-1 fires. Every setting a component takes is spelled out here: the
 * components have no defaults of their own.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DesyncMitigationMode, GlobalFailover, HaWebTier, NatStrategy, PrimaryProbe, RegionImage, WafMode } from "ha-web-tier";

const config = new pulumi.Config();
const stack = pulumi.getStack();
const dns = { hostedZoneId: config.require("hostedZoneId"), recordName: config.require("domainName") };
const notificationEmail = config.require("notificationEmail");

const healthPath = "/health";
const healthText = "ha-web-tier: healthy";
const logRetentionDays = 30;
const regions = [
    { name: "us-west-2", role: "primary", vpcCidr: "10.30.0.0/16", capacity: { min: 2, max: 6, desired: 2 } },
    { name: "us-east-2", role: "standby", vpcCidr: "10.40.0.0/16", capacity: { min: 1, max: 6, desired: 1 } },
] as const;

/** One provider per region: every component is created with its region's. */
const providerFor = (region: string): aws.Provider => new aws.Provider(region, {
    region: region as aws.Region,
    defaultTags: { tags: { Project: pulumi.getProject(), Stack: stack, Region: region, ManagedBy: "pulumi" } },
});

const tiers = regions.map((region) => {
    const provider = providerFor(region.name);
    // ECR Public's nginx through this region's pull-through cache: no region pulls from another.
    const image = new RegionImage(`${region.name}-image`, {
        region: region.name,
        source: { kind: "pull-through", upstream: "public.ecr.aws", repository: "nginx/nginx", reference: ":1.30-alpine" },
        cachePrefix: `hwt-consumer-${stack}`,
    }, { provider });
    const tier = new HaWebTier(region.name, {
        region: region.name,
        network: { vpcCidr: region.vpcCidr, azCount: 2, natStrategy: NatStrategy.OnePerAz },
        app: {
            image: image.imageUri, imagePull: image.pullStatements, imageReady: image.ready,
            demoSite: true, port: 8080, healthPath, healthText, environment: {}, bootGraceSeconds: 300,
        },
        instanceType: "t3.small",
        capacity: region.capacity,
        scaling: { cpuTarget: 50 },
        deletionProtection: true,
        logRetentionDays,
        tls: { hostedZoneId: dns.hostedZoneId, domainName: dns.recordName },
        // The failover function raises the standby's minimum at run time; `pulumi up` leaves it alone.
        runtimeOwnsMinSize: region.role === "standby",
        edge: {
            waf: { mode: WafMode.Block, rateLimit: 2000, rateWindowSeconds: 300, sqli: false },
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            hsts: "max-age=31536000",
            desyncMitigationMode: DesyncMitigationMode.Defensive,
            zonalAutoshift: true,
            alarms: {
                targetErrorPercent: 5, minRequestsPerMinute: 20, elbErrorsPerMinute: 10, p99LatencySeconds: 2,
                unhealthyHostMinutes: 5, atMaxCapacityMinutes: 15, wafBlockedPercent: 20,
            },
            notificationEmail,
            metricPrefix: `${pulumi.getProject()}-${stack}`,
        },
    }, { provider });
    return { region, provider, tier };
});

const [primary, standby] = tiers;

// Route 53 health-check metrics exist only in us-east-1: the alarm on them and its topic live there.
const usEast1 = providerFor("us-east-1");

const failover = new GlobalFailover("global", {
    mode: "warm-standby",
    regions: tiers.map(({ region, tier }) => ({
        region: region.name, role: region.role, albDnsName: tier.albDnsName, albZoneId: tier.albZoneId,
        healthCheck: tier.healthCheck, asgName: tier.asgName, asgArn: tier.asgArn,
    })),
    dns,
    healthPath,
    searchString: healthText,
    requestInterval: 10,
    failureThreshold: 3,
    notificationEmail,
    drill: false,
    failover: {
        stack,
        recoveryWindowMinutes: 15,
        failoverCapacity: primary.region.capacity.desired,
        standbyCapacity: { min: standby.region.capacity.min, desired: standby.region.capacity.desired },
        logRetentionDays,
        deletionProtection: true,
    },
}, { providers: { "us-east-1": usEast1, [standby.region.name]: standby.provider } });

// A wake path inside the standby's region: it needs nothing from us-east-1, where the alarm lives.
new PrimaryProbe("probe", {
    stack,
    primaryRegion: primary.region.name,
    standbyRegion: standby.region.name,
    primaryAlbDnsName: primary.tier.albDnsName,
    hostName: dns.recordName,
    healthPath,
    searchString: healthText,
    failureThreshold: 3,
    healthCheckId: failover.healthCheckIds[primary.region.name],
    standbyAsgName: standby.tier.asgName,
    standbyAsgArn: standby.tier.asgArn,
    failoverCapacity: primary.region.capacity.desired,
    standbyCapacity: { min: standby.region.capacity.min, desired: standby.region.capacity.desired },
    notificationEmail,
    logRetentionDays,
}, { provider: standby.provider });

/** Where users reach the service. */
export const serviceUrl = pulumi.output(`https://${dns.recordName}`);
/** Per region, the ALB behind the failover records. */
export const albDnsNames = Object.fromEntries(tiers.map(({ region, tier }) => [region.name, tier.albDnsName]));
/** The failover function in the standby region. */
export const failoverFunctionName = failover.functionName;
