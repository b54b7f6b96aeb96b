/**
 * The library face of ha-web-tier: every component with its Args and the types and enums they use, from
 * one entry (`import { HaWebTier, GlobalFailover } from "ha-web-tier"`). Importing it registers nothing
 * and reads no config: components act only when constructed. Every component's type token is
 * `ha-web-tier:index:<Name>`, as in the reference program, so the URNs are the same whichever builds them.
 */

// One region's web tier and its parts.
export { DesyncMitigationMode, HaWebTier, HealthCheckProtocol } from "./region/haWebTier";
export type {
    AppArgs, Capacity, EdgeArgs, HaWebTierArgs, HealthCheckTarget, ScalingArgs, TlsArgs, WafArgs, WarmPoolArgs, WebAclRef,
} from "./region/haWebTier";
export { NatStrategy, Network } from "./region/network";
export type { NetworkArgs, NetworkLayout } from "./region/network";
export type { ContainerArgs } from "./region/userData";
export type { Zone } from "./region/zones";
export { AccessLogBucket } from "./region/accessLogs";
export type { AccessLogBucketArgs } from "./region/accessLogs";
export { EdgeProtection, WafMode } from "./region/edgeProtection";
export type { EdgeProtectionArgs } from "./region/edgeProtection";
export { RegionAlarms } from "./region/regionAlarms";
export type { AlarmThresholds, RegionAlarmsArgs } from "./region/regionAlarms";

// The region's container image, pulled from its own registry.
export { PolicyEffect, RegionImage } from "./image/imageRegistry";
export type { PolicyStatement, RegionImageArgs } from "./image/imageRegistry";
export type { ImageSource } from "./image/imageSource";

// Across regions: DNS failover, the failover function and the standby's probe.
export { GlobalFailover } from "./failover/globalFailover";
export type { GlobalFailoverArgs, RegionEndpoint } from "./failover/globalFailover";
export { SINGLE_REGION_ENDPOINT_TYPE, SingleRegionEndpoint } from "./failover/singleRegionEndpoint";
export type { SingleRegionEndpointArgs } from "./failover/singleRegionEndpoint";
export type { DnsName, HealthCheckSettings, RegionTarget } from "./failover/healthWatch";
export { FailoverFunction } from "./failover/failoverFunction";
export type { FailoverFunctionArgs } from "./failover/failoverFunction";
export { PrimaryProbe } from "./failover/primaryProbe";
export type { PrimaryProbeArgs } from "./failover/primaryProbe";

// The optional data tier: a writer and a cross-region replica per other region.
export { createDataTier } from "./data/dataTier";
export type { DataTier, DataTierArgs, DataTierRegion, DataTierSettings, PromotableReplica } from "./data/dataTier";
export { Database } from "./data/database";
export type { DatabaseAppArgs, DatabaseArgs, DatabaseCredentialArgs, DatabaseNetworkArgs, DatabaseStorage } from "./data/database";
export { DatabaseEngine, DatabaseRole } from "./data/databaseSettings";
export type { DatabaseParameterNames } from "./data/databaseSettings";
export { DatabaseCredentials } from "./data/databaseCredentials";
export type { DatabaseCredentialsArgs } from "./data/databaseCredentials";

// What watches the stack.
export { AlarmTopic } from "./observability/alarmTopic";
export type { AlarmTopicArgs } from "./observability/alarmTopic";
export { StackDashboard } from "./observability/dashboard";
export type { RegionPanel, StackDashboardArgs } from "./observability/dashboard";
