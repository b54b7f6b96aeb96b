import type { Policies } from "@pulumi/policy";
import { autoscalingPolicies } from "./autoscaling";
import { computePolicies } from "./compute";
import { dataPolicies } from "./data";
import { dnsFailoverPolicies } from "./dnsFailover";
import { fleetPolicies } from "./fleets";
import { frontDoorPolicies } from "./frontDoor";
import { iamPolicies } from "./iam";
import { loadBalancingPolicies } from "./loadBalancing";
import { messagingPolicies } from "./messaging";
import { networkPolicies } from "./network";
import { securityGroupPolicies } from "./securityGroups";

/** Every rule of the pack, in one explicit list: tests, the offline plan and the pack all read this. */
export const policies: Policies = [
    ...networkPolicies,
    ...securityGroupPolicies,
    ...computePolicies,
    ...autoscalingPolicies,
    ...fleetPolicies,
    ...loadBalancingPolicies,
    ...frontDoorPolicies,
    ...dnsFailoverPolicies,
    ...dataPolicies,
    ...iamPolicies,
    ...messagingPolicies,
];
