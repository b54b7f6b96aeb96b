/**
 * The security group rules' verdicts written out, message and all: references by name, by a value that
 * is not an id, by a group the stack does not declare; admin ports; what admits the internet on which
 * group and port; rules on a default group. Each runs only the security group rules through the gate.
 */
import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import { analyze } from "../../tools/plan/analyze";
import type { RecordedResource } from "../../tools/engine/recorded";
import { securityGroupPolicies } from "../../policy/policies/securityGroups";
import { rec, U } from "./factories";

const vpc = rec("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" });
const sg = (name: string) => rec("aws:ec2/securityGroup:SecurityGroup", name, { vpcId: U }, { vpcId: [vpc] });
const lbSg = sg("lb-sg");
const appSg = sg("app-sg");
const alb = rec("aws:lb/loadBalancer:LoadBalancer", "alb", { securityGroups: [U] }, { securityGroups: [lbSg] });
const ingress = (name: string, group: RecordedResource, props: Record<string, unknown>) => rec("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    name, { securityGroupId: U, ipProtocol: "tcp", ...props }, { securityGroupId: [group] });
const base = [vpc, lbSg, appSg, alb];

/** `message` of every finding of the security group rules, the description left out. */
async function verdicts(records: RecordedResource[], config?: PolicyPackConfig): Promise<string[]> {
    const v = await analyze(records, { policies: securityGroupPolicies, config });
    return v.map((x) => x.message.slice(x.message.indexOf("\n") + 1));
}

const byId = (what: string) => `Security groups must be referenced by id, but ${what}. Use vpcSecurityGroupIds (or securityGroups on a load balancer) `
    + "with the security group resources' ids.";
const internet = (name: string, ports: string, from: string, families: string, onLb = false, allowed = "80, 443") => `${name}: ingress on ${ports} `
    + `from ${from}${onLb ? "" : " on a group no load balancer uses"} admits the internet (${families}: with the group's other rules on that port, `
    + `a large part of the public address space). Only a load balancer's security group may do so, on ports ${allowed}; `
    + `${onLb ? `open only ports ${allowed} to the internet (or add the port to allowedPublicPorts)` : "reference the load balancer's security group by id instead of CIDRs"}.`;
const defaultMessage = (name: string) => `${name} adds rules to a VPC's default security group, which must have none; remove them (an `
    + "aws.ec2.DefaultSecurityGroup with ingress: [] and egress: []) and attach purpose-built security groups by id instead.";

const cases: { requirement: string; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "a group named rather than referenced by id is refused with every wrong reference of the resource",
        records: () => [rec("aws:ec2/instance:Instance", "i", { securityGroups: ["web"], vpcSecurityGroupIds: ["web", ["sg-0abc"]] })],
        expect: [byId("securityGroups is set; vpcSecurityGroupIds holds \"web\"; vpcSecurityGroupIds holds [\"sg-0abc\"]")] },
    { requirement: "a name inside a block is named with the block's path",
        records: () => [rec("aws:ecs/service:Service", "svc", { networkConfiguration: { subnets: ["s"], securityGroups: ["web"] } })],
        expect: [byId("networkConfiguration[].securityGroups holds \"web\"")] },
    { requirement: "groups the stack does not declare (a lookup, a literal id) cannot be judged",
        records: () => [rec("aws:lambda/function:Function", "fn", { vpcConfig: { subnetIds: ["s"], securityGroupIds: [U, "sg-0abc"] } })],
        expect: ["fn: cannot be judged: vpcConfig[].securityGroupIds holds a group id that is not known until deploy and comes from no group of this stack; "
            + "vpcConfig[].securityGroupIds holds sg-0abc, a group this stack does not declare, whose rules cannot be read; declare it in this stack, "
            + "or allow it with security-groups-by-id's acceptUnresolved: [\"fn\"]."] },
    { requirement: "a group the team vouches for in acceptUnresolved is accepted",
        records: () => [rec("aws:lambda/function:Function", "fn", { vpcConfig: { subnetIds: ["s"], securityGroupIds: ["sg-0abc"] } })],
        config: { "security-groups-by-id": { acceptUnresolved: ["fn"] } }, expect: [] },
    { requirement: "an ingress range over SSH and RDP names both ports",
        records: () => [...base, ingress("wide", appSg, { fromPort: 20, toPort: 3389, cidrIpv4: "10.0.0.0/8" })],
        expect: ["wide: ingress on ports 20-3389 admits port 22 and 3389 (SSH/RDP), from any source; narrow the port range and use SSM Session Manager for shell access."] },
    { requirement: "the internet on one protocol does not make another protocol's partner range the internet",
        records: () => [...base, ingress("partner", appSg, { fromPort: 8080, toPort: 8080, cidrIpv4: "8.8.8.0/24" }),
            ingress("udp", appSg, { ipProtocol: "udp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" })],
        expect: [internet("udp", "port 8080", "0.0.0.0/0", "ipv4")] },
    { requirement: "a classic load balancer's group may open its public ports",
        records: () => [...base, rec("aws:elb/loadBalancer:LoadBalancer", "elb", { securityGroups: [U] }, { securityGroups: [appSg] }),
            ingress("https", appSg, { fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })], expect: [] },
    { requirement: "a range of public ports on a load balancer's group passes only when every port of it is allowed",
        records: () => [...base, ingress("two", lbSg, { fromPort: 80, toPort: 81, cidrIpv6: "::/0" })],
        config: { "public-ingress-only-on-lb-ports": { allowedPublicPorts: [80, 81] } }, expect: [] },
    { requirement: "a range wider than the allowed ports on a load balancer's group is refused, naming the ports it may open",
        records: () => [...base, ingress("two", lbSg, { fromPort: 80, toPort: 81, cidrIpv6: "::/0" })],
        expect: [internet("two", "ports 80-81", "::/0", "ipv6", true)] },
    { requirement: "all traffic from the internet is refused even on a load balancer's group, naming both families",
        records: () => [...base, rec("aws:ec2/securityGroupRule:SecurityGroupRule", "all", { type: "ingress", securityGroupId: U, protocol: "-1", fromPort: 0,
            toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }, { securityGroupId: [lbSg] })],
        expect: ["all: ingress on all ports admits port 22 and 3389 (SSH/RDP), from any source; narrow the port range and use SSM Session Manager for shell access.",
            internet("all", "all ports", "0.0.0.0/0, ::/0", "ipv4 and ipv6", true)] },
    { requirement: "a rule's sources are listed up to four, then counted",
        records: () => [...base, rec("aws:ec2/securityGroupRule:SecurityGroupRule", "five", { type: "ingress", securityGroupId: U, protocol: "tcp", fromPort: 8080,
            toPort: 8080, cidrBlocks: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2", "10.0.0.0/8"] }, { securityGroupId: [appSg] }),
        rec("aws:ec2/securityGroupRule:SecurityGroupRule", "four", { type: "ingress", securityGroupId: U, protocol: "tcp", fromPort: 9090,
            toPort: 9090, cidrBlocks: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"] }, { securityGroupId: [appSg] })],
        expect: [internet("five", "port 8080", "0.0.0.0/2, 64.0.0.0/2, 128.0.0.0/2, 192.0.0.0/2 and 1 more", "ipv4"),
            internet("four", "port 9090", "0.0.0.0/2, 64.0.0.0/2, 128.0.0.0/2, 192.0.0.0/2", "ipv4")] },
    { requirement: "all traffic from part of the internet counts on every port: with a rule for the rest on one port, both admit the internet there",
        records: () => [...base, rec("aws:ec2/securityGroupRule:SecurityGroupRule", "all", { type: "ingress", securityGroupId: U, protocol: "-1", fromPort: 0,
            toPort: 0, cidrBlocks: ["8.0.0.0/13"] }, { securityGroupId: [appSg] }), ingress("https", appSg, { fromPort: 443, toPort: 443, cidrIpv4: "8.8.0.0/13" })],
        expect: ["all: ingress on all ports admits port 22 and 3389 (SSH/RDP), from any source; narrow the port range and use SSM Session Manager for shell access.",
            internet("all", "all ports", "8.0.0.0/13", "ipv4"), internet("https", "port 443", "8.8.0.0/13", "ipv4")] },
    { requirement: "parts of the internet on different ports are not the internet on either",
        records: () => [...base, ingress("p8080", appSg, { fromPort: 8080, toPort: 8080, cidrIpv4: "8.0.0.0/13" }), ingress("p80", appSg, { fromPort: 80, toPort: 80, cidrIpv4: "8.8.0.0/13" })],
        expect: [] },
    { requirement: "all traffic written with one allowed port is still all traffic on a load balancer's group",
        records: () => [...base, rec("aws:ec2/securityGroupRule:SecurityGroupRule", "all80", { type: "ingress", securityGroupId: U, protocol: "-1", fromPort: 80,
            toPort: 80, cidrBlocks: ["0.0.0.0/0"] }, { securityGroupId: [lbSg] })],
        expect: ["all80: ingress on all ports admits port 22 and 3389 (SSH/RDP), from any source; narrow the port range and use SSM Session Manager for shell access.",
            internet("all80", "all ports", "0.0.0.0/0", "ipv4", true)] },
    { requirement: "the default group of a VPC the stack adopts by id must have no rules",
        records: () => [rec("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "adopted", { vpcId: "vpc-0123", egress: [{ protocol: "-1", fromPort: 0,
            toPort: 0, cidrBlocks: ["10.0.0.0/8"] }] })],
        expect: [defaultMessage("adopted")] },
    { requirement: "a rule whose group may be the VPC's default group is refused",
        records: () => [...base, rec("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "either", { securityGroupId: U, ipProtocol: "tcp",
            fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/8" }, { securityGroupId: [appSg, vpc] })],
        expect: [defaultMessage("either")] },
];

describe("policy pack: security group rules' verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            assert.deepEqual(await verdicts(c.records(), c.config), c.expect);
        });
    }
});
