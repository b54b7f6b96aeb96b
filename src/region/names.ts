/**
 * AWS's limits on the names this program chooses, checked where each name is made: a name AWS
 * would refuse fails the program (and so the offline plan) with the rule and its source, instead of
 * failing halfway through `pulumi up`.
 */
import * as pulumi from "@pulumi/pulumi";

/** One kind of name AWS constrains. */
export interface NameRule {
    /** Most characters AWS accepts. */
    max: number;
    /** What AWS accepts, as a pattern. */
    pattern: RegExp;
    /** The same in words, for the message. */
    allowed: string;
    /** Where AWS says so. */
    source: string;
}

const LB_NAME = /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** The names this program makes, by kind. */
export const NAME_RULES = {
    loadBalancer: {
        max: 32, pattern: LB_NAME,
        allowed: "letters, digits and hyphens, not at either end and not starting with internal-",
        source: "Elastic Load Balancing API reference, CreateLoadBalancer, Name",
    },
    targetGroup: {
        max: 32, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
        allowed: "letters, digits and hyphens, not at either end",
        source: "Elastic Load Balancing API reference, CreateTargetGroup, Name",
    },
    regionSwitchPlan: {
        max: 32, pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/,
        allowed: "letters, digits and hyphens, not at either end",
        source: "ARC Region switch API reference, Plan, name",
    },
    logGroup: {
        max: 512, pattern: /^[A-Za-z0-9_\-/.#]+$/,
        allowed: "letters, digits and _ - / . #",
        source: "CloudWatch Logs API reference, CreateLogGroup, logGroupName",
    },
} as const satisfies Record<string, NameRule>;

/** A kind of name with a rule. */
export type NameKind = keyof typeof NAME_RULES;

/**
 * What Pulumi appends when it names a resource itself: a hyphen and 7 random characters
 * (pulumi/pulumi-aws#1317, whose error shows `name` "cannot be longer than 32 characters" for an
 * auto-named target group whose own name fits).
 */
const AUTONAME_SUFFIX = "-abcdef0";

function check(kind: NameKind, name: string, what: string): void {
    const rule: NameRule = NAME_RULES[kind];
    const problems: string[] = [];
    if (name.length > rule.max) {
        problems.push(`is ${name.length} characters, more than the ${rule.max} AWS allows`);
    }
    if (!rule.pattern.test(name)) {
        problems.push(`may hold only ${rule.allowed}`);
    }
    if (problems.length > 0) {
        throw new pulumi.RunError(`${what} ${problems.join(" and ")} (${rule.source}); choose a shorter name for the component that makes it`);
    }
}

/** `name` as the resource name of a resource Pulumi auto-names, once its generated name is known to fit `kind`'s rule. */
export function autoNamed(kind: NameKind, name: string): string {
    check(kind, `${name}${AUTONAME_SUFFIX}`, `the ${kind} name Pulumi generates from "${name}" (the name, a hyphen and 7 random characters)`);
    return name;
}

/** `name`, once it is known to fit `kind`'s rule. */
export function named(kind: NameKind, name: string): string {
    check(kind, name, `the ${kind} name "${name}"`);
    return name;
}
