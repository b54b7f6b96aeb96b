/**
 * The network rules' verdicts written out, message and all: subnets that map public IPs, VPCs without
 * flow logs, and every kind of compute placed in a public subnet, a subnet the stack does not declare,
 * or none, added to the compliant tier one at a time.
 */
import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import type { RecordedResource } from "../../tools/engine/recorded";
import { networkPolicies } from "../../policy/policies/network";
import { rec, U, worldWithHttps } from "./factories";
import { verdictsOf, type World } from "./helpers";

const publicA = "euw1-public-a, which is routed to the internet by route euw1-public-default to euw1-igw in its route table euw1-public-rt";
const placed = (name: string, what: string, prop: string, subnet = publicA) => `${name} app-instances-private-subnets-only: ${name}: ${what} must only use `
    + `private subnets, but ${prop} includes ${subnet}; use the private subnets (routed through NAT).`;
const undeclared = (name: string, what: string, id: string) => `${name} app-instances-private-subnets-only: ${name}: ${what} must only use `
    + `private subnets, but ${id} cannot be judged: it is not declared in this stack (no subnet resource of the stack has that id, and no component's `
    + "existingSubnets describes it). Pass the private subnet resources' ids, or give the tier the existing network, whose lookups declare each subnet.";
const mapsIps = (name: string, why = "") => `${name} subnet-no-auto-assign-public-ip: ${name}: mapPublicIpOnLaunch must be false${why}; set it to false and give `
    + "internet-facing resources (the ALB) their addresses explicitly.";

const cases: { requirement: string; add: (w: World) => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "an ECS service in awsvpc mode in a public subnet is refused; one without a network configuration runs on instances judged elsewhere",
        add: (w) => [rec("aws:ecs/service:Service", "svc", { cluster: U, networkConfiguration: { subnets: [U] } }, { networkConfiguration: [w.publicA] }),
            rec("aws:ecs/service:Service", "bridge", { cluster: U })],
        expect: [placed("svc", "An ECS service", "networkConfiguration.subnets")] },
    { requirement: "an EKS node group in a public subnet is refused",
        add: (w) => [rec("aws:eks/nodeGroup:NodeGroup", "nodes", { clusterName: U, subnetIds: [U, U] }, { subnetIds: [w.publicA, w.privateB] })],
        expect: [placed("nodes", "An EKS node group", "subnetIds")] },
    { requirement: "an instance that names no subnet launches into the default VPC; one in a public subnet is named with it",
        add: (w) => [rec("aws:ec2/instance:Instance", "box", { ami: "ami-1", instanceType: "t3.micro" }),
            rec("aws:ec2/instance:Instance", "box2", { ami: "ami-1", subnetId: U }, { subnetId: [w.publicA] })],
        expect: ["box app-instances-private-subnets-only: box: An EC2 instance must name its subnets: set subnetId to private subnet ids of this stack; "
            + "without it AWS launches into the default VPC's public subnets.", placed("box2", "An EC2 instance", "subnetId")] },
    { requirement: "an instance is placed by its attached interfaces: the stack's interfaces by their subnets, others as values nothing declares",
        add: (w) => {
            const eni = (name: string, subnet: RecordedResource, id?: string) => rec("aws:ec2/networkInterface:NetworkInterface", name,
                { subnetId: U, ...(id ? { id } : {}) }, { subnetId: [subnet] });
            const pub = eni("eni-pub", w.publicA);
            const priv = eni("eni-priv", w.privateA, "eni-own");
            const box = (name: string, ids: unknown[], from: RecordedResource[]) => rec("aws:ec2/instance:Instance", name, { ami: "ami-1",
                networkInterfaces: ids.map((networkInterfaceId, deviceIndex) => ({ networkInterfaceId, deviceIndex })) }, { networkInterfaces: from });
            const lt = (name: string, nis: unknown[], from: RecordedResource[]) => rec("aws:ec2/launchTemplate:LaunchTemplate", name, { imageId: "ami-1",
                networkInterfaces: nis }, { networkInterfaces: from });
            const ltPub = lt("lt-pub", [{ subnetId: U }, { deviceIndex: 1 }], [w.publicA]);
            const ltNone = lt("lt-none", [{ deviceIndex: 0 }], []);
            const fromLt = (name: string, t: RecordedResource) => rec("aws:ec2/instance:Instance", name, { ami: "ami-1", launchTemplate: { id: U } }, { launchTemplate: [t] });
            return [pub, priv, ltPub, ltNone, box("a", [U], [pub, w.appSg]), box("b", ["eni-0123", U], [priv]), box("c", [U, U], [priv]), box("d", ["eni-own"], [priv]),
                box("e", [U, U], [priv, w.appSg]), fromLt("f", ltPub), fromLt("g", ltNone), box("h", [5, U], [priv])];
        },
        expect: [placed("a", "An EC2 instance", "networkInterfaces"), undeclared("b", "An EC2 instance", "eni-0123"),
        "c app-instances-private-subnets-only: c: An EC2 instance must only use private subnets, but 1 of its networkInterfaces values cannot be judged: known "
            + "only at deploy and from no subnet of this stack (another stack's output or a lookup). Pass the private subnet resources' ids, or give the tier "
            + "the existing network, whose lookups declare each subnet.",
        "e app-instances-private-subnets-only: e: An EC2 instance must only use private subnets, but 1 of its networkInterfaces values cannot be judged: known "
            + "only at deploy and from no subnet of this stack (another stack's output or a lookup). Pass the private subnet resources' ids, or give the tier "
            + "the existing network, whose lookups declare each subnet.",
        placed("f", "An EC2 instance", "its launch template lt-pub"),
        "g app-instances-private-subnets-only: g: An EC2 instance must name its subnets: set subnetId to private subnet ids of this stack; "
            + "without it AWS launches into the default VPC's public subnets.",
        "h app-instances-private-subnets-only: h: An EC2 instance must only use private subnets, but 1 of its networkInterfaces values cannot be judged: known "
            + "only at deploy and from no subnet of this stack (another stack's output or a lookup). Pass the private subnet resources' ids, or give the tier "
            + "the existing network, whose lookups declare each subnet."] },
    { requirement: "a Spot Fleet's comma-separated subnet list is each subnet; ids nothing declares cannot be judged",
        add: () => [rec("aws:ec2/spotFleetRequest:SpotFleetRequest", "spot", { iamFleetRole: "r", targetCapacity: 1,
            launchSpecifications: [{ ami: "ami-1", instanceType: "t3.micro", subnetId: "subnet-a, subnet-b,," }] })],
        expect: [undeclared("spot", "A Spot Fleet request", "subnet-a"), undeclared("spot", "A Spot Fleet request", "subnet-b")] },
    { requirement: "an EC2 Fleet override without a subnet takes its launch template's; a config without overrides does too",
        add: (w) => {
            const lt = rec("aws:ec2/launchTemplate:LaunchTemplate", "fleet-lt", { imageId: "ami-1", networkInterfaces: [{ subnetId: U }, { deviceIndex: 1 }] },
                { networkInterfaces: [w.publicA] });
            return [lt, rec("aws:ec2/fleet:Fleet", "fleet", { launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: U }, overrides: [{ instanceType: "t3.micro" }] },
                { launchTemplateSpecification: { launchTemplateId: U } }], targetCapacitySpecification: { totalTargetCapacity: 1 } }, { launchTemplateConfigs: [lt, w.vpc] })];
        },
        expect: [placed("fleet", "An EC2 Fleet", "its launch specifications' and overrides' subnetId (or their launch templates' networkInterfaces)")] },
    { requirement: "a subnet id that is not a string names no subnet of this stack",
        add: () => [rec("aws:autoscaling/group:Group", "asg2", { minSize: 1, maxSize: 1, vpcZoneIdentifiers: [5] }),
            rec("aws:ec2/spotFleetRequest:SpotFleetRequest", "spot", { iamFleetRole: "r", targetCapacity: 1, launchSpecifications: [{ ami: "ami-1", subnetId: 5 }] })],
        expect: ["asg2 app-instances-private-subnets-only: asg2: An Auto Scaling group: vpcZoneIdentifiers does not come from any subnet of this stack; pass "
            + "the private subnet resources' ids.", "spot app-instances-private-subnets-only: spot: A Spot Fleet request: its launch specifications' and overrides' "
            + "subnetId (or their launch templates' networkInterfaces) does not come from any subnet of this stack; pass the private subnet resources' ids."] },
    { requirement: "a fleet launches into its templates' subnets only, not those of other resources its configs depend on",
        add: (w) => {
            const lt = rec("aws:ec2/launchTemplate:LaunchTemplate", "fleet-lt", { imageId: "ami-1", networkInterfaces: [{ subnetId: U }] }, { networkInterfaces: [w.privateA] });
            const box = rec("aws:ec2/instance:Instance", "box", { ami: "ami-1", subnetId: U, networkInterfaces: [{ subnetId: U }] },
                { subnetId: [w.privateB], networkInterfaces: [w.publicA] });
            return [lt, box, rec("aws:ec2/fleet:Fleet", "fleet", { launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: U } }] },
                { launchTemplateConfigs: [lt, box] })];
        },
        expect: [] },
    { requirement: "an id nothing declares names the components whose lookups are unknown offline",
        add: () => [rec("aws:autoscaling/group:Group", "asg9", { minSize: 1, maxSize: 1, vpcZoneIdentifiers: ["subnet-zz"] }),
            rec("ha-web-tier:index:HaWebTier", "t1", {}, {}, { custom: false, outputs: { existingSubnets: U } }),
            rec("ha-web-tier:index:HaWebTier", "t2", {}, {}, { custom: false, outputs: { existingSubnets: U } })],
        expect: [undeclared("asg9", "An Auto Scaling group", "subnet-zz").replace("existingSubnets describes it). Pass",
            "existingSubnets describes it). Some lookups of t1, t2 are unknown: offline, the stack's lookups file does not declare them. Pass")] },
    { requirement: "an EC2 Fleet config without overrides launches into its template's subnets",
        add: (w) => {
            const lt = rec("aws:ec2/launchTemplate:LaunchTemplate", "fleet-lt", { imageId: "ami-1", networkInterfaces: [{ subnetId: U }] }, { networkInterfaces: [w.publicA] });
            return [lt, rec("aws:ec2/fleet:Fleet", "fleet", { launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: U } }] }, { launchTemplateConfigs: [lt] })];
        },
        expect: [placed("fleet", "An EC2 Fleet", "its launch specifications' and overrides' subnetId (or their launch templates' networkInterfaces)")] },
    { requirement: "subnet ids that came from no subnet, or more deploy-time values than subnets, cannot be judged",
        add: (w) => [rec("aws:autoscaling/group:Group", "asg2", { minSize: 1, maxSize: 1, vpcZoneIdentifiers: [U] }, { vpcZoneIdentifiers: [w.vpc] }),
            rec("aws:autoscaling/group:Group", "asg3", { minSize: 1, maxSize: 1, vpcZoneIdentifiers: [U, U, U] }, { vpcZoneIdentifiers: [w.privateA] })],
        expect: ["asg2 app-instances-private-subnets-only: asg2: An Auto Scaling group: vpcZoneIdentifiers does not come from any subnet of this stack; pass "
            + "the private subnet resources' ids.",
        "asg3 app-instances-private-subnets-only: asg3: An Auto Scaling group must only use private subnets, but 2 of its vpcZoneIdentifiers values cannot "
            + "be judged: known only at deploy and from no subnet of this stack (another stack's output or a lookup). Pass the private subnet resources' ids, "
            + "or give the tier the existing network, whose lookups declare each subnet."] },
    { requirement: "a literal subnet id that is a subnet resource's own id is that subnet; another stack's output beside it cannot be judged",
        add: (w) => {
            w.privateA.inputs.id = "subnet-own";
            const ref = rec("pulumi:pulumi:StackReference", "net", { name: "org/net/prod" });
            const ref2 = rec("pulumi:pulumi:StackReference", "net2", { name: "org/net/dev" });
            return [ref, ref2, rec("aws:autoscaling/group:Group", "asg2", { minSize: 1, maxSize: 1, vpcZoneIdentifiers: ["subnet-own"] }, { vpcZoneIdentifiers: [w.privateA, ref] }),
                rec("aws:autoscaling/group:Group", "asg3", { minSize: 1, maxSize: 1, vpcZoneIdentifiers: ["subnet-own", U] }, { vpcZoneIdentifiers: [w.privateA, ref, ref2] })];
        },
        expect: ["asg3 app-instances-private-subnets-only: asg3: An Auto Scaling group must only use private subnets, but vpcZoneIdentifiers is known only at "
            + "deploy and takes a value from another stack (net, net2), which cannot be judged here. Pass the private subnet resources' ids, or give the tier the "
            + "existing network (regions[].existingVpc), whose lookups declare each subnet."] },
    { requirement: "a subnet that maps public IPs is named; a default subnet is asked even when unset; an unknown flag cannot be judged unless accepted",
        add: () => [rec("aws:ec2/subnet:Subnet", "s1", { vpcId: "vpc-1", mapPublicIpOnLaunch: "true" }), rec("aws:ec2/defaultSubnet:DefaultSubnet", "d1", {}),
            rec("aws:ec2/defaultSubnet:DefaultSubnet", "d3", { mapPublicIpOnLaunch: true }),
            rec("aws:ec2/defaultSubnet:DefaultSubnet", "d2", { mapPublicIpOnLaunch: "false" }), rec("aws:ec2/subnet:Subnet", "s2", { vpcId: "vpc-1", mapPublicIpOnLaunch: U }),
            rec("aws:ec2/subnet:Subnet", "s3", { vpcId: "vpc-1", mapPublicIpOnLaunch: U })],
        config: { "subnet-no-auto-assign-public-ip": { acceptUnresolved: ["s3"] } },
        expect: [mapsIps("s1"), mapsIps("d1", " (a default subnet maps public IPs unless it is set)"), mapsIps("d3"),
            "s2 subnet-no-auto-assign-public-ip: s2: cannot be judged: mapPublicIpOnLaunch is not known until deploy; declare it in this stack, or allow it "
            + "with subnet-no-auto-assign-public-ip's acceptUnresolved: [\"s2\"]."] },
    { requirement: "a flow log names its VPC by dependency or by the VPC's known id; another VPC's or an unknown id covers nothing",
        add: () => [rec("aws:ec2/vpc:Vpc", "v1", { id: "vpc-1" }), rec("aws:ec2/flowLog:FlowLog", "f1", { vpcId: "vpc-1" }),
            rec("aws:ec2/vpc:Vpc", "v2", { id: "vpc-2" }), rec("aws:ec2/flowLog:FlowLog", "f2", { vpcId: "vpc-3" }),
            rec("aws:ec2/vpc:Vpc", "v3", { id: U }), rec("aws:ec2/flowLog:FlowLog", "f3", { vpcId: U }),
            rec("aws:ec2/vpc:Vpc", "v4", {}), rec("aws:ec2/flowLog:FlowLog", "f4", { subnetId: "subnet-1" })],
        expect: ["v2 vpc-flow-logs-enabled: v2: every VPC must have a flow log; add an aws.ec2.FlowLog with vpcId set to this VPC's id.",
            "v3 vpc-flow-logs-enabled: v3: every VPC must have a flow log; add an aws.ec2.FlowLog with vpcId set to this VPC's id.",
            "v4 vpc-flow-logs-enabled: v4: every VPC must have a flow log; add an aws.ec2.FlowLog with vpcId set to this VPC's id."] },
];

describe("policy pack: network rules' verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            const w = worldWithHttps();
            const extra = c.add(w);
            assert.deepEqual(await verdictsOf([...w.all(), ...extra], networkPolicies, c.config), c.expect);
        });
    }
});
