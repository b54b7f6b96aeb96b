import type { ResourceValidationPolicy } from "@pulumi/policy";
import { blocks, forTypes, get, isUnknown } from "./util";

const acceleratorType = "aws:globalaccelerator/accelerator:Accelerator";
const endpointGroupType = "aws:globalaccelerator/endpointGroup:EndpointGroup";

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

/** The front door rules, in report order. */
export const frontDoorPolicies = [acceleratorFlowLogsEnabled, endpointGroupRegionAndClientIp];
