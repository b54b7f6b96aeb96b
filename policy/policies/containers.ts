/**
 * The container and cluster ways to run code: ECS services and task definitions, ECS tasks that
 * schedules and event rules start, and EKS clusters and managed node groups. They launch the same kind
 * of workload as the tier's Auto Scaling group and get the same exposure checks; their subnets are
 * judged with the instances' by app-instances-private-subnets-only.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { openFamilies } from "./addresses";
import { acceptUnresolvedSchema, blocks, forTypes, get, isFalse, isTrue, isUnknown, list, unresolvedFor, upper, type Props } from "./util";

/** Type tokens of the container and cluster launchers. */
export const containerTypes = {
    service: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    schedule: "aws:scheduler/schedule:Schedule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    eksCluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
} as const;

const t = containerTypes;

/** `ENABLED`/true, `DISABLED`/false, or undefined when the value is not one of them. */
function assigns(v: unknown): boolean | undefined {
    if (v === undefined || v === null) return false;
    if (isTrue(v) || upper(v) === "ENABLED") return true;
    if (isFalse(v) || upper(v) === "DISABLED") return false;
    return undefined;
}

/** The Universal target form of EventBridge Scheduler: any AWS API, with input the pack does not read. */
const universalTarget = /^arn:aws[a-z-]*:scheduler:::aws-sdk:/;

/**
 * ECS.2: a task with a public IP is reachable without the load balancer, whether an ECS service, a
 * schedule (EventBridge Scheduler `ecsParameters`) or an event rule target (`ecsTarget`) starts it.
 */
export const containersNoPublicIp: ResourceValidationPolicy = {
    name: "containers-no-public-ip",
    description: "Checks whether ECS services, and the ECS tasks schedules and event rule targets start, do not assign public IP "
        + "addresses; a schedule's universal target (any AWS API) cannot be judged (Security Hub ECS.2).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([t.service, t.schedule, t.eventTarget], (props, args, report) => {
        const unresolved = unresolvedFor("containers-no-public-ip", args, report);
        const where = args.type === t.service ? ["networkConfiguration", "assignPublicIp"]
            : args.type === t.schedule ? ["target", "ecsParameters", "networkConfiguration", "assignPublicIp"]
                : ["ecsTarget", "networkConfiguration", "assignPublicIp"];
        const v = get(props, ...where);
        const a = assigns(v);
        if (a === true) {
            report(`${args.name}: ${where.join(".")} must not assign public IPs; run tasks in private subnets behind the load balancer.`);
        } else if (a === undefined) {
            unresolved(`${where.join(".")} is ${isUnknown(v) ? "not known until deploy" : JSON.stringify(v)}`);
        }
        const arn = get(props, "target", "arn");
        if (args.type === t.schedule && typeof arn === "string" && universalTarget.test(arn)) {
            unresolved(`its target ${arn} calls an AWS API with input no rule reads`);
        }
    }),
};

/** The container definitions of a task definition, or why they cannot be read. */
function containerDefinitions(raw: unknown): Props[] | string {
    if (isUnknown(raw)) return "containerDefinitions is not known until deploy";
    let defs: unknown = raw;
    if (typeof raw === "string") {
        try { defs = JSON.parse(raw); } catch { return "containerDefinitions is not valid JSON"; }
    }
    return Array.isArray(defs) ? blocks(defs) : "containerDefinitions is not a JSON list";
}

/** ECS.4: a privileged container is root on the host, and with it every task's credentials on that host. */
export const containersNotPrivileged: ResourceValidationPolicy = {
    name: "containers-not-privileged",
    description: "Checks whether ECS task definitions run no privileged container (Security Hub ECS.4).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([t.taskDefinition], (props, args, report) => {
        const defs = containerDefinitions(props.containerDefinitions);
        if (typeof defs === "string") {
            unresolvedFor("containers-not-privileged", args, report)(defs);
            return;
        }
        const privileged = defs.filter(d => isTrue(d.privileged)).map(d => (typeof d.name === "string" ? d.name : "unnamed"));
        if (privileged.length > 0) {
            report(`${args.name}: container ${privileged.join(", ")} runs privileged${upper(props.networkMode) === "HOST" ? " on the host's network" : ""}; `
                + "remove privileged and grant only the Linux capabilities it needs.");
        }
    }),
};

/**
 * EKS.1: the cluster's API endpoint is public by default, to 0.0.0.0/0; a public endpoint must be
 * limited to ranges that are not the internet (or turned off, with endpointPrivateAccess on).
 */
export const eksEndpointPrivate: ResourceValidationPolicy = {
    name: "eks-endpoint-private",
    description: "Checks whether EKS cluster API endpoints are private, or public only to ranges that are not the internet "
        + "(the default is public to 0.0.0.0/0) (Security Hub EKS.1).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([t.eksCluster], (props, args, report) => {
        const unresolved = unresolvedFor("eks-endpoint-private", args, report);
        const vpc = props.vpcConfig;
        const isPublic = get(vpc, "endpointPublicAccess");
        if (isUnknown(vpc) || isUnknown(isPublic)) {
            unresolved("vpcConfig.endpointPublicAccess is not known until deploy");
            return;
        }
        if (isFalse(isPublic)) {
            return;
        }
        const cidrs = get(vpc, "publicAccessCidrs");
        const listed = cidrs === undefined ? ["0.0.0.0/0"] : list(cidrs);
        // An entry not known until deploy is judged as the worst it could be: the whole internet.
        const open = openFamilies(listed.map(c => (isUnknown(c) ? "0.0.0.0/0" : c)));
        if (open.length > 0) {
            const shown = listed.map(c => (isUnknown(c) ? "a range not known until deploy" : String(c))).join(", ");
            report(`${args.name}: the Kubernetes API endpoint is public to ${cidrs === undefined ? "0.0.0.0/0 (the default)" : shown}; `
                + "set vpcConfig.endpointPublicAccess: false and endpointPrivateAccess: true, or list only your own ranges in publicAccessCidrs.");
        }
    }),
};

/**
 * A managed node group with an SSH key and no source security groups gets port 22 open to 0.0.0.0/0
 * (EKS API reference, RemoteAccessConfig: "port 22 on the worker nodes is opened to the internet").
 */
export const eksNodesNoOpenSsh: ResourceValidationPolicy = {
    name: "eks-nodes-no-open-ssh",
    description: "Checks whether EKS managed node groups with remote access name the security groups allowed to reach SSH "
        + "(without them EKS opens port 22 to 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([t.nodeGroup], (props, args, report) => {
        // No remoteAccess block has no SSH key: nothing below fires.
        const remote = props.remoteAccess;
        if (isUnknown(remote) || isUnknown(get(remote, "sourceSecurityGroupIds"))) {
            unresolvedFor("eks-nodes-no-open-ssh", args, report)("remoteAccess is not known until deploy");
        } else if (get(remote, "ec2SshKey") !== undefined && list(get(remote, "sourceSecurityGroupIds")).length === 0) {
            report(`${args.name}: remoteAccess with an SSH key and no sourceSecurityGroupIds opens port 22 on every node to 0.0.0.0/0; `
                + "remove remoteAccess and use SSM Session Manager, or list the security groups allowed in.");
        }
    }),
};

/** The container and cluster rules, in report order. */
export const containerPolicies = [containersNoPublicIp, containersNotPrivileged, eksEndpointPrivate, eksNodesNoOpenSsh];
