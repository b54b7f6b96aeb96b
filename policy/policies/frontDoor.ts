import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    acceptUnresolvedSchema, blocks, cannotBeJudged, forTypes, get, isUnknown, lbTypes, ofTypes, plain, sources, type UnresolvedConfig,
} from "./util";

const acceleratorType = "aws:globalaccelerator/accelerator:Accelerator";
const endpointGroupType = "aws:globalaccelerator/endpointGroup:EndpointGroup";
const lbType = lbTypes("loadBalancer:LoadBalancer");
/** Endpoints Global Accelerator can reach directly besides load balancers (instances, Elastic IPs). */
const directTypes = ["aws:ec2/instance:Instance", "aws:ec2/eip:Eip", "aws:ec2/spotInstanceRequest:SpotInstanceRequest"];

/** The load balancers of the stack an accelerator serves: on the internet whatever their scheme. */
export function acceleratedLoadBalancers(resources: PolicyResource[]): Set<string> {
    return new Set(resources.filter(r => r.type === endpointGroupType)
        .flatMap(g => sources(g, "endpointConfigurations")).filter(s => lbType.includes(s.type)).map(s => s.urn));
}

const knownOrComputed = (v: unknown): boolean => isUnknown(v) || (typeof v === "string" && v.length > 0);

/**
 * The accelerator's record of who connected, as the ALBs' access logs are theirs: flow logs on, to an S3
 * bucket and prefix (the provider requires both "if flowLogsEnabled is true").
 */
export const acceleratorFlowLogsEnabled: ResourceValidationPolicy = {
    name: "accelerator-flow-logs-enabled",
    description: "Checks whether Global Accelerator accelerators deliver flow logs to an S3 bucket.",
    enforcementLevel: "mandatory",
    validateResource: forTypes([acceleratorType], (props, args, report) => {
        // Deny by default: a switch known only at deploy time may be off, so it must be written as true.
        if (isUnknown(props.attributes) || isUnknown(get(props.attributes, "flowLogsEnabled"))) {
            report(`${args.name}: flow logs must be on, but ${isUnknown(props.attributes) ? "the attributes block" : "flowLogsEnabled"} is known only at `
                + "deploy time, so whether they are cannot be judged; write flowLogsEnabled: true in the args (the bucket and prefix may be computed).");
            return;
        }
        const enabled = get(props.attributes, "flowLogsEnabled");
        const bucket = get(props.attributes, "flowLogsS3Bucket");
        const prefix = get(props.attributes, "flowLogsS3Prefix");
        if (enabled !== true || !knownOrComputed(bucket) || !knownOrComputed(prefix)) {
            report(`${args.name}: flow logs must be on; set attributes: { flowLogsEnabled: true, flowLogsS3Bucket: <a bucket>, `
                + `flowLogsS3Prefix: <a prefix> }${props.attributes === undefined ? " (there is no attributes block)" : ""}.`);
        }
    }),
};

/**
 * Without `endpointGroupRegion` the provider sends its own region as the group's, and a GA provider is in
 * us-west-2: the group lands there, or creation fails ("is not a valid load balancer ARN",
 * hashicorp/terraform-provider-aws#28536). An ALB endpoint without client IP preservation hands the ALB,
 * its WAF rate rule and its access logs Global Accelerator's addresses instead of the clients': one
 * rate limit then throttles every client behind an edge location.
 */
export const endpointGroupRegionAndClientIp: ResourceValidationPolicy = {
    name: "accelerator-endpoint-group-explicit",
    description: "Checks whether Global Accelerator endpoint groups name their region and preserve the client's address "
        + "for every load balancer endpoint.",
    enforcementLevel: "mandatory",
    validateResource: forTypes([endpointGroupType], (props, args, report) => {
        if (!knownOrComputed(props.endpointGroupRegion)) {
            report(`${args.name}: endpointGroupRegion must be set to the endpoints' region; without it the provider uses its own `
                + "(us-west-2 for Global Accelerator).");
        }
        const endpoints = props.endpointConfigurations;
        // Deny by default: endpoints, or their switch, known only at deploy time may not preserve the client's address.
        const unread = isUnknown(endpoints) || (Array.isArray(endpoints) && endpoints.some((e) => isUnknown(e) || isUnknown(get(e, "clientIpPreservationEnabled"))));
        if (unread) {
            report(`${args.name}: every endpoint must set clientIpPreservationEnabled: true, but ${isUnknown(endpoints) ? "endpointConfigurations is" : "an endpoint's setting is"} `
                + "known only at deploy time, so it cannot be judged; write the endpoint list, with clientIpPreservationEnabled: true, in the args.");
        }
        const off = blocks(endpoints).filter((e) => e.clientIpPreservationEnabled !== true && !isUnknown(e.clientIpPreservationEnabled));
        if (off.length > 0) {
            report(`${args.name}: every endpoint must set clientIpPreservationEnabled: true, so the load balancer, its WAF and its `
                + "access logs see the clients' addresses, not Global Accelerator's.");
        }
    }),
};

/**
 * An accelerator publishes its endpoints on its anycast addresses, internal load balancers and instances
 * included ("an Application Load Balancer endpoint can be internet-facing or internal", AWS Global
 * Accelerator developer guide, "Requirements for resources added as accelerator endpoints"). A
 * load balancer this stack declares is judged by the load balancing rules (listeners, TLS, WAF,
 * targets); an instance or Elastic IP would be published with whatever listens on it, and an endpoint
 * the stack does not declare cannot be judged.
 */
export const acceleratorEndpointsAreLoadBalancers: StackValidationPolicy = {
    name: "accelerator-endpoints-are-load-balancers",
    description: "Checks whether Global Accelerator endpoint groups send traffic only to load balancers this stack declares, "
        + "never to an instance or Elastic IP (published on the internet with every port the listener opens) or an endpoint "
        + "the stack does not declare.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const accepted = new Set(args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? []);
        const rule = "accelerator-endpoints-are-load-balancers";
        for (const g of ofTypes(args, [endpointGroupType]).filter(x => !accepted.has(x.name))) {
            const configured = plain(g.props).endpointConfigurations;
            if (isUnknown(configured)) {
                report(cannotBeJudged(rule, g.name, "its endpoints are not known until deploy"), g.urn);
                continue;
            }
            const from = sources(g, "endpointConfigurations");
            const direct = from.filter(s => directTypes.includes(s.type));
            const ids = blocks(configured).map(e => e.endpointId);
            const named = ids.filter(id => typeof id === "string" && !isUnknown(id)) as string[];
            const publishedIds = named.filter(id => /^(i|eipalloc)-/.test(id));
            if (direct.length > 0 || publishedIds.length > 0) {
                report(`${g.name}: the accelerator would publish ${[...direct.map(d => d.name), ...publishedIds].join(", ")} directly on `
                    + "the internet; put them behind a load balancer and name it as the endpoint.", g.urn);
            }
            const foreign = named.filter(id => !publishedIds.includes(id));
            const fromLbs = new Set(from.filter(s => lbType.includes(s.type)).map(s => s.urn)).size;
            const untraced = ids.filter(isUnknown).length - fromLbs - direct.length;
            if (foreign.length > 0 || untraced > 0) {
                report(cannotBeJudged(rule, g.name, [
                    ...foreign.map(id => `endpoint ${id} is not a load balancer this stack declares`),
                    ...(untraced > 0 ? [`${untraced} endpoint(s) come from no load balancer of this stack`] : []),
                ].join("; ")), g.urn);
            }
        }
    },
};

/** The front door rules, in report order. */
export const frontDoorPolicies = [acceleratorFlowLogsEnabled, endpointGroupRegionAndClientIp, acceleratorEndpointsAreLoadBalancers];
