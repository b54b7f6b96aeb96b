import type { Policies } from "@pulumi/policy";
import { autoscalingPolicies } from "./autoscaling";
import { reviewedTypesOnly } from "./classification";
import { computePolicies } from "./compute";
import { containerPolicies } from "./containers";
import { s3NoPublicAccess, secretParametersEncrypted } from "./buckets";
import { dataPolicies } from "./data";
import { dataStoresEncrypted, dataStoresNotPublic } from "./dataStores";
import { dnsFailoverPolicies } from "./dnsFailover";
import { fleetPolicies } from "./fleets";
import { frontDoorPolicies } from "./frontDoor";
import { iamPolicies } from "./iam";
import { publicLbTargetsAreApp } from "./lbTargets";
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
    ...containerPolicies,
    ...loadBalancingPolicies,
    publicLbTargetsAreApp,
    ...frontDoorPolicies,
    ...dnsFailoverPolicies,
    ...dataPolicies,
    dataStoresEncrypted,
    dataStoresNotPublic,
    s3NoPublicAccess,
    secretParametersEncrypted,
    ...iamPolicies,
    noForeignPrincipals,
    ...messagingPolicies,
];
