/** The price table the cost estimate reads: on-demand list prices (USD) per region for the resource types the program creates, with their source, date and how sure each number is. */

/** One price: its amount, what it is per, and whether a published copy of it was found. */
export interface Price {
    usd: number;
    /** `hour`, `month`, `GB-month`, ... */
    per: string;
    /**
     * `confirmed`: the same number was found in a published copy of AWS's price list or pricing page
     * when this table was compiled; `unconfirmed`: AWS's pricing page as remembered, not found in a
     * copy; check it before relying on it.
     */
    status: "confirmed" | "unconfirmed";
}

/** Prices that differ by region. */
export interface RegionPrices {
    /** Linux on-demand, per instance-hour, by instance type. */
    ec2: Record<string, Price>;
    /** EBS gp3 storage (3,000 IOPS and 125 MB/s included). */
    ebsGp3: Price;
    /** Application Load Balancer hour; LCUs are usage. */
    albHour: Price;
    /** NAT gateway hour; data processed is usage. */
    natHour: Price;
    /** Any public IPv4 address, in use or idle (since 2024-02-01): NAT Elastic IPs, ALB nodes. */
    publicIpv4Hour: Price;
    /** Interface VPC endpoint, per endpoint and Availability Zone hour; data processed is usage. */
    interfaceEndpointHour: Price;
    /** RDS single-AZ instance hour, by engine and class; Multi-AZ (one standby) bills both instances. */
    rds: Record<string, Record<string, Price>>;
    /** RDS gp3 storage, single-AZ; Multi-AZ bills the standby's copy too. */
    rdsGp3: Price;
    /** Customer-managed KMS key (each automatic rotation adds $1/month for the first two rotations). */
    kmsKey: Price;
    /**
     * CloudWatch standard-resolution alarm, per metric the alarm reads: a metric-math alarm is billed
     * for each metric its expression reads (https://aws.amazon.com/cloudwatch/pricing/, "Alarms").
     */
    alarm: Price;
    /** CloudWatch high-resolution alarm (period under 60 s), per metric it reads (https://aws.amazon.com/cloudwatch/pricing/). */
    highResAlarm: Price;
    /**
     * CloudWatch metric per month, the first 10,000 (custom metrics and EC2 detailed monitoring,
     * prorated by the hour; https://aws.amazon.com/cloudwatch/pricing/, "Metrics").
     */
    metric: Price;
    /** CloudWatch dashboard per month (https://aws.amazon.com/cloudwatch/pricing/, "Dashboards"). */
    dashboard: Price;
    /** Lambda requests, per million (https://aws.amazon.com/lambda/pricing/). */
    lambdaRequests: Price;
    /** Lambda duration per GB-second, by architecture, the first 6 billion GB-s (https://aws.amazon.com/lambda/pricing/). */
    lambdaGbSecond: { arm64: Price; x86_64: Price };
    /** EventBridge Scheduler invocations, per million (https://aws.amazon.com/eventbridge/pricing/, "Scheduler"). */
    schedulerInvocations: Price;
    /** Secrets Manager secret; each regional replica is billed as a secret of its own. */
    secret: Price;
    /** WAF web ACL and rule, per month; requests are usage. */
    wafWebAcl: Price;
    wafRule: Price;
}

const c = (usd: number, per: string): Price => ({ usd, per, status: "confirmed" });
const u = (usd: number, per: string): Price => ({ usd, per, status: "unconfirmed" });

/** Where the numbers come from and when they were compiled. */
export const PRICE_SOURCE = {
    compiled: "2026-11-25",
    source: "AWS Price List API (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/current/<region>/index.json) "
        + "and the services' pricing pages (aws.amazon.com/<service>/pricing); on-demand list prices, no free tier, no discounts",
    hoursPerMonth: 730,
};

// CloudWatch, Lambda and EventBridge Scheduler list the same prices in every region the stacks use.
const MONITORING = {
    highResAlarm: u(0.30, "alarm metric-month"),
    metric: u(0.30, "metric-month"),
    dashboard: u(3.00, "dashboard-month"),
    lambdaRequests: u(0.20, "million requests"),
    lambdaGbSecond: { arm64: u(0.0000133334, "GB-second"), x86_64: u(0.0000166667, "GB-second") },
    schedulerInvocations: u(1.00, "million invocations"),
};

/**
 * Metrics EC2 detailed monitoring sends per instance, each billed as a CloudWatch metric: the pricing
 * page's detailed-monitoring example counts 7 (https://aws.amazon.com/cloudwatch/pricing/, "Example 1").
 */
export const EC2_DETAILED_MONITORING_METRICS = 7;

// us-east-1, us-east-2 and us-west-2 share these list prices.
const US: RegionPrices = {
    ec2: { "t3.small": c(0.0208, "hour"), "t4g.small": c(0.0168, "hour"), "t3.micro": c(0.0104, "hour"), "t4g.micro": c(0.0084, "hour"), "t3.medium": c(0.0416, "hour"), "t4g.medium": c(0.0336, "hour") },
    ebsGp3: c(0.08, "GB-month"),
    albHour: c(0.0225, "hour"),
    natHour: c(0.045, "hour"),
    publicIpv4Hour: c(0.005, "hour"),
    interfaceEndpointHour: c(0.01, "hour"),
    rds: {
        postgres: { "db.t4g.micro": c(0.016, "hour"), "db.t4g.small": c(0.032, "hour"), "db.t4g.medium": c(0.065, "hour") },
        mysql: { "db.t4g.micro": u(0.016, "hour"), "db.t4g.small": u(0.032, "hour"), "db.t4g.medium": u(0.065, "hour") },
    },
    rdsGp3: c(0.115, "GB-month"),
    kmsKey: c(1, "month"),
    alarm: u(0.10, "alarm metric-month"),
    ...MONITORING,
    secret: c(0.40, "month"),
    wafWebAcl: u(5, "month"),
    wafRule: u(1, "month"),
};

/** The regions the repository's stacks and examples use; the us-east-2 and us-west-2 numbers are us-east-1's, which AWS lists for all three. */
export const REGION_PRICES: Record<string, RegionPrices> = {
    "us-east-1": US,
    "us-east-2": US,
    "us-west-2": US,
    // Ireland lists most items about 10 % above us-east-1; none of these was found in a published copy.
    "eu-west-1": {
        ec2: { "t3.small": u(0.0228, "hour"), "t4g.small": u(0.0184, "hour"), "t3.micro": u(0.0114, "hour"), "t4g.micro": u(0.0092, "hour"), "t3.medium": u(0.0456, "hour"), "t4g.medium": u(0.0368, "hour") },
        ebsGp3: u(0.088, "GB-month"),
        albHour: u(0.0252, "hour"),
        natHour: u(0.048, "hour"),
        publicIpv4Hour: c(0.005, "hour"),
        interfaceEndpointHour: u(0.011, "hour"),
        rds: {
            postgres: { "db.t4g.micro": u(0.018, "hour"), "db.t4g.small": u(0.036, "hour"), "db.t4g.medium": u(0.072, "hour") },
            mysql: { "db.t4g.micro": u(0.018, "hour"), "db.t4g.small": u(0.036, "hour"), "db.t4g.medium": u(0.072, "hour") },
        },
        rdsGp3: u(0.127, "GB-month"),
        kmsKey: c(1, "month"),
        alarm: u(0.10, "alarm metric-month"),
        ...MONITORING,
        secret: c(0.40, "month"),
        wafWebAcl: u(5, "month"),
        wafRule: u(1, "month"),
    },
};

/**
 * Route 53 is global. Health checks on AWS endpoints (an ELB in the same account): a base price and
 * one surcharge per optional feature; a hosted zone per month (the first 25 zones).
 */
export const ROUTE53 = {
    healthCheck: c(0.50, "month"),
    httpsOption: u(1.00, "month"),
    stringMatchOption: u(1.00, "month"),
    fastIntervalOption: u(1.00, "month"),
    latencyOption: u(1.00, "month"),
    hostedZone: u(0.50, "month"),
};

/**
 * The managed paths' fixed charges, the same in every region (docs/managed-paths.md).
 * - An accelerator: "For every full or partial hour when an accelerator runs in your account, you are
 *   charged $0.025 until it is deleted" (https://aws.amazon.com/global-accelerator/pricing/), enabled
 *   or not; its data-transfer premium is usage.
 * - A Region switch plan: "You pay a fixed monthly cost per Region switch plan that you configure" (ARC
 *   developer guide, "Pricing for Region switch"); $70 a month is the pricing page's figure as a
 *   secondary summary of https://aws.amazon.com/application-recovery-controller/pricing/ quotes it, not
 *   found in a published copy of the page itself.
 */
export const MANAGED = {
    acceleratorHour: c(0.025, "hour"),
    regionSwitchPlan: u(70, "month"),
};

/** Priced by use only: named, with what drives them, so the estimate shows them as "+ usage". */
export const USAGE_PRICED: Record<string, string> = {
    "aws:lb/loadBalancer:LoadBalancer": "ALB LCUs ($0.008 per LCU-hour in us-east-1)",
    "aws:ec2/natGateway:NatGateway": "NAT data processed ($0.045 per GB in us-east-1)",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "endpoint data processed (interface endpoints, $0.01 per GB in us-east-1)",
    "aws:lambda/function:Function": "Lambda requests and duration of runs an alarm or event starts (scheduled runs are priced)",
    "aws:sns/topic:Topic": "SNS requests and deliveries",
    "aws:sqs/queue:Queue": "SQS requests",
    "aws:cloudwatch/logGroup:LogGroup": "CloudWatch Logs ingestion and storage",
    "aws:ec2/flowLog:FlowLog": "flow-log delivery to CloudWatch Logs",
    "aws:dynamodb/table:Table": "DynamoDB on-demand reads, writes and storage",
    "aws:ecr/repository:Repository": "ECR storage ($0.10 per GB-month) and cross-region transfer",
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": "ECR storage of cached images ($0.10 per GB-month)",
    "aws:rds/instance:Instance": "RDS backup storage beyond the database's size, and cross-region replication transfer",
    "aws:wafv2/webAcl:WebAcl": "WAF requests ($0.60 per million)",
    "aws:route53/record:Record": "Route 53 queries (alias queries to an ELB are free)",
    "aws:secretsmanager/secret:Secret": "Secrets Manager API calls ($0.05 per 10,000)",
    // https://aws.amazon.com/global-accelerator/pricing/: "an incremental charge over your standard Data
    // Transfer rates, also called a Data Transfer-Premium fee (DT-Premium)", "calculated every hour on
    // the dominant direction of your traffic"; flow logs: "CloudWatch Logs charges apply when using flow
    // logs, even when logs are published directly to Amazon S3" (GA developer guide, "Flow logs").
    "aws:globalaccelerator/accelerator:Accelerator": "Global Accelerator data-transfer premium ($0.015 per GB in North America and Europe, up to $0.043 elsewhere, on the dominant direction) and flow-log delivery",
};
