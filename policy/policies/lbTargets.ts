/**
 * What an internet-facing load balancer publishes: whatever listens on the ports of its targets, on
 * its own listener ports (a TCP listener on 443 can forward to a database's 6379). So the targets
 * behind a public load balancer of any kind must be the app the tier launches and checks: target
 * groups an Auto Scaling group, ECS service or Lambda function fills, never an instance or address
 * registered one by one.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { acceleratedLoadBalancers } from "./frontDoor";
import { classicLb } from "./loadBalancing";
import { acceptUnresolvedSchema, cannotBeJudged, isTrue, isUnknown, lbTypes, list, plain, sources, sourcesOfType, upper, type UnresolvedConfig } from "./util";

const attachmentTypes = lbTypes("targetGroup:TargetGroup").map(t => t.replace("targetGroup:TargetGroup", "targetGroupAttachment:TargetGroupAttachment"));
const classicAttachment = "aws:elb/attachment:Attachment";

/** Target group types whose one-by-one registration is not a host: a Lambda function or an ALB behind an NLB. */
const nonHostTargets = ["LAMBDA", "ALB"];

/**
 * True when a load balancer answers on the internet: not `internal` (unknown counts as internet-facing),
 * or an accelerator's endpoint (which publishes internal ones too).
 */
function internetFacing(lb: PolicyResource, accelerated: Set<string>): boolean {
    const internal = plain(lb.props).internal;
    return isUnknown(internal) || !isTrue(internal) || accelerated.has(lb.urn);
}

/** Each listener and listener rule of an internet-facing ALB, NLB or GWLB, with the target groups it forwards to. */
function publicForwards(resources: PolicyResource[]): { at: PolicyResource; lb: PolicyResource; groups: PolicyResource[] }[] {
    const isTg = (s: PolicyResource) => lbTypes("targetGroup:TargetGroup").includes(s.type);
    const result: { at: PolicyResource; lb: PolicyResource; groups: PolicyResource[] }[] = [];
    const accelerated = acceleratedLoadBalancers(resources);
    for (const lb of resources.filter(r => lbTypes("loadBalancer:LoadBalancer").includes(r.type) && internetFacing(r, accelerated))) {
        const listeners = resources.filter(r => lbTypes("listener:Listener").includes(r.type) && sources(r, "loadBalancerArn").some(s => s.urn === lb.urn));
        const urns = new Set(listeners.map(l => l.urn));
        const rules = resources.filter(r => lbTypes("listenerRule:ListenerRule").includes(r.type) && sources(r, "listenerArn").some(s => urns.has(s.urn)));
        listeners.forEach(l => result.push({ at: l, lb, groups: sources(l, "defaultActions").filter(isTg) }));
        rules.forEach(r => result.push({ at: r, lb, groups: sources(r, "actions").filter(isTg) }));
    }
    return result;
}

/** Tunables of {@link publicLbTargetsAreApp}. */
export interface LbTargetsConfig extends UnresolvedConfig {
    /** Target names (attachment resource names) the team accepts behind a public load balancer. */
    allowedTargets: string[];
}

/**
 * EC2.18-style for load balancers: an internet-facing load balancer exposes its targets' ports, so
 * only the app may stand behind one.
 */
export const publicLbTargetsAreApp: StackValidationPolicy = {
    name: "public-lb-targets-are-app",
    description: "Checks whether internet-facing load balancers (application, network, gateway and classic) send traffic only to "
        + "targets an Auto Scaling group, ECS service or Lambda function registers, never to an instance or address registered "
        + "one by one (whatever port it listens on would be published on the load balancer's port).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedTargets: { type: "array", items: { type: "string", minLength: 1 }, default: [] },
            ...acceptUnresolvedSchema,
        },
    },
    validateStack: (args, report) => {
        const config = args.getConfig<Partial<LbTargetsConfig>>();
        const allowed = new Set([...(config.allowedTargets ?? []), ...(config.acceptUnresolved ?? [])]);
        const fix = "register the app through an Auto Scaling group (targetGroupArns), an ECS service or a Lambda function, "
            + "or accept the target with public-lb-targets-are-app's allowedTargets";
        const attachments = args.resources.filter(r => attachmentTypes.includes(r.type) && !allowed.has(r.name));
        for (const a of attachments.filter(x => sources(x, "targetGroupArn").length === 0)) {
            const arn = plain(a.props).targetGroupArn;
            report(cannotBeJudged("public-lb-targets-are-app", a.name, `its target group ${isUnknown(arn) ? "is not known until deploy and" : JSON.stringify(arn)} `
                + "is not one this stack declares, so whether a public load balancer forwards to it is unknown"), a.urn);
        }
        for (const f of publicForwards(args.resources)) {
            const hosts = attachments.filter(a => sources(a, "targetGroupArn").some(tg => f.groups.some(g => g.urn === tg.urn
                && !nonHostTargets.includes(String(upper(plain(g.props).targetType))))));
            if (hosts.length > 0) {
                report(`${f.at.name} on the internet-facing ${f.lb.name} forwards to ${hosts.map(h => `${h.name} (port ${JSON.stringify(plain(h.props).port ?? "of its group")})`).join(", ")}, `
                    + `registered one by one: whatever listens there is published on the internet; ${fix}.`, f.at.urn);
            }
        }
        // An instance registered with a classic load balancer the stack does not declare (a name, a lookup) may be published by it.
        for (const a of args.resources.filter(r => r.type === classicAttachment && !allowed.has(r.name) && sourcesOfType(r, "elb", [classicLb]).length === 0)) {
            const elb = plain(a.props).elb;
            report(cannotBeJudged("public-lb-targets-are-app", a.name, `its load balancer ${isUnknown(elb) ? "is not known until deploy and" : JSON.stringify(elb)} `
                + "is not one this stack declares, so whether it is internet-facing is unknown"), a.urn);
        }
        for (const elb of args.resources.filter(r => r.type === classicLb && internetFacing(r, new Set()))) {
            const instances = list(plain(elb.props).instances);
            if (instances.length > 0 && !allowed.has(elb.name)) {
                report(`${elb.name} is an internet-facing classic load balancer with instances registered one by one; its listeners publish `
                    + `their instance ports on the internet; ${fix}.`, elb.urn);
            }
            for (const a of args.resources.filter(r => r.type === classicAttachment && !allowed.has(r.name) && sources(r, "elb").some(s => s.urn === elb.urn))) {
                report(`${a.name} registers an instance with the internet-facing classic load balancer ${elb.name}, which publishes its `
                    + `instance ports on the internet; ${fix}.`, a.urn);
            }
        }
    },
};
