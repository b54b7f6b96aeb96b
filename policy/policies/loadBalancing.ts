import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { declaredSubnets } from "./routes";
import {
    acceptUnresolvedSchema, blocks, cannotBeJudged, forTypes, get, isUnknown, lbTypes, list, ofTypes, plain, sources, unresolvedFor, upper,
    type UnresolvedConfig,
} from "./util";
import { zonesOf } from "./zones";

/** An ALB: the type is unset (the provider's default) or "application", compared as AWS compares it (any case). */
function isApplication(props: Record<string, unknown>): boolean {
    return props.loadBalancerType === undefined || upper(props.loadBalancerType) === "APPLICATION" || isUnknown(props.loadBalancerType);
}

/** The classic load balancer's token (module `elb`). */
export const classicLb = "aws:elb/loadBalancer:LoadBalancer";

/** ELB.4: forwarding malformed headers enables request smuggling against the app. */
export const albDropInvalidHeaders: ResourceValidationPolicy = {
    name: "alb-drop-invalid-header-fields",
    description: "Checks whether application load balancers drop invalid HTTP header fields (Security Hub ELB.4).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes(lbTypes("loadBalancer:LoadBalancer"), (props, args, report) => {
        if (isUnknown(props.dropInvalidHeaderFields) || (isApplication(props) && isUnknown(props.loadBalancerType))) {
            unresolvedFor("alb-drop-invalid-header-fields", args, report)("dropInvalidHeaderFields or loadBalancerType is not known until deploy");
        } else if (isApplication(props) && props.dropInvalidHeaderFields !== true) {
            report("dropInvalidHeaderFields must be true on an application load balancer; set "
                + "dropInvalidHeaderFields: true.");
        }
    }),
};


/**
 * ELB.5: without access logs there is no record of who sent what when an incident needs one. An ALB
 * logs only with accessLogs.enabled true ("Defaults to false, even when bucket is specified"); a classic
 * load balancer logs whenever it has an accessLogs block whose enabled is not false.
 */
export const lbAccessLogsEnabled: ResourceValidationPolicy = {
    name: "lb-access-logs-enabled",
    description: "Checks whether application and classic load balancers deliver access logs to an S3 bucket "
        + "(Security Hub ELB.5).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([...lbTypes("loadBalancer:LoadBalancer"), classicLb], (props, args, report) => {
        const classic = args.type === classicLb;
        if (!classic && !isApplication(props)) {
            return;
        }
        if (isUnknown(props.accessLogs)) {
            unresolvedFor("lb-access-logs-enabled", args, report)("accessLogs is not known until deploy");
            return;
        }
        const enabled = get(props.accessLogs, "enabled");
        const bucket = get(props.accessLogs, "bucket");
        if (isUnknown(enabled)) {
            unresolvedFor("lb-access-logs-enabled", args, report)("accessLogs.enabled is not known until deploy");
            return;
        }
        const on = classic ? enabled !== false : enabled === true;
        const hasBucket = isUnknown(bucket) || (typeof bucket === "string" && bucket.length > 0);
        // No accessLogs block reads as no bucket (and, on an ALB, not enabled).
        if (!on || !hasBucket) {
            report(`${args.name}: access logs must be on; set accessLogs: { bucket: <an S3 bucket in the load balancer's region>, `
                + `enabled: true }${props.accessLogs === undefined ? " (there is no accessLogs block)" : !hasBucket ? " (no bucket is set)" : ""}.`);
        }
    }),
};

/** Tunables of {@link albDeletionProtection}. */
export interface DeletionProtectionConfig {
    /** Whether deletion protection must be on (turn off for throwaway example stacks). */
    required: boolean;
}

/** ELB.6: one stray `pulumi destroy` or console click would take the region's entry point down. */
export const albDeletionProtection: ResourceValidationPolicy = {
    name: "alb-deletion-protection",
    description: "Checks whether load balancers have deletion protection enabled when the config requires it "
        + "(Security Hub ELB.6).",
    enforcementLevel: "advisory",
    configSchema: { properties: { required: { type: "boolean", default: true } } },
    validateResource: forTypes(lbTypes("loadBalancer:LoadBalancer"), (props, args, report) => {
        const required = args.getConfig<Partial<DeletionProtectionConfig>>().required ?? true;
        if (required && props.enableDeletionProtection !== true) {
            report("enableDeletionProtection must be true; set it (the program's deletionProtection config) or "
                + "set this policy's `required` to false for disposable stacks.");
        }
    }),
};

function listenersByLb(resources: PolicyResource[]): Map<string, PolicyResource[]> {
    const result = new Map<string, PolicyResource[]>();
    for (const l of resources.filter(r => lbTypes("listener:Listener").includes(r.type))) {
        const lbs = sources(l, "loadBalancerArn").map(s => s.urn);
        const arn = plain(l.props).loadBalancerArn;
        const keys = lbs.length > 0 ? lbs : typeof arn === "string" && !isUnknown(arn) ? [arn] : [];
        keys.forEach(k => result.set(k, [...(result.get(k) ?? []), l]));
    }
    return result;
}

/** An action that sends the request to targets (a target group, weighted target groups). */
function forwards(actions: unknown): boolean {
    return isUnknown(actions) || blocks(actions).some(a => upper(a.type) === "FORWARD" || isUnknown(a.type)
        || a.targetGroupArn !== undefined || a.forward !== undefined);
}

// An ALB listener without a protocol is HTTP (the provider's default for application load balancers). The
// provider accepts any case and upper-cases it (terraform-provider-aws elbv2 listener: StateFunc ToUpper).
const protocolOf = (l: PolicyResource) => upper(plain(l.props).protocol ?? "HTTP");

/**
 * Where an HTTP listener serves the app in plain text: its default action, and every listener rule
 * (`aws:lb/listenerRule` or `aws:alb/listenerRule`) on it that forwards instead of redirecting.
 */
function plainHttpForwards(resources: PolicyResource[]): { lb: string; hasHttps: boolean; at: PolicyResource; what: string }[] {
    const rulesOf = new Map<string, PolicyResource[]>();
    for (const rule of resources.filter(r => lbTypes("listenerRule:ListenerRule").includes(r.type))) {
        sources(rule, "listenerArn").forEach(l => rulesOf.set(l.urn, [...(rulesOf.get(l.urn) ?? []), rule]));
    }
    const result: { lb: string; hasHttps: boolean; at: PolicyResource; what: string }[] = [];
    for (const [lb, listeners] of listenersByLb(resources)) {
        const hasHttps = listeners.some(l => protocolOf(l) === "HTTPS");
        for (const l of listeners.filter(x => protocolOf(x) === "HTTP")) {
            if (forwards(plain(l.props).defaultActions)) {
                result.push({ lb, hasHttps, at: l, what: `HTTP listener ${l.name} forwards in its default action` });
            }
            for (const rule of (rulesOf.get(l.urn) ?? []).filter(r => forwards(plain(r.props).actions))) {
                result.push({ lb, hasHttps, at: rule, what: `listener rule ${rule.name} forwards on HTTP listener ${l.name}` });
            }
        }
    }
    // A classic load balancer cannot redirect: every HTTP listener forwards.
    for (const elb of resources.filter(r => r.type === classicLb)) {
        const listeners = blocks(plain(elb.props).listeners);
        const hasHttps = listeners.some(l => ["HTTPS", "SSL"].includes(String(upper(l.lbProtocol))));
        listeners.filter(l => upper(l.lbProtocol) === "HTTP").forEach(l => result.push({ lb: elb.urn, hasHttps, at: elb,
            what: `HTTP listener on port ${String(l.lbPort)} of classic load balancer ${elb.name} forwards (a classic load balancer cannot redirect)` }));
    }
    return result;
}

const redirectFix = "{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }";

/**
 * ELB.1: once a certificate exists, plain HTTP must only ever answer with a redirect, in the default
 * action and in every listener rule (a forwarding rule on the HTTP listener would serve the app in
 * plain text next to the HTTPS listener). AWS Config's alb-http-to-https-redirection-check.
 */
export const albHttpRedirectsToHttps: StackValidationPolicy = {
    name: "alb-http-redirects-to-https",
    description: "Checks whether an HTTP listener, in its default action and in every listener rule, redirects instead "
        + "of forwarding when the same load balancer has an HTTPS listener (Security Hub ELB.1).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const f of plainHttpForwards(args.resources).filter(x => x.hasHttps)) {
            report(`The ${f.what} although the load balancer has an HTTPS listener; HTTP must only redirect: set its `
                + `actions to [${redirectFix}].`, f.at.urn);
        }
    },
};

/**
 * ELB.1 for a load balancer that has no HTTPS listener at all (the tier without `dns`, so without a
 * certificate): it serves the app in plain text. Advisory, because HTTPS needs a domain the stack may
 * not have yet.
 */
export const albServesHttps: StackValidationPolicy = {
    name: "alb-serves-https",
    description: "Checks whether a load balancer that forwards HTTP traffic (default action or listener rule) also has "
        + "an HTTPS listener to redirect it to (Security Hub ELB.1).",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        for (const f of plainHttpForwards(args.resources).filter(x => !x.hasHttps)) {
            report(`The ${f.what} and the load balancer has no HTTPS listener, so the app is served in plain text; add an `
                + "HTTPS listener with an ACM certificate (in this program: set dns.hostedZoneId and dns.recordName) and "
                + `make HTTP redirect: [${redirectFix}].`, f.at.urn);
        }
    },
};

/** Security policies that allow only TLS 1.2 and 1.3 (ELBSecurityPolicy-TLS13-*, -TLS-1-2-*, -FS-1-2-*). */
const modernTls = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

/** Predefined classic load balancer policies that allow only TLS 1.2 (ELB classic guide, "Predefined SSL security policies"). */
const modernClassicTls = /^ELBSecurityPolicy-TLS-1-2-/;

/** The security policy a classic load balancer's HTTPS/SSL listener on `port` uses, through its listener policies. */
function classicTlsPolicy(elb: PolicyResource, port: unknown, resources: PolicyResource[]): unknown {
    const listenerPolicies = resources.filter(r => r.type === "aws:elb/listenerPolicy:ListenerPolicy"
        && sources(r, "loadBalancerName").some(s => s.urn === elb.urn) && plain(r.props).loadBalancerPort === port);
    const named = listenerPolicies.flatMap(lp => sources(lp, "policyNames"))
        .filter(p => p.type === "aws:elb/loadBalancerPolicy:LoadBalancerPolicy" || p.type === "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy");
    for (const p of named) {
        const attrs = [...blocks(plain(p.props).policyAttributes), ...blocks(plain(p.props).attributes)];
        const reference = attrs.find(a => a.name === "Reference-Security-Policy");
        if (reference) {
            return reference.value;
        }
    }
    // No listener policy: the classic load balancer's default, ELBSecurityPolicy-2016-08, which allows TLS 1.0.
    return undefined;
}

/** ELB.17-style: the API default policy still negotiates TLS 1.0, on every kind of load balancer. */
export const httpsListenerTlsPolicy: StackValidationPolicy = {
    name: "https-listener-modern-tls",
    description: "Checks whether HTTPS and TLS listeners of application and network load balancers, and HTTPS and SSL listeners "
        + "of classic load balancers, use a security policy that allows only TLS 1.2 and 1.3; protocols are compared in any "
        + "case, as the provider accepts them (Security Hub ELB.17).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        const unresolved = (r: PolicyResource, missing: string) =>
            !accepted.includes(r.name) && report(cannotBeJudged("https-listener-modern-tls", r.name, missing), r.urn);
        const fix = "(e.g. ELBSecurityPolicy-TLS13-1-2-2021-06; ELBSecurityPolicy-TLS-1-2-2017-01 on a classic load balancer)";
        for (const l of ofTypes(args, lbTypes("listener:Listener"))) {
            const props = plain(l.props);
            const protocol = upper(props.protocol);
            if (isUnknown(protocol) || isUnknown(props.sslPolicy)) {
                if (isUnknown(protocol) || protocol === "HTTPS" || protocol === "TLS") {
                    unresolved(l, `${isUnknown(protocol) ? "protocol" : "sslPolicy"} is not known until deploy`);
                }
                continue;
            }
            const policy = props.sslPolicy;
            if ((protocol === "HTTPS" || protocol === "TLS") && !(typeof policy === "string" && modernTls.test(policy))) {
                report(`${l.name}: sslPolicy must allow only TLS 1.2+ ${fix}, but it is `
                    + `${policy === undefined ? "unset (the API default allows TLS 1.0)" : JSON.stringify(policy)}.`, l.urn);
            }
        }
        for (const elb of ofTypes(args, [classicLb])) {
            for (const l of blocks(plain(elb.props).listeners).filter(x => ["HTTPS", "SSL"].includes(String(upper(x.lbProtocol))))) {
                const policy = classicTlsPolicy(elb, l.lbPort, args.resources);
                if (!(typeof policy === "string" && modernClassicTls.test(policy))) {
                    report(`${elb.name}: the ${String(l.lbProtocol)} listener on port ${String(l.lbPort)} must allow only TLS 1.2+ ${fix}, but `
                        + `${policy === undefined ? "no listener policy sets one, so the default ELBSecurityPolicy-2016-08 (TLS 1.0) applies"
                            : `it uses ${JSON.stringify(policy)}`}; attach an aws.elb.ListenerPolicy naming a policy whose Reference-Security-Policy is one.`, elb.urn);
                }
            }
        }
    },
};

/** Without a path the target group checks "/", which may pass while the app itself is broken. */
export const targetGroupHealthCheckPath: ResourceValidationPolicy = {
    name: "target-group-health-check-path",
    description: "Checks whether HTTP(S) target groups have an enabled health check with an explicit path.",
    enforcementLevel: "advisory",
    validateResource: forTypes(lbTypes("targetGroup:TargetGroup"), (props, _args, report) => {
        if (props.targetType === "lambda" || (props.protocol !== undefined && !["HTTP", "HTTPS"].includes(props.protocol as string))) {
            return;
        }
        const hc = props.healthCheck;
        if (get(hc, "enabled") === false || typeof get(hc, "path") !== "string") {
            report("A target group must health-check an explicit path the app serves: set healthCheck.path "
                + "(e.g. \"/health\") and leave healthCheck.enabled on.");
        }
    }),
};

/**
 * ELB.12: in "monitor" mode the ALB forwards requests that could desynchronise it from the targets
 * (request smuggling). Unset is the AWS default, "defensive" (Application Load Balancers user guide,
 * "Desync mitigation mode"; the provider documents the same default).
 */
export const albDesyncMitigation: ResourceValidationPolicy = {
    name: "alb-desync-mitigation",
    description: "Checks whether application load balancers use the defensive or strictest desync mitigation mode "
        + "(Security Hub ELB.12).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([...lbTypes("loadBalancer:LoadBalancer"), classicLb], (props, args, report) => {
        const mode = props.desyncMitigationMode;
        if (isUnknown(mode)) {
            unresolvedFor("alb-desync-mitigation", args, report)("desyncMitigationMode is not known until deploy");
        } else if (isApplication(props) && mode !== undefined && mode !== "defensive" && mode !== "strictest") {
            // (A classic load balancer has no loadBalancerType, so it reads as an application one here, as it should.)
            report(`${args.name}: desyncMitigationMode must be "defensive" (the default) or "strictest", but it is `
                + `${JSON.stringify(mode)}; remove it or set desyncMitigationMode: "defensive".`);
        }
    }),
};

/** ELB.13: a load balancer in one zone takes the region's entry point down with that zone. */
export const lbMultiAz: StackValidationPolicy = {
    name: "lb-multi-az",
    description: "Checks whether load balancers of every kind span at least two Availability Zones through their subnets, subnet "
        + "mappings or (classic) zones (Security Hub ELB.13).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        const declared = declaredSubnets(args.resources).subnets;
        for (const lb of ofTypes(args, [...lbTypes("loadBalancer:LoadBalancer"), classicLb])) {
            const p = plain(lb.props);
            const mappings = blocks(p.subnetMappings);
            const zones = mappings.length > 0 ? zonesOf(lb, "subnetMappings", mappings.map(m => m.subnetId), declared)
                : lb.type === classicLb && p.subnets === undefined ? { count: list(p.availabilityZones).length, unplaced: 0 }
                    : zonesOf(lb, "subnets", undefined, declared);
            const count = zones.count;
            if (count < 2 && zones.unplaced > 0) {
                if (!accepted.includes(lb.name)) report(cannotBeJudged("lb-multi-az", lb.name, `${zones.unplaced} of its subnets cannot be placed in an Availability Zone (not `
                    + "declared here, or without availabilityZone), so they may all share one"), lb.urn);
            } else if (count < 2) {
                report(`${lb.name}: a load balancer must span at least two Availability Zones, but it spans ${count}; list `
                    + "public subnets in two or more AZs in subnets.", lb.urn);
            }
        }
    },
};

/** The load balancing rules, in report order. */
export const loadBalancingPolicies = [albDropInvalidHeaders, lbAccessLogsEnabled, albDeletionProtection, albHttpRedirectsToHttps,
    albServesHttps, httpsListenerTlsPolicy, targetGroupHealthCheckPath, albDesyncMitigation, lbMultiAz];
