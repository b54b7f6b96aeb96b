/**
 * Which components the multi-language provider (`pulumi package add`) offers, and why the others are
 * TypeScript-only. Pulumi infers the provider's schema from the components' TypeScript types
 * (`@pulumi/pulumi/provider/experimental`'s Analyzer): every arg must be a string, number, boolean,
 * array, map, named interface or named enum (an `as const` object), and a value other languages hand
 * over must mean the same thing on arrival.
 */
import type { ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";
import { Database } from "../data/database";
import { DatabaseCredentials } from "../data/databaseCredentials";
import { EdgeProtection } from "../region/edgeProtection";
import { HaWebTier } from "../region/haWebTier";
import { RegionAlarms } from "../region/regionAlarms";

/** The provider's package name: the first part of every type token (`ha-web-tier:index:<Name>`). */
export const PROVIDER_NAME = "ha-web-tier";

/** The components every Pulumi language gets, by the type token's last part. */
export const PROVIDER_COMPONENTS = { HaWebTier, EdgeProtection, RegionAlarms, Database, DatabaseCredentials };

/**
 * How the provider is built: its name, its components, and the package root whose tsconfig.json and
 * TypeScript sources the schema is inferred from (a checkout of the repository).
 */
export function providerOptions(packageRoot: string): ComponentProviderOptions {
    return { name: PROVIDER_NAME, dirname: packageRoot, components: Object.values(PROVIDER_COMPONENTS) };
}

/**
 * The library's components that the provider leaves out, each with the reason; docs/component.md
 * lists the same (test/package/schema.test.ts holds the two together).
 */
export const TYPESCRIPT_ONLY: Record<string, string> = {
    GlobalFailover: "takes one provider per region through opts.providers keyed by region code (a remote program passes one per package), as DataTier does",
    SingleRegionEndpoint: "a single-region stack grows into GlobalFailover under the same name (its resources move by alias), so the program that creates it must be able to create GlobalFailover too",
    FailoverFunction: "is GlobalFailover's part in the standby region (GlobalFailover wires its alarms and topic)",
    PrimaryProbe: "watches the primary for GlobalFailover's failover modes and needs its health check",
    RegionImage: "its source is a union (pull-through cache or ECR image) the inference cannot express, and its `ready` output is resources to depend on",
    Network: "its privateEgress output is resources to depend on, which the schema can only describe as objects with a urn; HaWebTier builds its own Network",
    AccessLogBucket: "its ready output is a resource to depend on (as Network's privateEgress); HaWebTier builds its own",
    AlarmTopic: "its topic policy is set by a method (admitPublishers) other languages cannot call, and without it SNS's default policy lets every principal of the account publish",
    StackDashboard: "its content is an Input of nested Inputs (mapped types) the inference cannot express",
    DataTier: "takes one provider per region through opts.providers keyed by region code (a remote program passes one per package), and its `now` arg is a Date",
    GlobalAcceleratorFrontDoor: "spans regions (an endpoint group in each, the accelerator through us-west-2's API), so it needs a provider per region, as GlobalFailover does",
    FlowLogBucket: "the accelerator's flow-log bucket, built by GlobalAcceleratorFrontDoor; its outputs are resources to depend on, as AccessLogBucket's",
    RegionSwitchPlan: "is GlobalFailover's engine with failover.engine arc-region-switch (its triggers are GlobalFailover's alarms)",
    StandbyFunction: "is the part the failover function and the probe share (role, log group, errors alarm); they build it",
};
