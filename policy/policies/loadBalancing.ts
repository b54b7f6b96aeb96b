import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { blocks, forTypes, get, isUnknown, lbTypes, plain, sources } from "./util";

function isApplication(props: Record<string, unknown>): boolean {
    return props.loadBalancerType === undefined || props.loadBalancerType === "application";
}

/** ELB.4: forwarding malformed headers enables request smuggling against the app. */
export const albDropInvalidHeaders: ResourceValidationPolicy = {
    name: "alb-drop-invalid-header-fields",
    description: "Checks whether application load balancers drop invalid HTTP header fields (Security Hub ELB.4).",
    enforcementLevel: "mandatory",
    validateResource: forTypes(lbTypes("loadBalancer:LoadBalancer"), (props, _args, report) => {
        if (isApplication(props) && props.dropInvalidHeaderFields !== true && !isUnknown(props.dropInvalidHeaderFields)) {
            report("dropInvalidHeaderFields must be true on an application load balancer; set "
                + "dropInvalidHeaderFields: true.");
        }
    }),
};

/** The classic load balancer's token (module `elb`). */
const classicLb = "aws:elb/loadBalancer:LoadBalancer";

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
    validateResource: forTypes([...lbTypes("loadBalancer:LoadBalancer"), classicLb], (props, args, report) => {
        const classic = args.type === classicLb;
        if ((!classic && !isApplication(props)) || isUnknown(props.accessLogs)) {
            return;
        }
        const enabled = get(props.accessLogs, "enabled");
        const bucket = get(props.accessLogs, "bucket");
        const on = isUnknown(enabled) || (classic ? enabled !== false : enabled === true);
        const hasBucket = isUnknown(bucket) || (typeof bucket === "string" && bucket.length > 0);
        if (props.accessLogs === undefined || !on || !hasBucket) {
            report(`Access logs must be on: set accessLogs: { bucket: <an S3 bucket in the load balancer's region>, `
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

function redirectsToHttps(listener: PolicyResource): boolean {
    const actions = blocks(plain(listener.props).defaultActions);
    return actions.length > 0 && actions.every(a => a.type === "redirect"
        && (get(a, "redirect", "protocol") === "HTTPS" || isUnknown(get(a, "redirect", "protocol"))));
}

/** ELB.1: once a certificate exists, plain HTTP must only ever answer with a redirect. */
export const albHttpRedirectsToHttps: StackValidationPolicy = {
    name: "alb-http-redirects-to-https",
    description: "Checks whether an HTTP listener redirects to HTTPS when the same load balancer has an HTTPS "
        + "listener (Security Hub ELB.1).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const listeners of listenersByLb(args.resources).values()) {
            // An ALB listener without a protocol is HTTP (the provider's default for application load balancers).
            const protocol = (l: PolicyResource) => plain(l.props).protocol ?? "HTTP";
            if (!listeners.some(l => protocol(l) === "HTTPS")) {
                continue;
            }
            for (const l of listeners.filter(x => protocol(x) === "HTTP" && !redirectsToHttps(x))) {
                report("An HTTP listener on a load balancer that has an HTTPS listener must only redirect: set "
                    + "defaultActions to [{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", "
                    + "statusCode: \"HTTP_301\" } }].", l.urn);
            }
        }
    },
};

/** Security policies that allow only TLS 1.2 and 1.3 (ELBSecurityPolicy-TLS13-*, -TLS-1-2-*, -FS-1-2-*). */
const modernTls = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

/** ELB.17-style: the API default policy still negotiates TLS 1.0. */
export const httpsListenerTlsPolicy: ResourceValidationPolicy = {
    name: "https-listener-modern-tls",
    description: "Checks whether HTTPS and TLS listeners use a security policy that allows only TLS 1.2 and 1.3 "
        + "(Security Hub ELB.17).",
    enforcementLevel: "mandatory",
    validateResource: forTypes(lbTypes("listener:Listener"), (props, _args, report) => {
        if (props.protocol !== "HTTPS" && props.protocol !== "TLS") {
            return;
        }
        const policy = props.sslPolicy;
        if (!isUnknown(policy) && !(typeof policy === "string" && modernTls.test(policy))) {
            report(`sslPolicy must allow only TLS 1.2+ (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06), but it is `
                + `${policy === undefined ? "unset (the API default allows TLS 1.0)" : JSON.stringify(policy)}.`);
        }
    }),
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

/** The load balancing rules, in report order. */
export const loadBalancingPolicies = [albDropInvalidHeaders, lbAccessLogsEnabled, albDeletionProtection, albHttpRedirectsToHttps,
    httpsListenerTlsPolicy, targetGroupHealthCheckPath];
