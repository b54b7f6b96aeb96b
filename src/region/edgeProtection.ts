import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** How the web ACL treats what its rules match (an object as well as a type, for the provider's schema). */
export const WafMode = { Block: "block", Count: "count" } as const;
/** One of {@link WafMode}'s values. */
export type WafMode = (typeof WafMode)[keyof typeof WafMode];

/** Arguments for {@link EdgeProtection}. */
export interface EdgeProtectionArgs {
    /** The ALB to protect. */
    loadBalancerArn: pulumi.Input<string>;
    /** The path Route 53 and the ALB check; never rate-limited. */
    healthPath: string;
    /** block: rules block what they match; count: they only count it (to tune before blocking). */
    mode: WafMode;
    /** Requests one client IP may send per window before the rate rule applies. */
    rateLimit: number;
    /** The rate rule's window: 60, 120, 300 or 600 seconds. */
    rateWindowSeconds: number;
    /** Add the SQL database managed rule group. */
    sqli: boolean;
    /** Days to keep the WAF logs (a CloudWatch Logs retention value). */
    logRetentionDays: number;
    /**
     * The web ACL's CloudWatch metric name, which is the WebACL dimension of its metrics (WAF
     * developer guide, "AWS WAF metrics and dimensions"); letters, digits, - and _ only.
     */
    metricName: string;
}

/**
 * AWS managed rule groups, in evaluation order (WAF developer guide, "Baseline rule groups" and "IP
 * reputation rule groups"): IP reputation first (25 WCU) drops known-bad sources cheaply, then the core
 * rule set (700 WCU) and known bad inputs; SQL database is optional. All together stay within the
 * 1,500 WCUs the web ACL price includes.
 */
export function managedRuleGroups(sqli: boolean): string[] {
    return [
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        ...(sqli ? ["AWSManagedRulesSQLiRuleSet"] : []),
    ];
}

/**
 * The child resources of a {@link EdgeProtection}, for callers that attach to or extend them. Kept outside the
 * class's fields: the component provider infers a schema output from every field, and a resource has
 * no schema type of its own there.
 */
export interface EdgeProtectionResources {
    /** The web ACL. */
    webAcl: aws.wafv2.WebAcl;
    /** The log group WAF logs to. */
    logGroup: aws.cloudwatch.LogGroup;
}

const EDGEPROTECTION_RESOURCES = new WeakMap<EdgeProtection, EdgeProtectionResources>();

/**
 * A regional WAF web ACL on the region's ALB: AWS managed rule groups, a rate-based rule per client IP
 * that never counts the health path (Route 53's checkers request it every few seconds from a handful of
 * addresses; blocking them would fail the region over), CloudWatch metrics on every rule, and logs to a
 * CloudWatch Logs group whose name starts with `aws-waf-logs-`, as WAF requires of every log destination
 * (WAF API reference, LoggingConfiguration). Credentials and cookies are redacted from the logs. Create it
 * with the ALB's region's provider: an ALB takes only a REGIONAL web ACL of its own region.
 */
export class EdgeProtection extends pulumi.ComponentResource {
    /** The child resources: webAcl, logGroup. */
    public get resources(): EdgeProtectionResources {
        return EDGEPROTECTION_RESOURCES.get(this)!;
    }

    /** The web ACL's ARN. */
    public readonly webAclArn: pulumi.Output<string>;
    /** The WebACL dimension of its metrics. */
    public readonly metricName: string;

    constructor(name: string, args: EdgeProtectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:EdgeProtection", name, {}, opts);
        const res = {} as EdgeProtectionResources;
        const parent = { parent: this };
        const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
        const managed = managedRuleGroups(args.sqli).map((group, i) => ({
            name: group,
            priority: i === 0 ? 0 : i + 1,
            // "none" keeps each rule's own action (block); "count" turns the whole group into counting.
            overrideAction: args.mode === "block" ? { none: {} } : { count: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
            // The Rule dimension of the rule's metrics; WebACL tells web ACLs apart.
            visibilityConfig: visibility(group),
        }));
        const rateRule = {
            name: "rate-limit-per-ip",
            priority: 1,
            action: args.mode === "block" ? { block: {} } : { count: {} },
            statement: {
                rateBasedStatement: {
                    aggregateKeyType: "IP",
                    limit: args.rateLimit,
                    evaluationWindowSec: args.rateWindowSeconds,
                    // Only requests that match the scope-down statement are counted (WAF developer guide,
                    // "Rate-based rule high-level settings"): everything but the exact health path.
                    scopeDownStatement: {
                        notStatement: {
                            statement: {
                                byteMatchStatement: {
                                    fieldToMatch: { uriPath: {} },
                                    positionalConstraint: "EXACTLY",
                                    searchString: args.healthPath,
                                    textTransformations: [{ priority: 0, type: "NONE" }],
                                },
                            },
                        },
                    },
                },
            },
            visibilityConfig: visibility("rate-limit-per-ip"),
        };
        const acl = new aws.wafv2.WebAcl(`${name}-acl`, {
            scope: "REGIONAL",
            description: `Managed rules and a per-IP rate limit for the ALB (${args.mode} mode)`,
            defaultAction: { allow: {} },
            rules: [managed[0], rateRule, ...managed.slice(1)],
            visibilityConfig: visibility(args.metricName),
        }, parent);
        new aws.wafv2.WebAclAssociation(`${name}-alb`, { resourceArn: args.loadBalancerArn, webAclArn: acl.arn }, parent);

        const logs = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            namePrefix: "aws-waf-logs-",
            retentionInDays: args.logRetentionDays,
        }, parent);
        new aws.wafv2.WebAclLoggingConfiguration(`${name}-logging`, {
            resourceArn: acl.arn,
            logDestinationConfigs: [logs.arn],
            redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        }, parent);

        this.webAclArn = acl.arn;
        this.metricName = args.metricName;
        res.webAcl = acl;
        res.logGroup = logs;
        EDGEPROTECTION_RESOURCES.set(this, res);
        this.registerOutputs({ webAclArn: this.webAclArn, metricName: this.metricName, webAcl: acl, logGroup: logs });
    }
}
