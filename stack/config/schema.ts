/**
 * The zod schema of the whole `ha-web-tier:` namespace and its defaults: what each key may hold, with
 * the messages that name the fix. Cross-field rules live in rules.ts, reading and resolving in index.ts.
 */
import { z } from "zod";
import { MAX_AZS } from "../../src/region/cidr";
import { ID_FORMAT, MIN_SUBNETS } from "../../src/region/existingNetwork";
import { MAX_USER_TAGS, PROGRAM_TAG_KEYS, RESOURCE_TAG_KEYS, tagKeyProblem, tagValueProblem } from "./tags";

/** The config namespace (the Pulumi project name). */
export const NAMESPACE = "ha-web-tier";

/**
 * The public nginx image the demo site runs on when `app.image` is not set: the current stable line
 * (1.30, April 2026; nginx supports only the newest stable and mainline lines), patch releases included.
 */
export const DEMO_IMAGE = "public.ecr.aws/nginx/nginx:1.30-alpine";

/** What the demo site's health path answers; only the app returns it, so redirects and ALB fixed responses fail the check. */
export const DEMO_HEALTH_TEXT = "ha-web-tier: healthy";

/** Route 53's health checker regions, for `failover.checkerRegions`. */
export const CHECKER_REGIONS = [
    "us-east-1", "us-west-1", "us-west-2", "eu-west-1",
    "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1",
] as const;

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const HOSTNAME_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A zod refinement from a check that returns what is wrong (with its fix), or nothing. */
const refineWith = (problem: (value: string) => string | undefined) => (value: string, ctx: z.core.$RefinementCtx<string>): void => {
    const p = problem(value);
    if (p) {
        ctx.addIssue({ code: "custom", message: p, input: value });
    }
};

const count = (what: string) => z.int({ error: `must be a whole number (${what})` }).min(0, { error: `must be 0 or more (${what})` });

const subnetIds = z.array(z.string().regex(ID_FORMAT.subnet, { error: "is not a subnet id; use the id AWS shows, such as subnet-0123456789abcdef0" }))
    .min(MIN_SUBNETS, { error: `must list at least ${MIN_SUBNETS} subnets, in different Availability Zones; add one` });

/** A VPC the stack uses instead of building one (rules.ts: instead of vpcCidr, azCount and natStrategy). */
const existingVpcSchema = z.strictObject({
    vpcId: z.string().regex(ID_FORMAT.vpc, { error: "is not a VPC id; use the id AWS shows, such as vpc-0123456789abcdef0" }),
    publicSubnetIds: subnetIds,
    privateSubnetIds: subnetIds,
});

// A region's name and CIDR are checked after the schema (facts.ts, rules.ts): a required field of a list
// entry that the schema refused could not be taken out, and would keep every other check from running.
const regionSchema = z.strictObject({
    name: z.string(),
    // Required unless existingVpc is set (rules.ts), so it has no default.
    vpcCidr: z.string().optional(),
    existingVpc: existingVpcSchema.optional(),
    azCount: z.int().min(2, { error: "must be at least 2 so the tier survives the loss of an Availability Zone; set 2 or more" })
        .max(MAX_AZS, { error: `must be at most ${MAX_AZS}, the number of AZ slots in the subnet layout; set 2 to ${MAX_AZS}` }).default(2),
    natStrategy: z.enum(["one-per-az", "single", "none"]).default("one-per-az"),
    image: z.string().min(1).optional(),
});

const capacitySchema = z.strictObject({
    // Which types exist is a fact checked after the schema, against the provider's list (facts.ts).
    instanceType: z.string().default("t3.small"),
    min: count("instances").default(2),
    max: count("instances").default(6),
    desired: count("instances").default(2),
    standby: z.strictObject({ min: count("instances"), desired: count("instances") }).optional(),
});

/**
 * The edge of each region: WAF, TLS and AZ resilience. Limits: rate-based rule limit 10 to 2,000,000,000
 * per window of 60, 120, 300 or 600 s (WAF API reference, RateBasedStatement); desync mitigation
 * modes monitor | defensive | strictest (ELB API reference, LoadBalancerAttribute).
 */
const wafSchema = z.strictObject({
    enabled: z.boolean().default(true),
    mode: z.enum(["block", "count"]).default("block"),
    rateLimit: z.int({ error: "must be a whole number of requests" }).min(10, { error: "must be at least 10 (WAF's lowest rate limit); raise it" })
        .max(2_000_000_000, { error: "must be at most 2000000000 (WAF's highest rate limit); lower it" }).default(2000),
    rateWindowSeconds: z.union([z.literal(60), z.literal(120), z.literal(300), z.literal(600)], { error: "must be 60, 120, 300 or 600 (seconds); WAF offers only these windows" }).default(300),
    sqli: z.boolean().default(false),
}).prefault({});

const albSchema = z.strictObject({
    // Route 53 HTTPS health checks need TLS 1.2 or earlier (Route 53 API reference, HealthCheckConfig Type),
    // so TLS-1.3-only policies (ELBSecurityPolicy-TLS13-1-3-*) would fail every health check.
    sslPolicy: z.string().regex(/^ELBSecurityPolicy-TLS13-1-2-[A-Za-z0-9-]+$/, { error: "must be a TLS 1.3 policy that also allows TLS 1.2 (ELBSecurityPolicy-TLS13-1-2-*), because Route 53 HTTPS health checks cannot use TLS 1.3 alone; use ELBSecurityPolicy-TLS13-1-2-2021-06 or a FIPS/PQ variant of it" })
        .default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
    hsts: z.string().regex(/^max-age=\d{1,9}(; ?includeSubDomains)?(; ?preload)?$/, { error: "must be a Strict-Transport-Security value; use max-age=<seconds>, optionally followed by ; includeSubDomains and ; preload" })
        .default("max-age=31536000"),
    desyncMitigationMode: z.enum(["defensive", "strictest"]).default("defensive"),
    zonalAutoshift: z.boolean().default(true),
}).prefault({});

const percent = z.number().gt(0, { error: "must be a percentage above 0; set a value such as 5" }).max(100, { error: "must be at most 100 (percent); lower it" });
const minutes = z.int({ error: "must be a whole number of minutes" }).min(1, { error: "must be at least 1 minute; raise it" })
    .max(1440, { error: "must be at most 1440 minutes (CloudWatch evaluates at most one day); lower it" });

/** Thresholds of the alarms on what users feel, per region. */
const alarmsSchema = z.strictObject({
    targetErrorPercent: percent.default(5),
    minRequestsPerMinute: z.int().min(1, { error: "must be at least 1 request; raise it" }).default(20),
    elbErrorsPerMinute: z.int().min(1, { error: "must be at least 1 error; raise it" }).default(10),
    p99LatencySeconds: z.number().gt(0, { error: "must be above 0 seconds; set a value such as 2" }).default(2),
    unhealthyHostMinutes: minutes.default(5),
    atMaxCapacityMinutes: minutes.default(15),
    wafBlockedPercent: percent.default(20),
}).prefault({});

/**
 * The schema of the whole `ha-web-tier:` namespace, with its defaults. Exported so a test can hold the
 * README's config reference to it; read config through {@link parseConfig}, not this.
 */
export const configSchema = z.strictObject({
    regions: z.array(regionSchema).min(1, { error: "must list at least one region; the first is the primary" }),
    mode: z.enum(["pilot-light", "warm-standby", "active-active", "single-region"]).default("pilot-light"),
    frontDoor: z.enum(["dns", "global-accelerator"]).default("dns"),
    app: z.strictObject({
        image: z.string().min(1).optional(),
        replicateImage: z.boolean().default(true),
        port: z.int().min(1, { error: "must be a TCP port 1-65535" }).max(65535, { error: "must be a TCP port 1-65535" }).default(8080),
        healthPath: z.string().startsWith("/", { error: "must start with /; use a path such as /health" })
            .regex(/^\/[A-Za-z0-9._~\/-]*$/, { error: "may hold only letters, digits and . _ ~ / -; use a plain path such as /health" }).default("/health"),
        healthSearchString: z.string().regex(/^[^"\\\x00-\x1f\x7f]+$/, { error: "must be one line without quotes, backslashes or control characters" }).max(255, { error: "must be at most 255 characters (Route 53's limit)" }).optional(),
        environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "is not a valid environment variable name; use letters, digits and _" }), z.string()).default({}),
        bootGraceSeconds: z.int().min(60, { error: "must be at least 60 seconds: boot, image pull and start take longer" }).max(3600).default(300),
    }).prefault({}),
    capacity: capacitySchema.prefault({}),
    scaling: z.strictObject({
        cpuTarget: z.number().gt(0, { error: "must be a percentage above 0" }).max(100, { error: "must be at most 100 (percent)" }).default(50),
    }).prefault({}),
    dns: z.strictObject({
        hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,31}$/, { error: "is not a Route 53 hosted zone id; copy it from `aws route53 list-hosted-zones` (it starts with Z)" }),
        recordName: z.string().regex(HOSTNAME_RE, { error: "is not a DNS name; use a lower-case name such as app.example.com" }),
    }).optional(),
    failover: z.strictObject({
        healthCheckInterval: z.union([z.literal(10), z.literal(30)], { error: "must be 10 or 30 (seconds); Route 53 offers only these two" }).default(10),
        failureThreshold: z.int().min(1, { error: "must be 1-10 (Route 53's range)" }).max(10, { error: "must be 1-10 (Route 53's range)" }).default(3),
        checkerRegions: z.array(z.enum(CHECKER_REGIONS)).min(3, { error: "must name at least 3 Route 53 checker regions" }).optional(),
        capacity: z.int().min(1, { error: "must be at least 1 instance" }).optional(),
        recoveryWindowMinutes: z.int().min(1).max(1440, { error: "must be at most 1440 minutes (CloudWatch evaluates at most one day)" }).default(15),
        notificationEmail: z.email({ error: "is not an e-mail address" }).optional(),
        notifications: z.literal("none").optional(),
        warmPool: z.boolean().default(true),
        probe: z.boolean().default(true),
        drill: z.boolean().default(false),
        // Opt-in: the function is correct without it, and reserving concurrency fails on accounts that
        // cannot keep Lambda's minimum of unreserved concurrency (see the README).
        reservedConcurrency: z.int().min(1, { error: "must be at least 1; leave it unset to reserve no concurrency (the default)" }).optional(),
        engine: z.enum(["function", "arc-region-switch"]).default("function"),
        minDelayMinutesBetweenExecutions: z.int({ error: "must be a whole number of minutes" }).min(1, { error: "must be at least 1 minute" }).default(30),
        approvalRoleArn: z.string().regex(/^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/.+$/, { error: "is not an IAM role ARN; use arn:aws:iam::<account>:role/<name>, the role people assume to approve a failover" }).optional(),
        // On-Demand Capacity Reservations for the standby's failover capacity (billed as if it ran).
        reserveCapacity: z.boolean().default(false),
        // Who lets users back onto a recovered primary (docs/failover.md, "Failback").
        failback: z.enum(["automatic", "manual"]).default("automatic"),
        // More than the alias TTL, so users have left the standby before it is lowered.
        reconcileHoldMinutes: z.int({ error: "must be a whole number of minutes" }).min(2, { error: "must be at least 2 minutes (more than the 60 s DNS TTL); raise it" })
            .max(1440, { error: "must be at most 1440 minutes; lower it" }).optional(),
    }).prefault({}),
    database: z.strictObject({
        enabled: z.boolean().default(false),
        engine: z.enum(["postgres", "mysql"]).default("postgres"),
        engineVersion: z.string().min(1).optional(),
        instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: "is not an RDS instance class; use a class such as db.t4g.medium" }).default("db.t4g.medium"),
        allocatedStorageGb: z.int().min(20, { error: "must be at least 20 (GiB, the gp3 minimum)" }).default(20),
        maxAllocatedStorageGb: z.int().min(20).default(100),
        backupRetentionDays: z.int().min(7, { error: "must be at least 7 days; point-in-time recovery needs a useful window" }).max(35, { error: "must be at most 35 days (RDS's limit)" }).default(7),
        maintenanceWindow: z.string().regex(/^(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}$/, { error: "must look like sun:05:00-sun:06:00 (UTC)" }).default("sun:05:00-sun:06:00"),
        autoPromote: z.boolean().default(false),
        autoPromoteAfterMinutes: z.int().min(1, { error: "must be at least 1 minute" }).max(1440, { error: "must be at most 1440 minutes (CloudWatch evaluates at most one day)" }).default(10),
        primaryRegion: z.string().optional(),
    }).prefault({}),
    waf: wafSchema,
    alb: albSchema,
    alarms: alarmsSchema,
    // Break-glass (docs/operations.md): one region is down; the program makes no lookup there, so a
    // targeted `pulumi up` can change the surviving region. Unset in normal operation.
    breakGlass: z.strictObject({
        regionDown: z.string().optional(),
    }).prefault({}),
    deletionProtection: z.boolean().default(true),
    logRetentionDays: z.int().refine((d) => LOG_RETENTION_DAYS.includes(d), { error: `must be a CloudWatch Logs retention period: ${LOG_RETENTION_DAYS.join(", ")}` }).default(90),
    tags: z.record(z.string().superRefine(refineWith(tagKeyProblem)), z.string().superRefine(refineWith(tagValueProblem)))
        .refine((t) => Object.keys(t).length <= MAX_USER_TAGS, {
            error: (issue) => `has ${Object.keys(issue.input as object).length} tags; with the ${PROGRAM_TAG_KEYS.length} the program puts on every resource and up to ${RESOURCE_TAG_KEYS.length} per resource that exceeds AWS's 50 tags per resource; keep at most ${MAX_USER_TAGS}`,
        })
        .default({}),
});

/** The schema's output: every key parsed and defaulted, before roles and capacities are resolved. */
export type Parsed = z.infer<typeof configSchema>;
