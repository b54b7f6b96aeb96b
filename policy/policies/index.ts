import type { Policies } from "@pulumi/policy";
import { autoscalingPolicies } from "./autoscaling";
import { reviewedTypesOnly } from "./classification";
import { computePolicies } from "./compute";
import { dataPolicies } from "./data";
import { dnsFailoverPolicies } from "./dnsFailover";
import { fleetPolicies } from "./fleets";
import { iamPolicies } from "./iam";
import { loadBalancingPolicies } from "./loadBalancing";
import { messagingPolicies } from "./messaging";
import { networkPolicies } from "./network";
import { noForeignPrincipals } from "./resourcePolicies";
import { securityGroupPolicies } from "./securityGroups";

/** Every rule of the pack, in one explicit list: tests, the offline plan and the pack all read this. */
export const policies: Policies = [
    reviewedTypesOnly,
    ...networkPolicies,
    ...securityGroupPolicies,
    ...computePolicies,
    ...autoscalingPolicies,
    ...fleetPolicies,
    ...loadBalancingPolicies,
    ...dnsFailoverPolicies,
    ...dataPolicies,
    ...iamPolicies,
    noForeignPrincipals,
    ...messagingPolicies,
];
