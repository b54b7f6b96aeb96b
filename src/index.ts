/**
 * The library face of ha-web-tier: every component with its Args and the types and enums they use, from
 * one entry (`import { HaWebTier, GlobalFailover } from "ha-web-tier"`). Importing it registers nothing
 * and reads no config: components act only when constructed. Every component's type token is
 * `ha-web-tier:index:<Name>`, as in the reference program, so the URNs are the same whichever builds them.
 * Each component is documented where it is declared; the line above each export says what it is for.
 */

// One region's web tier and its parts; create each with the region's provider.

/** One region's tier: a Network, an internet-facing ALB with WAF, and an Auto Scaling group in private subnets. */
export { HaWebTier } from "./region/haWebTier";
export type { AppArgs, EdgeArgs, HaWebTierArgs, TlsArgs } from "./region/haWebTier";
export { DesyncMitigationMode, HealthCheckProtocol } from "./region/tierTypes";
export type { Capacity, HealthCheckTarget, ScalingArgs, WafArgs, WarmPoolArgs, WebAclRef } from "./region/tierTypes";
export type { ContainerArgs } from "./region/userData";
/** A VPC with public and private subnets over N AZs, NAT per strategy, flow logs and VPC endpoints (HaWebTier builds one). */
export { Network } from "./region/network";
export { NatStrategy } from "./region/network";
export type { NetworkArgs, NetworkLayout } from "./region/network";
export type { Zone } from "./region/zones";
/** The private, SSE-S3 bucket an ALB writes its access logs to (HaWebTier builds one). */
export { AccessLogBucket } from "./region/accessLogs";
export type { AccessLogBucketArgs } from "./region/accessLogs";
/** A regional WAF web ACL on an ALB: managed rule groups and a rate rule that never counts the health path. */
export { EdgeProtection } from "./region/edgeProtection";
export { WafMode } from "./region/edgeProtection";
export type { EdgeProtectionArgs } from "./region/edgeProtection";
/** A region's alarms on its ALB, targets, capacity and WAF, and the topic they notify. */
export { RegionAlarms } from "./region/regionAlarms";
export type { AlarmThresholds, RegionAlarmsArgs } from "./region/regionAlarms";

// The region's container image, pulled from its own registry.

/** The image a region's instances pull from that region's own ECR registry (pull-through cache or replica). */
export { RegionImage } from "./image/imageRegistry";
export { PolicyEffect } from "./image/imageRegistry";
export type { PolicyStatement, RegionImageArgs } from "./image/imageRegistry";
export type { ImageSource } from "./image/imageSource";

// Across regions: DNS failover, the failover function and the standby's probe.

/** Route 53 health checks and failover (or latency) records across the regions, the alarm in us-east-1 and the failover function. */
export { GlobalFailover } from "./failover/globalFailover";
export type { GlobalFailoverArgs, RegionEndpoint } from "./failover/globalFailover";
/** One region behind one name: its health check, alarm and record, which GlobalFailover takes over when a region is added. */
export { SingleRegionEndpoint } from "./failover/singleRegionEndpoint";
export { SINGLE_REGION_ENDPOINT_TYPE } from "./failover/singleRegionEndpoint";
export type { SingleRegionEndpointArgs } from "./failover/singleRegionEndpoint";
export type { DnsName, HealthCheckSettings, RegionTarget } from "./failover/healthWatch";
/** The function in the standby region that wakes the standby, puts it back to sleep and may promote the replica (GlobalFailover builds it). */
export { FailoverFunction } from "./failover/failoverFunction";
export type { FailoverFunctionArgs } from "./failover/failoverFunction";
/** The standby region's own probe of the primary, which wakes the standby without the alarm in us-east-1. */
export { PrimaryProbe } from "./failover/primaryProbe";
export type { PrimaryProbeArgs } from "./failover/primaryProbe";

/** Scales the standby from an AWS ARC Region switch plan instead of the failover function (failover.engine: arc-region-switch). */
export { RegionSwitchPlan } from "./failover/regionSwitchPlan";
export type { RegionSwitchPlanArgs } from "./failover/regionSwitchPlan";
/** One function in the standby region with its role, log group and errors alarm: what the failover function and the probe share. */
export { StandbyFunction } from "./failover/standbyFunction";
export type { ErrorsAlarmArgs, StandbyFunctionArgs } from "./failover/standbyFunction";

// Global Accelerator as the front door instead of Route 53 records.

/** One accelerator in front of every region's ALB, an endpoint group per region (frontDoor: global-accelerator). */
export { GlobalAcceleratorFrontDoor } from "./frontdoor/globalAccelerator";
export type { GlobalAcceleratorFrontDoorArgs } from "./frontdoor/globalAccelerator";
/** The private, encrypted bucket the accelerator writes its flow logs to. */
export { FlowLogBucket } from "./frontdoor/flowLogBucket";
export type { FlowLogBucketArgs } from "./frontdoor/flowLogBucket";

// The optional data tier: a writer and a cross-region replica per other region.

/** The data tier (credentials, the writer, a replica per other region), one provider per region through `opts.providers`. */
export { DataTier } from "./data/dataTier";
export type { DataTierArgs, DataTierOptions, DataTierRegion, DataTierSettings, PromotableReplica } from "./data/dataTier";
/** One region's RDS instance (the Multi-AZ writer or an encrypted cross-region replica) and how its app finds it. */
export { Database } from "./data/database";
export type { DatabaseAppArgs, DatabaseArgs, DatabaseCredentialArgs, DatabaseNetworkArgs, DatabaseStorage } from "./data/database";
export { DatabaseEngine, DatabaseRole } from "./data/databaseSettings";
export type { DatabaseParameterNames } from "./data/databaseSettings";
/** The database's master credentials in a Secrets Manager secret replicated to every other region. */
export { DatabaseCredentials } from "./data/databaseCredentials";
export type { DatabaseCredentialsArgs } from "./data/databaseCredentials";

// What watches the stack.

/** An encrypted SNS topic CloudWatch alarms can publish to, with a topic policy that admits only them and named roles. */
export { AlarmTopic } from "./observability/alarmTopic";
export type { AlarmTopicArgs } from "./observability/alarmTopic";
/** One CloudWatch dashboard for the whole stack, a section per region. */
export { StackDashboard } from "./observability/dashboard";
export type { RegionPanel, StackDashboardArgs } from "./observability/dashboard";
