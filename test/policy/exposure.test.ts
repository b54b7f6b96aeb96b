import * as assert from "node:assert/strict";
import { analyze } from "../../tools/plan/analyze";
import { runCases, type Case, type Compliant, type World } from "./helpers";
import { rec, U, worldWithHttps } from "./factories";
import type { RecordedResource } from "../../tools/engine/recorded";

/** A record in the tier's region. */
const at = (w: World, type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
    rec(type, name, inputs, deps, { provider: w.asg.provider });

const ingressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const prefixList = "aws:ec2/managedPrefixList:ManagedPrefixList";

/** A subnet of the tier's VPC with no route table association, so the VPC's main route table applies. */
function unassociatedSubnet(w: World): RecordedResource {
    const s = at(w, "aws:ec2/subnet:Subnet", "euw1-private-c", { vpcId: U, cidrBlock: "10.0.160.0/20",
        availabilityZone: "eu-west-1c", mapPublicIpOnLaunch: false }, { vpcId: [w.vpc] });
    w.asg.propertyDependencies.vpcZoneIdentifiers = [w.privateA.urn, s.urn];
    return s;
}

const addressCases: Case[] = [
    { requirement: "0.0.0.0/0 split into two halves on the app group is still the internet", policy: "public-ingress-only-on-lb-ports",
        message: /euw1-app-sg: ingress on port 8080 from 0\.0\.0\.0\/1, 128\.0\.0\.0\/1 on a group no load balancer uses admits the internet \(ipv4/,
        change: w => { w.appSg.inputs.ingress = [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }];
            return { at: w.appSg }; } },
    { requirement: "half the IPv4 internet as 32 /10s, each too small alone, on a SecurityGroupRule is the internet",
        policy: "public-ingress-only-on-lb-ports", message: /euw1-app-many: ingress on port 8080 from 64\.0\.0\.0\/10, .* and 28 more/,
        change: w => {
            const cidrs = Array.from({ length: 32 }, (_, i) => `${64 + i * 4}.0.0.0/10`);
            const r = at(w, "aws:ec2/securityGroupRule:SecurityGroupRule", "euw1-app-many", { type: "ingress", protocol: "tcp",
                fromPort: 8080, toPort: 8080, cidrBlocks: cidrs, securityGroupId: U }, { securityGroupId: [w.appSg] });
            return { at: r, extra: [r] };
        } },
    { requirement: "::/0 split in two IPv6 halves is the internet", policy: "public-ingress-only-on-lb-ports",
        message: /\(ipv6:/,
        change: w => { w.appSg.inputs.ingress = [{ protocol: "tcp", fromPort: 8080, toPort: 8080, ipv6CidrBlocks: ["::/1", "8000::/1"] }];
            return { at: w.appSg }; } },
    { requirement: "a declared prefix list whose entries cover the internet opens the app group", policy: "public-ingress-only-on-lb-ports",
        message: /euw1-app-pl: ingress on port 8080 from prefix list euw1-world/,
        change: w => {
            const pl = at(w, prefixList, "euw1-world", { addressFamily: "IPv4", maxEntries: 2,
                entries: [{ cidr: "0.0.0.0/2" }, { cidr: "64.0.0.0/2" }, { cidr: "128.0.0.0/1" }] });
            const r = at(w, ingressRule, "euw1-app-pl", { securityGroupId: U, ipProtocol: "tcp", fromPort: 8080, toPort: 8080,
                prefixListId: U }, { securityGroupId: [w.appSg], prefixListId: [pl] });
            return { at: r, extra: [pl, r] };
        } },
    { requirement: "a ManagedPrefixListEntry that adds ::/0 to a harmless list opens the app group", policy: "public-ingress-only-on-lb-ports",
        change: w => {
            const pl = at(w, prefixList, "euw1-partners", { addressFamily: "IPv6", maxEntries: 5, entries: [{ cidr: "2001:db8::/32" }] });
            const entry = at(w, "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", "euw1-partners-all",
                { prefixListId: U, cidr: "::/0" }, { prefixListId: [pl] });
            const r = at(w, "aws:ec2/securityGroupRule:SecurityGroupRule", "euw1-app-partners", { type: "ingress", protocol: "6",
                fromPort: 8080, toPort: 8080, prefixListIds: [U], securityGroupId: U }, { securityGroupId: [w.appSg], prefixListIds: [pl] });
            return { at: r, extra: [pl, entry, r] };
        } },
    { requirement: "a rule on the VPC's default security group (through vpc.defaultSecurityGroupId) is caught",
        policy: "default-security-group-no-rules", message: /euw1-default-out adds rules to a VPC's default security group/,
        change: w => {
            const r = at(w, "aws:ec2/securityGroupRule:SecurityGroupRule", "euw1-default-out", { type: "egress", protocol: "tcp",
                fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], securityGroupId: U }, { securityGroupId: [w.vpc] });
            return { at: r, extra: [r] };
        } },
    { requirement: "a standalone ingress rule on the DefaultSecurityGroup resource is caught", policy: "default-security-group-no-rules",
        change: w => {
            const r = at(w, ingressRule, "euw1-default-in", { securityGroupId: U, ipProtocol: "tcp", fromPort: 443, toPort: 443,
                cidrIpv4: "10.0.0.0/16" }, { securityGroupId: [w.defaultSg] });
            return { at: r, extra: [r] };
        } },
];

const addressCompliant: Compliant[] = [
    { requirement: "a prefix list of private ranges may reach the app port", change: w => {
        const pl = at(w, prefixList, "euw1-office", { addressFamily: "IPv4", maxEntries: 2,
            entries: [{ cidr: "10.0.0.0/8" }, { cidr: "192.168.0.0/16" }] });
        return [pl, at(w, ingressRule, "euw1-app-office", { securityGroupId: U, ipProtocol: "tcp", fromPort: 8080, toPort: 8080,
            prefixListId: U }, { securityGroupId: [w.appSg], prefixListId: [pl] })];
    } },
    { requirement: "one partner's public /16 on the app port is not the internet", change: w => {
        w.appSg.inputs.ingress = [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["198.100.0.0/16"] }];
    } },
    { requirement: "the load balancer's group may admit a split 0.0.0.0/0 and ::/0 on its listener ports", change: w => {
        w.albSg.inputs.ingress = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"],
            ipv6CidrBlocks: ["::/1", "8000::/1"] }];
    } },
];

const routeCases: Case[] = [
    { requirement: "a subnet without an association uses the main route table, routed to the IGW through vpc.mainRouteTableId",
        policy: "app-instances-private-subnets-only",
        message: /euw1-private-c, which is routed to the internet by route euw1-main-igw to euw1-igw in the main route table of euw1-vpc/,
        change: w => {
            const s = unassociatedSubnet(w);
            const route = at(w, "aws:ec2/route:Route", "euw1-main-igw", { routeTableId: U, destinationCidrBlock: "0.0.0.0/0",
                gatewayId: U }, { routeTableId: [w.vpc], gatewayId: [w.igw] });
            return { at: w.asg, extra: [s, route] };
        } },
    { requirement: "a DefaultRouteTable with an inline route to the IGW makes unassociated subnets public",
        policy: "app-instances-private-subnets-only",
        change: w => {
            const s = unassociatedSubnet(w);
            const main = at(w, "aws:ec2/defaultRouteTable:DefaultRouteTable", "euw1-main", { defaultRouteTableId: U,
                routes: [{ cidrBlock: "0.0.0.0/1", gatewayId: U }, { cidrBlock: "128.0.0.0/1", gatewayId: U }] },
            { defaultRouteTableId: [w.vpc], routes: [w.igw] });
            return { at: w.asg, extra: [s, main] };
        } },
    { requirement: "a MainRouteTableAssociation that makes the public table main makes unassociated subnets public",
        policy: "app-instances-private-subnets-only",
        change: w => {
            const s = unassociatedSubnet(w);
            const main = at(w, "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation", "euw1-main-assoc",
                { vpcId: U, routeTableId: U }, { vpcId: [w.vpc], routeTableId: [w.publicRt] });
            return { at: w.asg, extra: [s, main] };
        } },
];

const routeCompliant: Compliant[] = [
    { requirement: "an unassociated subnet is private when the main route table only has a NAT route", change: w => {
        const s = unassociatedSubnet(w);
        return [s, at(w, "aws:ec2/route:Route", "euw1-main-nat", { routeTableId: U, destinationCidrBlock: "0.0.0.0/0",
            natGatewayId: U }, { routeTableId: [w.vpc], natGatewayId: [w.nat] })];
    } },
    { requirement: "an IGW route on the original main table no longer applies once another table is made main", change: w => {
        const s = unassociatedSubnet(w);
        return [s,
            at(w, "aws:ec2/route:Route", "euw1-old-main-igw", { routeTableId: U, destinationCidrBlock: "0.0.0.0/0", gatewayId: U },
                { routeTableId: [w.vpc], gatewayId: [w.igw] }),
            at(w, "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation", "euw1-main-assoc", { vpcId: U, routeTableId: U },
                { vpcId: [w.vpc], routeTableId: [w.privateRt] })];
    } },
    { requirement: "an IPv6 route to an egress-only internet gateway admits no inbound connection: the subnet stays private",
        change: w => {
            const eigw = at(w, "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", "euw1-eigw", { vpcId: U }, { vpcId: [w.vpc] });
            return [eigw, at(w, "aws:ec2/route:Route", "euw1-private-v6", { routeTableId: U, destinationIpv6CidrBlock: "::/0",
                egressOnlyGatewayId: U }, { routeTableId: [w.privateRt], egressOnlyGatewayId: [eigw] })];
        } },
];

describe("policy pack: addresses as sets", () => {
    runCases(addressCases, addressCompliant);

    it("rules that each admit too little are judged together: the union on the group and port is the internet", async () => {
        const w = worldWithHttps();
        const half = (name: string, cidr: string) => at(w, ingressRule, name, { securityGroupId: U, ipProtocol: "tcp",
            fromPort: 8080, toPort: 8080, cidrIpv4: cidr }, { securityGroupId: [w.appSg] });
        // Each /13 is below 1/4096 of the public IPv4 space; the two together are above it.
        const rules = [half("euw1-app-a", "3.0.0.0/13"), half("euw1-app-b", "3.8.0.0/13")];
        const v = await analyze([...w.all(), ...rules]);
        assert.deepEqual(v.map(x => [x.policy, x.urn]), rules.map(r => ["public-ingress-only-on-lb-ports", r.urn]));
        assert.deepEqual(await analyze([...w.all(), rules[0]]), []);
    });

    it("a port range not known before deploy is judged as every port: public beyond the listener ports, SSH and RDP", async () => {
        const w = worldWithHttps();
        w.albIn443.inputs.fromPort = U;
        w.albIn443.inputs.toPort = U;
        const v = await analyze(w.all());
        assert.deepEqual(v.map(x => [x.policy, x.urn]), [["no-admin-port-ingress", w.albIn443.urn],
            ["public-ingress-only-on-lb-ports", w.albIn443.urn]]);
        assert.match(v[1].message, /euw1-alb-in-443: ingress on ports 0-65535 from 0\.0\.0\.0\/0 admits the internet/);
    });

    it("internetShare tunes what counts as the internet", async () => {
        const w = worldWithHttps();
        w.appSg.inputs.ingress = [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["198.0.0.0/8"] }];
        assert.deepEqual((await analyze(w.all())).map(v => v.policy), ["public-ingress-only-on-lb-ports"]);
        assert.deepEqual(await analyze(w.all(), { config: { "public-ingress-only-on-lb-ports": { internetShare: 0.5 } } }), []);
    });
});

describe("policy pack: routes as the VPC resolves them", () => {
    runCases(routeCases, routeCompliant);
});
