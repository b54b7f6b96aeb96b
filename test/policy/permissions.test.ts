/**
 * Security group permissions as the rules read them (policy/policies/permissions.ts), written out over
 * every spelling: inline blocks, SecurityGroupRule, the vpc ingress and egress rules; protocols and
 * ports as EC2 accepts them; sources the pack can resolve and those judged as the whole internet.
 */
import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import {
    addressesOf, groupKeys, permissionsOf, portText, prefixListEntries, targetGroups, worstCase, type Permission,
} from "../../policy/policies/permissions";
import { U } from "./factories";

/** A stack resource as a stack rule sees it; `deps` maps a property to the resources its value came from. */
function res(type: string, name: string, props: Record<string, unknown> = {}, deps: Record<string, PolicyResource[]> = {}): PolicyResource {
    return { type, name, urn: `urn:${name}`, props, propertyDependencies: deps, dependencies: [] } as unknown as PolicyResource;
}

const vpc = res("aws:ec2/vpc:Vpc", "vpc");
const defaultVpc = res("aws:ec2/defaultVpc:DefaultVpc", "default-vpc");
const subnet = res("aws:ec2/subnet:Subnet", "subnet", {}, { vpcId: [vpc] });
const pl = res("aws:ec2/managedPrefixList:ManagedPrefixList", "pl", { entries: [{ cidr: "10.1.0.0/16" }, { cidr: U }, { cidr: 5 }] });
const group = res("aws:ec2/securityGroup:SecurityGroup", "sg");
const defaultGroup = res("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default-sg", {}, { vpcId: [subnet, vpc] });
const rule = (props: Record<string, unknown>, deps: Record<string, PolicyResource[]> = {}) =>
    res("aws:ec2/securityGroupRule:SecurityGroupRule", "rule", { type: "ingress", ...props }, deps);
const ingress = (props: Record<string, unknown>, deps: Record<string, PolicyResource[]> = {}) =>
    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "in", props, deps);
const egress = (props: Record<string, unknown>, deps: Record<string, PolicyResource[]> = {}) =>
    res("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "out", props, deps);

/** A permission with the defaults of an empty block: all traffic, nothing admitted. */
const perm = (p: Partial<Permission>): Permission => ({ direction: "ingress", protocol: "-1", from: 0, to: 65535, cidrs: [],
    prefixListIds: [], prefixListUrns: [], unresolved: [], ...p });

const cases: { requirement: string; resource: PolicyResource; expect: Permission[] }[] = [
    { requirement: "a block without a protocol, or with null, is all traffic; a protocol number or a name in any case is its one spelling",
        resource: res("aws:ec2/securityGroup:SecurityGroup", "sg", { ingress: [{}, { protocol: null }, { protocol: 6 }, { protocol: "UDP" }, { protocol: "58" }, { protocol: "All" }] }),
        expect: [perm({}), perm({}), perm({ protocol: "tcp" }), perm({ protocol: "udp" }), perm({ protocol: "icmpv6" }), perm({})] },
    { requirement: "a protocol that is neither a string nor a number is unknown, judged by its ports, never all traffic",
        resource: rule({ protocol: { x: 1 }, fromPort: 22, toPort: 22 }), expect: [perm({ protocol: "unknown", from: 22, to: 22 })] },
    { requirement: "ports written as strings are read; unset, null, unknown, non-numeric or listed bounds are the widest",
        resource: res("aws:ec2/securityGroup:SecurityGroup", "sg", { egress: [{ protocol: "tcp", fromPort: "80", toPort: "8080" },
            { protocol: "tcp", fromPort: null, toPort: null }, { protocol: "tcp", fromPort: U, toPort: "x" }, { protocol: "tcp", fromPort: [22], toPort: true }] }),
        expect: [perm({ direction: "egress", protocol: "tcp", from: 80, to: 8080 }), perm({ direction: "egress", protocol: "tcp" }),
            perm({ direction: "egress", protocol: "tcp" }), perm({ direction: "egress", protocol: "tcp" })] },
    { requirement: "only CIDR strings are kept; an unknown one from no range of the stack is the whole internet",
        resource: rule({ cidrBlocks: ["10.0.0.0/8", 5, U], ipv6CidrBlocks: ["::/0"] }),
        expect: [perm({ cidrs: ["10.0.0.0/8", "::/0"], unresolved: ["a CIDR not known until deploy"] })] },
    { requirement: "an unknown CIDR of a rule that a VPC or a subnet gave (on either CIDR property) is that network's own range",
        resource: rule({ cidrBlocks: [U], ipv6CidrBlocks: [U] }, { ipv6CidrBlocks: [subnet] }), expect: [perm({})] },
    { requirement: "an unknown IPv4 CIDR of a rule that the VPC gave is the VPC's range",
        resource: rule({ cidrBlocks: [U] }, { cidrBlocks: [vpc] }), expect: [perm({})] },
    { requirement: "an inline egress block's unknown CIDR and prefix list that the group's egress took from the VPC and a declared list are theirs",
        resource: res("aws:ec2/securityGroup:SecurityGroup", "sg", { egress: [{ cidrBlocks: [U], prefixListIds: [U] }] }, { egress: [vpc, pl] }),
        expect: [perm({ direction: "egress", prefixListUrns: ["urn:pl"] })] },
    { requirement: "an inline block's unknown CIDR that its group's ingress took from the VPC is the VPC's range",
        resource: res("aws:ec2/securityGroup:SecurityGroup", "sg", { ingress: [{ cidrBlocks: [U] }], egress: [{ cidrBlocks: [U] }] }, { ingress: [vpc] }),
        expect: [perm({}), perm({ direction: "egress", unresolved: ["a CIDR not known until deploy"] })] },
    { requirement: "an unknown prefix list is resolved only through declared prefix lists; a literal one is undeclared",
        resource: rule({ prefixListIds: [U, "pl-1"] }, { prefixListIds: [vpc, pl] }),
        expect: [perm({ prefixListIds: ["pl-1"], prefixListUrns: ["urn:pl"], unresolved: ["prefix list pl-1, which this stack does not declare"] })] },
    { requirement: "an unknown prefix list that came from no prefix list is unresolved",
        resource: rule({ prefixListIds: [U] }, { prefixListIds: [vpc] }), expect: [perm({ unresolved: ["a prefix list not known until deploy"] })] },
    { requirement: "a rule's type is read in any case; a type other than ingress or egress, or none, declares nothing",
        resource: rule({ type: "EGRESS", protocol: "tcp", fromPort: 443, toPort: 443 }), expect: [perm({ direction: "egress", protocol: "tcp", from: 443, to: 443 })] },
    { requirement: "a rule of another type declares nothing", resource: rule({ type: "both" }), expect: [] },
    { requirement: "a rule without a type declares nothing", resource: rule({ type: undefined }), expect: [] },
    { requirement: "whole rule lists not known until deploy are all traffic from anywhere, both ways",
        resource: res("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "d", { ingress: U, egress: U }),
        expect: [perm({ unresolved: ["ingress rules not known until deploy"] }), perm({ direction: "egress", unresolved: ["egress rules not known until deploy"] })] },
    { requirement: "a vpc egress rule is egress; its IPv6 CIDR from the VPC is the VPC's; an unknown prefix list from a declared list is that list",
        resource: egress({ ipProtocol: "-1", cidrIpv6: U, prefixListId: U }, { cidrIpv6: [vpc], prefixListId: [pl] }),
        expect: [perm({ direction: "egress", prefixListUrns: ["urn:pl"] })] },
    { requirement: "a vpc ingress rule's IPv4 CIDR from a subnet is the subnet's; a literal prefix list is undeclared",
        resource: ingress({ ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: U, prefixListId: "pl-2" }, { cidrIpv4: [subnet] }),
        expect: [perm({ protocol: "tcp", from: 80, to: 80, prefixListIds: ["pl-2"], unresolved: ["prefix list pl-2, which this stack does not declare"] })] },
    { requirement: "a vpc ingress rule's unknown CIDR and prefix list from nowhere are both unresolved",
        resource: ingress({ ipProtocol: "tcp", cidrIpv6: U, prefixListId: U }),
        expect: [perm({ protocol: "tcp", unresolved: ["a CIDR not known until deploy", "a prefix list not known until deploy"] })] },
    { requirement: "other types declare no permissions", resource: res("aws:ec2/vpc:Vpc", "v", { ingress: [{}] }), expect: [] },
];

describe("policy pack: security group permissions in every spelling", () => {
    for (const c of cases) {
        it(c.requirement, () => {
            assert.deepEqual(permissionsOf(c.resource), c.expect);
        });
    }

    it("an unknown prefix list id in an inline block may be any list its property took, and only those", () => {
        const sg = res("aws:ec2/securityGroup:SecurityGroup", "sg", { ingress: [{ prefixListIds: ["pl-3", U] }] }, { ingress: [vpc, pl] });
        assert.deepEqual(permissionsOf(sg)[0]?.prefixListUrns, ["urn:pl"]);
    });

    it("ports read as all ports, one port or a range", () => {
        assert.deepEqual([perm({}), perm({ protocol: "tcp", from: 80, to: 80 }), perm({ protocol: "tcp", from: 1000, to: 2000 })].map(portText),
            ["all ports", "port 80", "ports 1000-2000"]);
    });

    it("a group reference names declared groups, a VPC's default group however it is reached, literal ids, and an undeclared group", () => {
        const lb = res("aws:lb/loadBalancer:LoadBalancer", "lb", { securityGroups: [U, "sg-1"] }, { securityGroups: [group, vpc, defaultGroup, subnet] });
        assert.deepEqual(groupKeys(lb, "securityGroups"), ["urn:sg", "default-security-group:urn:vpc", "default-security-group:urn:vpc", "sg-1"]);
        const lookedUp = res("aws:lb/loadBalancer:LoadBalancer", "lb2", { securityGroups: ["sg-1", U] });
        assert.deepEqual(groupKeys(lookedUp, "securityGroups"), ["sg-1", "undeclared-group:urn:lb2"]);
        assert.deepEqual(groupKeys(res("aws:lb/loadBalancer:LoadBalancer", "lb3", { securityGroups: ["sg-1"] }), "securityGroups"), ["sg-1"]);
    });

    it("a group's own blocks apply to it, a default group's to its VPC's default group, a rule's to the group it names", () => {
        assert.deepEqual(targetGroups(group), ["urn:sg"]);
        assert.deepEqual(targetGroups(defaultGroup), ["default-security-group:urn:vpc"]);
        assert.deepEqual(targetGroups(res("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "d", {}, { vpcId: [defaultVpc] })),
            ["default-security-group:urn:default-vpc"]);
        assert.deepEqual(targetGroups(ingress({ securityGroupId: U }, { securityGroupId: [defaultVpc] })), ["default-security-group:urn:default-vpc"]);
        assert.deepEqual(targetGroups(rule({ securityGroupId: U }, { securityGroupId: [group] })), ["urn:sg"]);
    });

    it("a declared prefix list holds its inline entries and its entry resources' CIDRs; other resources hold none", () => {
        const entry = (cidr: unknown, list: PolicyResource) => res("aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", "e", { cidr }, { prefixListId: [list] });
        const notAnEntry = res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", { cidr: "10.4.0.0/16" }, { prefixListId: [pl] });
        const lists = prefixListEntries([vpc, pl, entry("10.2.0.0/16", pl), entry(7, pl), entry("10.3.0.0/16", vpc), notAnEntry]);
        assert.deepEqual([...lists], [["urn:pl", ["10.1.0.0/16", U, "10.2.0.0/16"]]]);
    });

    it("a permission admits its CIDRs, its declared lists' CIDRs, and the whole internet for what it cannot resolve", () => {
        const lists = new Map([["urn:pl", ["10.1.0.0/16"]]]);
        assert.deepEqual(addressesOf(perm({ cidrs: ["10.0.0.0/8"], prefixListUrns: ["urn:pl", "urn:gone"] }), lists), ["10.0.0.0/8", "10.1.0.0/16"]);
        assert.deepEqual(addressesOf(perm({ unresolved: ["x"] }), lists), worstCase);
    });
});
