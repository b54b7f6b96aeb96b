/**
 * Deny by default: every custom resource's type is looked up in the classification table
 * (typeTable.ts); a type no class judges and that is not inert is refused unless the pack config
 * accepts it. Components are not classified (they create nothing themselves; their children are).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { awsTypeTable, reviewedProvider, type JudgedClass, type TypeClass } from "./typeTable";

/**
 * The rules of each judged class: every type of the class is read by these rules, written over the
 * whole class (every way to run an instance or container, every data store, every listener kind...).
 */
export const judgedBy: Readonly<Record<JudgedClass, readonly string[]>> = {
    compute: ["app-instances-private-subnets-only", "instance-no-public-ip", "imdsv2-required", "ebs-volumes-encrypted",
        "launch-template-no-public-ip", "launch-configuration-no-public-ip", "asg-elb-health-check", "asg-multi-az", "asg-launch-template",
        "fleet-launches-checked", "containers-no-public-ip", "containers-not-privileged", "eks-endpoint-private", "eks-nodes-no-open-ssh",
        "lambda-runtime-supported", "security-groups-by-id"],
    network: ["subnet-no-auto-assign-public-ip", "vpc-flow-logs-enabled", "app-instances-private-subnets-only", "security-groups-by-id"],
    exposure: ["security-groups-by-id", "no-admin-port-ingress", "public-ingress-only-on-lb-ports", "default-security-group-no-rules",
        "instance-no-public-ip", "lambda-no-public-invoke", "no-public-or-foreign-principals"],
    data: ["rds-not-publicly-accessible", "rds-storage-encrypted", "rds-deletion-protection", "rds-backup-retention", "rds-primary-multi-az",
        "kms-key-rotation", "data-stores-encrypted", "data-stores-not-public", "s3-no-public-access", "secret-parameters-encrypted",
        "sns-topic-kms-encrypted", "sqs-queue-encrypted", "ebs-volumes-encrypted", "no-public-or-foreign-principals"],
    identity: ["iam-no-full-admin", "iam-no-write-on-any-resource", "no-public-or-foreign-principals"],
    loadBalancing: ["alb-drop-invalid-header-fields", "lb-access-logs-enabled", "alb-deletion-protection", "alb-http-redirects-to-https",
        "alb-serves-https", "https-listener-modern-tls", "target-group-health-check-path", "alb-desync-mitigation", "lb-multi-az",
        "public-lb-targets-are-app", "security-groups-by-id", "accelerator-flow-logs-enabled", "accelerator-endpoint-group-explicit",
        "accelerator-endpoints-are-load-balancers"],
    dns: ["failover-primary-has-health-check", "route53-alarm-in-us-east-1"],
};

/** `aws:<module>/<name>:<Name>` for a module and a camel-case name, as @pulumi/aws spells its tokens. */
export function awsToken(module: string, name: string): string {
    return `aws:${module}/${name}:${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** Every token of the table with its class (typeTable.ts lists names per module and class). */
export function buildClassification(): Map<string, TypeClass> {
    const table = new Map<string, TypeClass>();
    for (const [module, classes] of Object.entries(awsTypeTable)) {
        for (const [cls, names] of Object.entries(classes) as [TypeClass, string][]) {
            for (const name of names.split(" ").filter(Boolean)) {
                table.set(awsToken(module, name), cls);
            }
        }
    }
    return table;
}

// Built as the pack loads: every rule of an AWS resource reads it.
const table = buildClassification();

/** Every classified token with its class. */
export function classifiedTypes(): ReadonlyMap<string, TypeClass> {
    return table;
}

/** Type tokens of providers (`pulumi:providers:aws`): configuration, not infrastructure. */
const providerPrefix = "pulumi:providers:";

/** Dynamic providers' tokens (`pulumi-nodejs:dynamic:Resource`, `pulumi-nodejs:dynamic/<module>:<Type>`). */
export function isDynamic(type: string): boolean {
    return type.startsWith("pulumi-nodejs:dynamic") || type.startsWith("pulumi-python:dynamic");
}

/** The class of a type: the table's for @pulumi/aws, `inert` for providers, `unreviewed` for anything else. */
export function classOf(type: string): TypeClass {
    if (type.startsWith(providerPrefix)) {
        return "inert";
    }
    return classifiedTypes().get(type) ?? "unreviewed";
}

/**
 * Whether an `allowedTypes` entry accepts a resource: an exact token, a glob ending in `*` (`aws:apigateway/*`,
 * `random:*`), or `<token>::<name>` for one resource. A dynamic provider runs arbitrary code with the
 * deployer's credentials, so only the `<token>::<name>` form accepts one: a glob or a bare token never does.
 */
export function allows(entry: string, type: string, name: string): boolean {
    if (entry === `${type}::${name}`) {
        return true;
    }
    if (isDynamic(type)) {
        return false;
    }
    return entry === type || (entry.endsWith("*") && type.startsWith(entry.slice(0, -1)));
}

/** Tunables of {@link reviewedTypesOnly}. */
export interface ReviewedTypesConfig {
    /** Types (or `<module>/*` globs, or `<token>::<name>` for one resource) the team accepts unreviewed. */
    allowedTypes: string[];
}

/** The module glob that would accept a type, for the fix message. */
function moduleGlob(type: string): string {
    const [pkg, module] = type.split(":");
    return module?.includes("/") ? `${pkg}:${module.split("/")[0]}/*` : `${pkg}:*`;
}

/**
 * A guardrail that allows what it does not understand is a list of known mistakes: a type whose
 * risks no rule reads (it runs code, holds data, grants access or opens an endpoint in ways the pack
 * was never taught) is refused until it is reviewed or the team accepts it by name.
 */
export const reviewedTypesOnly: ResourceValidationPolicy = {
    name: "reviewed-types-only",
    description: "Checks whether every resource's type is one the pack judges or knows to be inert; unreviewed types "
        + "(and every dynamic provider) are refused unless allowedTypes accepts them.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedTypes: { type: "array", items: { type: "string", minLength: 1 }, default: [] },
        },
    },
    validateResource: (args, report) => {
        // Components carry no provider: what they create is registered, and classified, on its own. (A provider
        // resource carries none either; it is inert.)
        if (!args.provider) {
            return;
        }
        if (classOf(args.type) !== "unreviewed") {
            return;
        }
        const allowed = args.getConfig<Partial<ReviewedTypesConfig>>().allowedTypes ?? [];
        if (allowed.some((entry) => allows(entry, args.type, args.name))) {
            return;
        }
        const dynamic = isDynamic(args.type);
        const why = dynamic ? "a dynamic provider runs its own code with the deployer's credentials, where no rule can see what it changes"
            : args.type.startsWith("aws:") && !classifiedTypes().has(args.type)
                ? `it is not in the pack's classification of ${reviewedProvider} (a newer provider?), so nothing it runs, stores or exposes is checked`
                : "no rule of the pack reads what it runs, stores or exposes";
        const fix = dynamic ? `accept this resource by name with reviewed-types-only's allowedTypes: ["${args.type}::${args.name}"]`
            : `accept it with reviewed-types-only's allowedTypes: ["${args.type}"] (or "${moduleGlob(args.type)}" for its module)`;
        report(`${args.name}: ${args.type} is not a type this pack reviews: ${why}. Use a reviewed type, or ${fix}.`);
    },
};
