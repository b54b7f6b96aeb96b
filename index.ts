/**
 * Wiring only: stack config -> one provider per region -> one HaWebTier per region -> outputs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HaWebTier } from "./components/haWebTier";
import { DEMO_IMAGE, loadConfig } from "./config";

const cfg = loadConfig();
const stack = pulumi.getStack();

const tiers = cfg.regions.map((region) => {
    const provider = new aws.Provider(region.name, {
        region: region.name as aws.Region,
        defaultTags: {
            tags: { ...cfg.tags, Project: pulumi.getProject(), Stack: stack, Region: region.name, ManagedBy: "pulumi" },
        },
    });
    const tier = new HaWebTier(region.name, {
        network: { region: region.name, vpcCidr: region.vpcCidr, azCount: region.azCount, natStrategy: region.natStrategy },
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
    }, { provider });
    return { region, provider, tier };
});

/** Per region: where it serves, what scales it, which network it lives in. */
export const regions = Object.fromEntries(tiers.map(({ region, tier }) => [region.name, {
    role: region.role,
    albDnsName: tier.albDnsName,
    asgName: tier.asgName,
    vpcId: tier.vpcId,
}]));

/** Where users reach the service: the failover name with DNS, else the primary's ALB. */
export const serviceUrl = cfg.dns
    ? pulumi.output(`https://${cfg.dns.recordName}`)
    : pulumi.interpolate`http://${tiers[0].tier.albDnsName}`;
