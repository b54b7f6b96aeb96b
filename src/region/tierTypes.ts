/**
 * The shapes HaWebTier's args and outputs are made of, named so the component provider's schema
 * (src/provider) can infer them: an inline object or a bare union of string literals has no name to
 * become a schema type or enum.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { WafMode } from "./edgeProtection";

/** Auto Scaling capacity of the region's group. */
export interface Capacity {
    /** Fewest instances. */
    min: number;
    /** Most instances. */
    max: number;
    /** Instances at creation; later runs leave the group's own value alone. */
    desired: number;
}

/** How the group scales. */
export interface ScalingArgs {
    /** Target tracking on average CPU, in percent. */
    cpuTarget: number;
}

/** Pre-initialised, stopped instances for a pilot-light standby. */
export interface WarmPoolArgs {
    /** Instances kept in the pool. */
    size: number;
}

/** The web ACL on the ALB (EdgeProtection). */
export interface WafArgs {
    /** block: rules block what they match; count: they only count it. */
    mode: WafMode;
    /** Requests one client IP may send per window before the rate rule applies. */
    rateLimit: number;
    /** The rate rule's window: 60, 120, 300 or 600 seconds. */
    rateWindowSeconds: number;
    /** Add the SQL database managed rule group. */
    sqli: boolean;
}

/** How the ALB treats requests that could desync it from the app (an object as well as a type, for the provider's schema). */
export const DesyncMitigationMode = { Defensive: "defensive", Strictest: "strictest" } as const;
/** One of {@link DesyncMitigationMode}'s values. */
export type DesyncMitigationMode = (typeof DesyncMitigationMode)[keyof typeof DesyncMitigationMode];

/** The protocol Route 53 checks a region's ALB with (an object as well as a type, for the provider's schema). */
export const HealthCheckProtocol = { Http: "HTTP", Https: "HTTPS" } as const;
/** One of {@link HealthCheckProtocol}'s values. */
export type HealthCheckProtocol = (typeof HealthCheckProtocol)[keyof typeof HealthCheckProtocol];

/** What Route 53 should check on a region's ALB. */
export interface HealthCheckTarget {
    /** HTTPS with TLS, else HTTP. */
    protocol: HealthCheckProtocol;
    /** 443 with TLS, else 80. */
    port: number;
}

/** The web ACL on a region's ALB. */
export interface WebAclRef {
    /** The web ACL's ARN. */
    webAclArn: pulumi.Output<string>;
    /** Its CloudWatch metric name (the WebACL dimension). */
    metricName: string;
}

/** On-Demand Capacity Reservations for a standby's failover capacity, spread over its zones. */
export interface ReservedCapacity {
    /** Instances to reserve in all, split across the standby's zones. */
    count: number;
}
