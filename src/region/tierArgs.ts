/**
 * HaWebTier's args and the child resources it exposes, apart from the component so haWebTier.ts holds
 * what it builds; the component provider's schema inference reads these through the constructor.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../image/imageRegistry";
import type { AccessLogBucket } from "./accessLogs";
import type { EdgeProtection } from "./edgeProtection";
import type { ExistingNetworkArgs } from "./existingNetwork";
import type { Network, NetworkLayout } from "./network";
import type { AlarmThresholds, RegionAlarms } from "./regionAlarms";
import type { TargetHealthSettings } from "./targetHealth";
import type { TlsArgs } from "./tierParts";
import type { Capacity, DesyncMitigationMode, ReservedCapacity, ScalingArgs, WafArgs, WarmPoolArgs } from "./tierTypes";
import type { ContainerArgs } from "./userData";

/** The container the instances run: what the user data renders, plus how long it takes to start. */
export interface AppArgs extends ContainerArgs {
    /** The image in this region's own registry (RegionImage.imageUri). */
    image: pulumi.Input<string>;
    /** What the instance role needs to pull it (RegionImage.pullStatements). */
    imagePull: PolicyStatement[];
    /** Resources the first pull needs in place (RegionImage.ready); instances launch after them. */
    imageReady?: pulumi.Resource[];
    /** Seconds from launch until ELB health checks count: boot + image pull + start. */
    bootGraceSeconds: number;
}

/** The region's edge and what watches it: the config's waf, alb and alarms blocks. */
export interface EdgeArgs {
    /** WAF on the ALB; none when turned off. */
    waf?: WafArgs;
    /** The HTTPS listener's security policy: TLS 1.3 and 1.2 (Route 53's HTTPS checks need 1.2). */
    sslPolicy: string;
    /** The Strict-Transport-Security value the HTTPS listener adds to every response. */
    hsts: string;
    /** How the ALB treats requests that could desync it from the app (Security Hub ELB.12 wants defensive or stricter). */
    desyncMitigationMode: DesyncMitigationMode;
    /** ARC zonal autoshift for the ALB (zonal shift itself is always on). */
    zonalAutoshift: boolean;
    /** When the region's alarms page. */
    alarms: AlarmThresholds;
    /** E-mail address subscribed to the region's alarm topic. */
    notificationEmail?: string;
    /** Unique per stack (<project>-<stack>), to keep CloudWatch metric names of stacks apart. */
    metricPrefix: string;
}


/** Arguments for {@link HaWebTier}. */
export interface HaWebTierArgs {
    /** AWS region code; must be the provider's region. */
    region: string;
    /**
     * Build the region's network (its flow logs keep `logRetentionDays`; its zones offer `instanceType`).
     * Give this or `existingNetwork`, not both.
     */
    network?: NetworkLayout;
    /**
     * Use a VPC you own instead of building one: the tier looks each subnet up (zone, public IPs, the
     * route table that applies, the NAT gateway of its default route), refuses subnets that do not fit
     * (an `ExistingNetworkError` naming the arg), creates no subnets, route tables, gateways, endpoints
     * or flow logs, and registers what it found as `existingSubnets`. Give this or `network`, not both.
     */
    existingNetwork?: ExistingNetworkArgs;
    /** The app container. */
    app: AppArgs;
    /** EC2 instance type; Graviton types get the arm64 image. */
    instanceType: string;
    /** Auto Scaling capacity for this region's role. */
    capacity: Capacity;
    /** Target tracking on average CPU. */
    scaling: ScalingArgs;
    /** Protect the ALB from deletion. */
    deletionProtection: boolean;
    /** Days to keep app and flow logs (a CloudWatch Logs retention value). */
    logRetentionDays: number;
    /** HTTPS with an ACM certificate; without it the ALB serves HTTP only. */
    tls?: TlsArgs;
    /** WAF, access logs, TLS policy, zonal shift and alarms. */
    edge: EdgeArgs;
    /**
     * Name of the app's CloudWatch log group. Given rather than generated, so the user data that names
     * it is known in a preview and cloud-init can be reviewed offline. Unique per account and region
     * (CreateLogGroup: 1-512 of `a-zA-Z0-9_-/.#`). @default `/<project>/<stack>/<name>/app`
     */
    appLogGroupName?: string;
    /**
     * The failover function raises this region's minimum at run time (a woken standby); `pulumi up`
     * must then leave `minSize` alone as it does `desiredCapacity`. @default false
     */
    runtimeOwnsMinSize?: boolean;
    /**
     * Reserve On-Demand capacity for `count` instances in the group's zones (targeted reservations the
     * group launches into first): the standby's failover capacity (see capacityReservation.ts). Needs
     * `network.availabilityZones`. @default no reservation
     */
    reserveCapacity?: ReservedCapacity;
    /**
     * The AMI, instead of the latest Amazon Linux 2023 from its public SSM parameter: break-glass passes a
     * placeholder for a region that is down, so evaluating the program makes no call there.
     * @default the SSM parameter's value
     */
    amiId?: pulumi.Input<string>;
    /**
     * Keep `size` stopped, pre-initialised instances in a warm pool (the pilot-light standby), so a wake
     * starts them instead of booting and pulling. @default no warm pool
     */
    warmPool?: WarmPoolArgs;
    /**
     * The target group's health check. Behind Global Accelerator it decides how fast a failed region
     * loses its users, so the front door passes faster settings (targetHealth.ts).
     * @default DNS_TARGET_HEALTH (15 s interval, 5 s timeout, 2 healthy, 3 unhealthy)
     */
    targetHealth?: TargetHealthSettings;
}

/**
 * The child resources of a {@link HaWebTier}, for callers that attach to or extend them. Kept outside the
 * class's fields: the component provider infers a schema output from every field, and a resource has
 * no schema type of its own there.
 */
export interface HaWebTierResources {
    /** The network the tier built; none with `existingNetwork`. */
    network?: Network;
    /** The internet-facing load balancer. */
    loadBalancer: aws.lb.LoadBalancer;
    /** The target group the Auto Scaling group registers its instances with. */
    targetGroup: aws.lb.TargetGroup;
    /** The app instances' Auto Scaling group. */
    autoScalingGroup: aws.autoscaling.Group;
    /** The app instances' launch template. */
    launchTemplate: aws.ec2.LaunchTemplate;
    /** The ALB's security group. */
    albSecurityGroup: aws.ec2.SecurityGroup;
    /** The app instances' security group. */
    appSecurityGroup: aws.ec2.SecurityGroup;
    /** The app instances' IAM role. */
    instanceRole: aws.iam.Role;
    /** The app's CloudWatch log group. */
    appLogGroup: aws.cloudwatch.LogGroup;
    /** The ALB's access-log bucket. */
    accessLogs: AccessLogBucket;
    /** The WAF web ACL on the ALB; none without WAF. */
    edgeProtection?: EdgeProtection;
    /** The region's alarms and their topic. */
    alarms: RegionAlarms;
}
