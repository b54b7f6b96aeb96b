/**
 * The load balancing rules' verdicts written out, message and all, over the kinds of load balancer and
 * listener they read (application, network, classic; listeners found by dependency or by literal ARN;
 * listener rules; classic listener policies) and the values they cannot read.
 */
import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import type { RecordedResource } from "../../tools/engine/recorded";
import { loadBalancingPolicies } from "../../policy/policies/loadBalancing";
import { rec, U } from "./factories";
import { cannot, verdictsOf } from "./helpers";

const zone = (name: string, az: unknown) => rec("aws:ec2/subnet:Subnet", name, { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", availabilityZone: az });
/** Inputs with the keys set to undefined left out, as a resource that does not set them records them. */
const set = (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
const a = zone("a", "eu-west-1a");
const b = zone("b", "eu-west-1b");
/** A compliant ALB in two zones; `props` changes it. */
const alb = (props: Record<string, unknown> = {}, name = "alb") => rec("aws:lb/loadBalancer:LoadBalancer", name, set({ subnets: [U, U],
    dropInvalidHeaderFields: true, enableDeletionProtection: true, accessLogs: { bucket: "logs", enabled: true }, ...props }), { subnets: [a, b] });
const listener = (name: string, props: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
    rec("aws:lb/listener:Listener", name, { loadBalancerArn: U, ...props }, deps);
const forward = [{ type: "forward", targetGroupArn: "arn:tg" }];
const modern = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const classic = (name: string, props: Record<string, unknown>) => rec("aws:elb/loadBalancer:LoadBalancer", name, set({ availabilityZones: ["eu-west-1a", "eu-west-1b"],
    accessLogs: { bucket: "logs" }, ...props }));

const accessLogs = (name: string, why: string) => `${name} lb-access-logs-enabled: ${name}: access logs must be on; set accessLogs: { bucket: <an S3 bucket in `
    + `the load balancer's region>, enabled: true }${why}.`;
const tlsFix = "(e.g. ELBSecurityPolicy-TLS13-1-2-2021-06; ELBSecurityPolicy-TLS-1-2-2017-01 on a classic load balancer)";
const redirect = "[{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }]";
const mustRedirect = (at: string, what: string) => `${at} alb-http-redirects-to-https: The ${what} although the load balancer has an HTTPS listener; `
    + `HTTP must only redirect: set its actions to ${redirect}.`;

const cases: { requirement: string; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "header dropping or the type not known until deploy cannot be judged; the team may accept it",
        records: () => [alb({ dropInvalidHeaderFields: U }), alb({ loadBalancerType: U }, "alb2"), alb({ dropInvalidHeaderFields: U }, "alb3")],
        config: { "alb-drop-invalid-header-fields": { acceptUnresolved: ["alb3"] } },
        expect: [cannot("alb", "alb-drop-invalid-header-fields", "dropInvalidHeaderFields or loadBalancerType is not known until deploy"),
            cannot("alb2", "alb-drop-invalid-header-fields", "dropInvalidHeaderFields or loadBalancerType is not known until deploy")] },
    { requirement: "an ALB at the provider's default type, or \"Application\" in any case, must drop invalid headers; a network load balancer need not",
        records: () => [alb({ dropInvalidHeaderFields: undefined }), alb({ dropInvalidHeaderFields: false, loadBalancerType: "Application" }, "alb2"),
            alb({ dropInvalidHeaderFields: undefined, loadBalancerType: "network", accessLogs: undefined }, "nlb")],
        expect: ["alb alb-drop-invalid-header-fields: dropInvalidHeaderFields must be true on an application load balancer; set dropInvalidHeaderFields: true.",
            "alb2 alb-drop-invalid-header-fields: dropInvalidHeaderFields must be true on an application load balancer; set dropInvalidHeaderFields: true."] },
    { requirement: "access logs say what is missing: the block, the bucket, or the switch; an unknown block cannot be judged",
        records: () => [alb({ accessLogs: undefined }), alb({ accessLogs: { enabled: true } }, "alb2"), alb({ accessLogs: { bucket: "logs" } }, "alb3"),
            alb({ accessLogs: U }, "alb4"), classic("elb", { accessLogs: { bucket: "logs", enabled: false } }), alb({ accessLogs: { bucket: "logs", enabled: U } }, "alb5"),
            classic("elb2", { accessLogs: undefined })],
        expect: [accessLogs("alb", " (there is no accessLogs block)"), accessLogs("alb2", " (no bucket is set)"), accessLogs("alb3", ""),
            cannot("alb4", "lb-access-logs-enabled", "accessLogs is not known until deploy"), accessLogs("elb", ""),
            cannot("alb5", "lb-access-logs-enabled", "accessLogs.enabled is not known until deploy"), accessLogs("elb2", " (there is no accessLogs block)")] },
    { requirement: "deletion protection is asked for unless the config turns it off",
        records: () => [alb({ enableDeletionProtection: false })],
        expect: ["alb alb-deletion-protection: enableDeletionProtection must be true; set it (the program's deletionProtection config) or set this "
            + "policy's `required` to false for disposable stacks."] },
    { requirement: "deletion protection is not asked for when the config's required is false",
        records: () => [alb({ enableDeletionProtection: false })], config: { "alb-deletion-protection": { required: false } }, expect: [] },
    { requirement: "listeners found by a literal load balancer ARN are that load balancer's; every way an action forwards is forwarding",
        records: () => [listener("https", { loadBalancerArn: "arn:lb/x", protocol: "HTTPS", sslPolicy: modern }),
            listener("http", { loadBalancerArn: "arn:lb/x", protocol: "http", defaultActions: [{ targetGroupArn: "arn:tg" }] }),
            listener("http2", { loadBalancerArn: "arn:lb/x", port: 8080, defaultActions: [{ type: "redirect" }, { forward: { targetGroups: [] } }] }),
            listener("http3", { loadBalancerArn: "arn:lb/x", protocol: "HTTP", defaultActions: [{ type: U }] }),
            listener("http4", { loadBalancerArn: "arn:lb/x", protocol: "HTTP", defaultActions: [{ type: "fixed-response" }] }),
            listener("http5", { loadBalancerArn: "arn:lb/y", protocol: "HTTP", defaultActions: forward }),
            listener("http6", { protocol: "HTTP", defaultActions: forward }), listener("http7", { loadBalancerArn: "arn:lb/x", protocol: "HTTP", defaultActions: [{ type: "Forward" }] }),
            rec("aws:lb/targetGroup:TargetGroup", "decoy", { loadBalancerArn: "arn:lb/y", protocol: "HTTPS", defaultActions: forward, healthCheck: { path: "/h" } }),
            rec("aws:lb/listenerCertificate:ListenerCertificate", "decoy2", { listenerArn: U, actions: forward })],
        expect: [mustRedirect("http", "HTTP listener http forwards in its default action"), mustRedirect("http2", "HTTP listener http2 forwards in its default action"),
            mustRedirect("http3", "HTTP listener http3 forwards in its default action"), mustRedirect("http7", "HTTP listener http7 forwards in its default action"),
            "http5 alb-serves-https: The HTTP listener http5 forwards in its default action and the load balancer has no HTTPS listener, so the app is "
            + "served in plain text; add an HTTPS listener with an ACM certificate (in this program: set dns.hostedZoneId and dns.recordName) and make "
            + `HTTP redirect: ${redirect}.`] },
    { requirement: "each load balancer's listeners are its own: an HTTPS listener on one does not make another's HTTP a redirect case",
        records: () => {
            const one = alb({}, "one");
            const two = alb({}, "two");
            return [one, two, listener("https", { protocol: "HTTPS", sslPolicy: modern }, { loadBalancerArn: [one] }),
                listener("http", { protocol: "HTTP", defaultActions: forward }, { loadBalancerArn: [two] })];
        },
        expect: ["http alb-serves-https: The HTTP listener http forwards in its default action and the load balancer has no HTTPS listener, so the app is "
            + "served in plain text; add an HTTPS listener with an ACM certificate (in this program: set dns.hostedZoneId and dns.recordName) and make "
            + `HTTP redirect: ${redirect}.`] },
    { requirement: "a listener rule that forwards on the HTTP listener serves the app in plain text",
        records: () => {
            const lb = alb();
            const http = listener("http", { protocol: "HTTP", defaultActions: [{ type: "redirect" }] }, { loadBalancerArn: [lb] });
            return [lb, http, listener("https", { protocol: "HTTPS", sslPolicy: modern }, { loadBalancerArn: [lb] }),
                rec("aws:alb/listenerRule:ListenerRule", "api", { listenerArn: U, actions: forward }, { listenerArn: [http] }),
                rec("aws:lb/listenerRule:ListenerRule", "moved", { listenerArn: U, actions: [{ type: "redirect" }] }, { listenerArn: [http] }),
                rec("aws:lb/listenerCertificate:ListenerCertificate", "cert", { listenerArn: U, certificateArn: "arn:c", actions: forward }, { listenerArn: [http] })];
        },
        expect: [mustRedirect("api", "listener rule api forwards on HTTP listener http")] },
    { requirement: "a classic load balancer's HTTP listener forwards; with an HTTPS or SSL listener next to it that must not be",
        records: () => {
            const tls = rec("aws:elb/sslNegotiationPolicy:SslNegotiationPolicy", "tls", {
                attributes: [{ name: "Protocol-TLSv1.2", value: "true" }, { name: "Reference-Security-Policy", value: "ELBSecurityPolicy-TLS-1-2-2017-01" }] });
            const elb = classic("elb", { listeners: [{ lbPort: 80, lbProtocol: "http" }, { lbPort: 443, lbProtocol: "ssl" }] });
            const plainPolicy = rec("aws:elb/loadBalancerPolicy:LoadBalancerPolicy", "plain", { policyAttributes: [{ name: "Protocol-TLSv1.2", value: "true" }] });
            return [elb, tls, plainPolicy, rec("aws:elb/listenerPolicy:ListenerPolicy", "elb-tls", { loadBalancerName: U, loadBalancerPort: 443, policyNames: [U, U] },
                { loadBalancerName: [elb], policyNames: [plainPolicy, tls] }),
            classic("elb2", { listeners: [{ lbPort: 80, lbProtocol: "HTTP" }, { lbPort: 443, lbProtocol: "https" }, { lbPort: 8443, lbProtocol: "SSL" }] }),
            classic("elb3", { listeners: [{ lbPort: 80, lbProtocol: "http" }, { lbPort: 443, lbProtocol: "HTTPS" }] }),
            alb({ listeners: [{ lbPort: 80, lbProtocol: "http" }] }, "alb-decoy")];
        },
        expect: [mustRedirect("elb", "HTTP listener on port 80 of classic load balancer elb forwards (a classic load balancer cannot redirect)"),
            mustRedirect("elb2", "HTTP listener on port 80 of classic load balancer elb2 forwards (a classic load balancer cannot redirect)"),
            mustRedirect("elb3", "HTTP listener on port 80 of classic load balancer elb3 forwards (a classic load balancer cannot redirect)"),
            `elb2 https-listener-modern-tls: elb2: the https listener on port 443 must allow only TLS 1.2+ ${tlsFix}, but no listener policy sets one, so the `
            + "default ELBSecurityPolicy-2016-08 (TLS 1.0) applies; attach an aws.elb.ListenerPolicy naming a policy whose Reference-Security-Policy is one.",
            `elb2 https-listener-modern-tls: elb2: the SSL listener on port 8443 must allow only TLS 1.2+ ${tlsFix}, but no listener policy sets one, so the `
            + "default ELBSecurityPolicy-2016-08 (TLS 1.0) applies; attach an aws.elb.ListenerPolicy naming a policy whose Reference-Security-Policy is one.",
            `elb3 https-listener-modern-tls: elb3: the HTTPS listener on port 443 must allow only TLS 1.2+ ${tlsFix}, but no listener policy sets one, so the `
            + "default ELBSecurityPolicy-2016-08 (TLS 1.0) applies; attach an aws.elb.ListenerPolicy naming a policy whose Reference-Security-Policy is one."] },
    { requirement: "a classic HTTPS listener is judged by the policy its own port's listener policy names, or the TLS 1.0 default",
        records: () => {
            const elb = classic("elb", { listeners: [{ lbPort: 443, lbProtocol: "HTTPS" }, { lbPort: 8443, lbProtocol: "HTTPS" }] });
            const old = rec("aws:elb/loadBalancerPolicy:LoadBalancerPolicy", "old", { policyAttributes: [{ name: "Reference-Security-Policy", value: "ELBSecurityPolicy-2016-08" }] });
            const other = rec("aws:elb/loadBalancerPolicy:LoadBalancerPolicy", "other", { policyAttributes: [{ name: "Reference-Security-Policy", value: "ELBSecurityPolicy-TLS-1-2-2017-01" }] });
            const otherElb = classic("other-elb", {});
            const backend = rec("aws:elb/backendServerPolicy:BackendServerPolicy", "backend", { policyAttributes: [{ name: "Reference-Security-Policy",
                value: "ELBSecurityPolicy-TLS-1-2-2017-01" }] });
            return [elb, old, other, otherElb, backend, rec("aws:elb/listenerPolicy:ListenerPolicy", "p443", { loadBalancerName: U, loadBalancerPort: 443, policyNames: [U] },
                { loadBalancerName: [elb], policyNames: [old] }),
            rec("aws:elb/listenerPolicy:ListenerPolicy", "p8443", { loadBalancerName: U, loadBalancerPort: 8443, policyNames: [U] },
                { loadBalancerName: [otherElb], policyNames: [other] }),
            rec("aws:elb/listenerPolicy:ListenerPolicy", "p8443b", { loadBalancerName: U, loadBalancerPort: 8443, policyNames: [U] },
                { loadBalancerName: [elb], policyNames: [backend] }),
            rec("aws:elb/loadBalancerPolicy:LoadBalancerPolicy", "not-a-listener-policy", { loadBalancerName: U, loadBalancerPort: 8443, policyNames: [U] },
                { loadBalancerName: [elb], policyNames: [other] }),
            rec("aws:elb/listenerPolicy:ListenerPolicy", "by-name", { loadBalancerName: "some-elb", loadBalancerPort: 8443, policyNames: [U] }, { policyNames: [other] })];
        },
        expect: [`elb https-listener-modern-tls: elb: the HTTPS listener on port 443 must allow only TLS 1.2+ ${tlsFix}, but it uses "ELBSecurityPolicy-2016-08"; `
            + "attach an aws.elb.ListenerPolicy naming a policy whose Reference-Security-Policy is one.",
        `elb https-listener-modern-tls: elb: the HTTPS listener on port 8443 must allow only TLS 1.2+ ${tlsFix}, but no listener policy sets one, so the `
            + "default ELBSecurityPolicy-2016-08 (TLS 1.0) applies; attach an aws.elb.ListenerPolicy naming a policy whose Reference-Security-Policy is one."] },
    { requirement: "listener TLS: an unknown protocol, or an unknown policy on HTTPS or TLS, cannot be judged; an old or unset policy is named",
        records: () => [listener("l1", { protocol: U }), listener("l2", { protocol: "https", sslPolicy: U }), listener("l3", { protocol: "TLS", sslPolicy: U }),
            listener("l4", { protocol: "HTTP", sslPolicy: U }), listener("l5", { protocol: "tls", sslPolicy: "ELBSecurityPolicy-2016-08" }),
            listener("l6", { protocol: "HTTPS" }), listener("l7", { protocol: "TLS", sslPolicy: modern }), listener("l8", { protocol: U })],
        config: { "https-listener-modern-tls": { acceptUnresolved: ["l8"] } },
        expect: [cannot("l1", "https-listener-modern-tls", "protocol is not known until deploy"), cannot("l2", "https-listener-modern-tls", "sslPolicy is not known until deploy"),
            cannot("l3", "https-listener-modern-tls", "sslPolicy is not known until deploy"),
            `l5 https-listener-modern-tls: l5: sslPolicy must allow only TLS 1.2+ ${tlsFix}, but it is "ELBSecurityPolicy-2016-08".`,
            `l6 https-listener-modern-tls: l6: sslPolicy must allow only TLS 1.2+ ${tlsFix}, but it is unset (the API default allows TLS 1.0).`] },
    { requirement: "HTTP(S) target groups must health-check a path; Lambda and TCP target groups are not asked",
        records: () => [rec("aws:lb/targetGroup:TargetGroup", "tg", { protocol: "HTTPS", healthCheck: { enabled: false, path: "/health" } }),
            rec("aws:lb/targetGroup:TargetGroup", "fn", { targetType: "lambda" }), rec("aws:lb/targetGroup:TargetGroup", "tcp", { protocol: "TCP" }),
            rec("aws:lb/targetGroup:TargetGroup", "default", {})],
        expect: ["tg target-group-health-check-path: A target group must health-check an explicit path the app serves: set healthCheck.path "
            + "(e.g. \"/health\") and leave healthCheck.enabled on.", "default target-group-health-check-path: A target group must health-check an explicit "
            + "path the app serves: set healthCheck.path (e.g. \"/health\") and leave healthCheck.enabled on."] },
    { requirement: "desync mitigation: unknown cannot be judged; monitor is refused on application and classic load balancers, not network ones",
        records: () => [alb({ desyncMitigationMode: U }), classic("elb", { desyncMitigationMode: "monitor" }),
            alb({ loadBalancerType: "network", accessLogs: undefined, desyncMitigationMode: "monitor" }, "nlb")],
        expect: [cannot("alb", "alb-desync-mitigation", "desyncMitigationMode is not known until deploy"),
            "elb alb-desync-mitigation: elb: desyncMitigationMode must be \"defensive\" (the default) or \"strictest\", but it is \"monitor\"; remove it or set "
            + "desyncMitigationMode: \"defensive\"."] },
    { requirement: "a load balancer spans two zones through subnets, mappings or (classic) zones; one zone, or unplaced subnets, is refused",
        records: () => [classic("elb", { availabilityZones: ["eu-west-1a"] }), classic("elb2", { availabilityZones: undefined }),
            rec("aws:lb/loadBalancer:LoadBalancer", "nlb", { loadBalancerType: "network", enableDeletionProtection: true, subnetMappings: [{ subnetId: U }, { subnetId: U }] }, { subnetMappings: [a, b] }),
            rec("aws:lb/loadBalancer:LoadBalancer", "nlb2", { loadBalancerType: "network", enableDeletionProtection: true, subnetMappings: [{ subnetId: U }] }, { subnets: [a, b] }),
            rec("aws:lb/loadBalancer:LoadBalancer", "nlb3", { loadBalancerType: "network", enableDeletionProtection: true, subnets: ["subnet-1", "subnet-2"] }),
            alb({ subnets: [U, U, "subnet-3"] }, "alb3"),
            rec("aws:lb/loadBalancer:LoadBalancer", "nlb4", { loadBalancerType: "network", enableDeletionProtection: true, subnetMappings: [{ subnetId: "subnet-x" },
                { subnetId: "subnet-y" }] }),
            rec("ha-web-tier:index:HaWebTier", "euw1", {}, {}, { custom: false, outputs: { existingSubnets: ["x", "y"].map((n, i) => ({ id: `subnet-${n}`,
                vpcId: "vpc-1", availabilityZone: `eu-west-1${"ab"[i]}`, mapPublicIpOnLaunch: false, routeTable: { id: "rtb-1", main: false, routes: [] } })) } })],
        expect: ["elb lb-multi-az: elb: a load balancer must span at least two Availability Zones, but it spans 1; list public subnets in two or more AZs in subnets.",
            "elb2 lb-multi-az: elb2: a load balancer must span at least two Availability Zones, but it spans 0; list public subnets in two or more AZs in subnets.",
            cannot("nlb2", "lb-multi-az", "1 of its subnets cannot be placed in an Availability Zone (not declared here, or without availabilityZone), so they may all share one"),
            cannot("nlb3", "lb-multi-az", "2 of its subnets cannot be placed in an Availability Zone (not declared here, or without availabilityZone), so they may all share one")] },
    { requirement: "a load balancer whose subnets cannot be placed may be accepted by name, as the message says",
        records: () => [rec("aws:lb/loadBalancer:LoadBalancer", "nlb3", { loadBalancerType: "network", enableDeletionProtection: true, subnets: ["subnet-1", "subnet-2"] })],
        config: { "lb-multi-az": { acceptUnresolved: ["nlb3"] } }, expect: [] },
];

describe("policy pack: load balancing rules' verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            assert.deepEqual(await verdictsOf([a, b, ...c.records()], loadBalancingPolicies, c.config), c.expect);
        });
    }
});
