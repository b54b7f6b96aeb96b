// HaWebTier arguments for component tests that construct a tier on its own (no stack YAML): the
// config's defaults for the edge, a private ECR image; each test overrides what it is about.
import type { HaWebTierArgs } from "../../src/region/haWebTier";
import { parseConfig } from "../../stack/config";

const DEFAULTS = parseConfig({ regions: [{ name: "us-east-1", vpcCidr: "10.10.0.0/16" }, { name: "us-west-2", vpcCidr: "10.20.0.0/16" }], mode: "active-active" });

/** A tier in `region` that builds its own network (2 AZs, one NAT), WAF on, no TLS. */
export function tierArgs(region: string, overrides: Partial<HaWebTierArgs> = {}): HaWebTierArgs {
    return {
        region,
        network: { vpcCidr: "10.10.0.0/16", azCount: 2, natStrategy: "single" },
        app: {
            image: `123456789012.dkr.ecr.${region}.amazonaws.com/web:1`, imagePull: [], demoSite: false,
            port: 8080, healthPath: "/health", healthText: "ok", environment: {}, bootGraceSeconds: 300,
        },
        instanceType: "t3.small",
        capacity: { min: 1, max: 2, desired: 1 },
        scaling: { cpuTarget: 50 },
        deletionProtection: true,
        logRetentionDays: 90,
        edge: {
            waf: { mode: "block", rateLimit: 2000, rateWindowSeconds: 300, sqli: false },
            ...DEFAULTS.alb, alarms: DEFAULTS.alarms, metricPrefix: "ha-web-tier-test",
        },
        ...overrides,
    };
}
