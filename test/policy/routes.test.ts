/**
 * Which subnets are public, as the VPC resolves routes: a subnet's explicit association, else its VPC's
 * main table (replaced by a main route table association), routes inline or as `aws.ec2.Route`, a
 * gateway that is an internet gateway or may be one; and what components declare of subnets they use.
 * Plain unit tests of the helpers over hand-built resources, so each case holds only what it is about.
 */
import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { declaredPublicReason, declaredSubnets, publicSubnets, type DeclaredSubnet } from "../../policy/policies/routes";
import { unknown as U } from "../../policy/policies/util";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    route: "aws:ec2/route:Route",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    igwAttachment: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
    vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
    natGateway: "aws:ec2/natGateway:NatGateway",
    defaultSubnet: "aws:ec2/defaultSubnet:DefaultSubnet",
    cidrAssociation: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
};

/** A resource as a stack rule sees it: `deps` maps a property to the resources its value came from. */
function res(type: string, name: string, props: Record<string, unknown> = {}, deps: Record<string, PolicyResource[]> = {}): PolicyResource {
    return { type, name, urn: `urn:pulumi:dev::shop::${type}::${name}`, props, propertyDependencies: deps } as unknown as PolicyResource;
}

/** A VPC with one subnet in it and nothing routed yet. */
function vpcWithSubnet(subnetProps: Record<string, unknown> = {}) {
    const vpc = res(T.vpc, "shop-vpc", { cidrBlock: "10.0.0.0/16" });
    const subnet = res(T.subnet, "shop-app-a", { vpcId: U, cidrBlock: "10.0.1.0/24", ...subnetProps }, { vpcId: [vpc] });
    return { vpc, subnet };
}

/** A route table in `vpc` with inline routes, and an association of `subnet` with it. */
function tableFor(vpc: PolicyResource, subnet: PolicyResource, routes: Record<string, unknown>[], routeDeps: PolicyResource[] = []) {
    const rt = res(T.routeTable, "shop-rt-a", { vpcId: U, routes }, { vpcId: [vpc], routes: routeDeps });
    const assoc = res(T.association, "shop-rta-a", { subnetId: U, routeTableId: U }, { subnetId: [subnet], routeTableId: [rt] });
    return [rt, assoc];
}

const MAIN_APPLIES = "which applies because the subnet has no explicit route table association";

describe("public subnets: routes to an internet gateway", () => {
    it("an inline route to a literal igw- id makes the associated subnet public, and names the id", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const result = publicSubnets([vpc, subnet, ...tableFor(vpc, subnet, [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" }])]);
        assert.deepEqual([...result], [[subnet.urn, "is routed to the internet by an inline route to igw-0abc in its route table shop-rt-a"]]);
    });

    it("a route resource to a literal igw- id makes the VPC's main table public for a subnet without an association", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const route = res(T.route, "shop-default-route", { routeTableId: U, gatewayId: "igw-0abc", destinationCidrBlock: "0.0.0.0/0" },
            { routeTableId: [vpc] });
        const result = publicSubnets([vpc, subnet, route]);
        assert.deepEqual([...result], [[subnet.urn,
            `is routed to the internet by route shop-default-route to an internet gateway in the main route table of shop-vpc, ${MAIN_APPLIES}`]]);
    });

    it("a literal gateway that is not an internet gateway (a virtual private gateway) leaves the subnet private", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const route = res(T.route, "shop-vpn-route", { routeTableId: U, gatewayId: "vgw-0abc" }, { routeTableId: [vpc] });
        const inline = tableFor(vpc, subnet, [{ cidrBlock: "10.9.0.0/16", gatewayId: "vgw-0abc" }]);
        assert.deepEqual([...publicSubnets([vpc, subnet, route])], []);
        assert.deepEqual([...publicSubnets([vpc, subnet, ...inline])], []);
    });

    it("an inline route to a declared internet gateway names the gateway", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const igw = res(T.igw, "shop-igw", { vpcId: U }, { vpcId: [vpc] });
        const result = publicSubnets([vpc, subnet, igw, ...tableFor(vpc, subnet, [{ cidrBlock: "0.0.0.0/0", gatewayId: U }], [igw])]);
        assert.deepEqual([...result], [[subnet.urn, "is routed to the internet by an inline route to shop-igw in its route table shop-rt-a"]]);
    });

    it("a route whose gateway id comes from an internet gateway attachment is a route to the internet", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const attachment = res(T.igwAttachment, "shop-igw-attach", {}, {});
        const rt = res(T.routeTable, "shop-rt-a", { vpcId: U }, { vpcId: [vpc] });
        const assoc = res(T.association, "shop-rta-a", {}, { subnetId: [subnet], routeTableId: [rt] });
        const route = res(T.route, "shop-default-route", { routeTableId: U, gatewayId: U }, { routeTableId: [rt], gatewayId: [attachment] });
        const result = publicSubnets([vpc, subnet, attachment, rt, assoc, route]);
        assert.deepEqual([...result], [[subnet.urn, "is routed to the internet by route shop-default-route to shop-igw-attach in its route table shop-rt-a"]]);
    });

    it("a gateway the stack does not declare is judged an internet gateway, inline or as a route", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const inline = publicSubnets([vpc, subnet, ...tableFor(vpc, subnet, [{ cidrBlock: "0.0.0.0/0", gatewayId: U }])]);
        assert.deepEqual([...inline], [[subnet.urn, "is routed to the internet by an inline route to a gateway this stack does not declare "
            + "(judged as an internet gateway) in its route table shop-rt-a"]]);
        const route = res(T.route, "shop-default-route", { routeTableId: U, gatewayId: U }, { routeTableId: [vpc] });
        const asRoute = publicSubnets([vpc, subnet, route]);
        assert.deepEqual([...asRoute], [[subnet.urn, "is routed to the internet by route shop-default-route to a gateway this stack does not "
            + `declare (judged as an internet gateway) in the main route table of shop-vpc, ${MAIN_APPLIES}`]]);
    });

    it("an unknown gateway id from a resource the pack cannot see into (a component's output) is judged an internet gateway", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const edge = res("acme:network:Edge", "shop-edge", {}, {});
        const route = res(T.route, "shop-default-route", { routeTableId: U, gatewayId: U }, { routeTableId: [vpc], gatewayId: [edge] });
        assert.deepEqual([...publicSubnets([vpc, subnet, edge, route])], [[subnet.urn, "is routed to the internet by route shop-default-route to "
            + `a gateway this stack does not declare (judged as an internet gateway) in the main route table of shop-vpc, ${MAIN_APPLIES}`]]);
    });

    it("an unknown gateway id that comes from a virtual private gateway is not an internet gateway", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const vgw = res(T.vpnGateway, "shop-vgw", {}, {});
        const route = res(T.route, "shop-vpn-route", { routeTableId: U, gatewayId: U }, { routeTableId: [vpc], gatewayId: [vgw] });
        assert.deepEqual([...publicSubnets([vpc, subnet, vgw, route])], []);
        const inline = tableFor(vpc, subnet, [{ cidrBlock: "10.9.0.0/16", gatewayId: U }], [vgw]);
        assert.deepEqual([...publicSubnets([vpc, subnet, vgw, ...inline])], []);
    });

    it("an inline route without a gateway id (unset, null or empty) is no route to the internet, whatever else the routes depend on", () => {
        const attachment = res(T.igwAttachment, "shop-igw-attach", {}, {});
        const nat = res(T.natGateway, "shop-nat", {}, {});
        for (const gatewayId of [undefined, null, ""]) {
            const { vpc, subnet } = vpcWithSubnet();
            // The NAT route's id waits on the attachment (a common ordering), so the attachment is among the routes' sources.
            const route = gatewayId === undefined ? { cidrBlock: "0.0.0.0/0", natGatewayId: U } : { cidrBlock: "0.0.0.0/0", natGatewayId: U, gatewayId };
            const result = publicSubnets([vpc, subnet, attachment, nat, ...tableFor(vpc, subnet, [route], [nat, attachment])]);
            assert.deepEqual([...result], [], `gatewayId ${JSON.stringify(gatewayId)}`);
        }
    });

    it("an edge association of a table with an internet gateway is not a route to it", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const igw = res(T.igw, "shop-igw", {}, {});
        const [rt, assoc] = tableFor(vpc, subnet, []);
        const edge = res(T.association, "shop-edge", { gatewayId: U, routeTableId: U }, { gatewayId: [igw], routeTableId: [rt] });
        assert.deepEqual([...publicSubnets([vpc, subnet, igw, rt, assoc, edge])], []);
    });

    it("a component's outputs named like a table's fields route nothing", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const component = res("acme:network:Network", "shop-net",
            { defaultRouteTableId: U, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" }], routeTableId: U, vpcId: U, subnetId: U },
            { defaultRouteTableId: [vpc], routeTableId: [vpc], vpcId: [vpc], subnetId: [subnet] });
        const route = res(T.route, "shop-default-route", { routeTableId: U, gatewayId: "igw-0abc" }, { routeTableId: [vpc] });
        const other = res(T.routeTable, "shop-rt-private", { vpcId: U }, { vpcId: [vpc] });
        // The component passes a table and a subnet through: that is no association, and no main table association either.
        const passThrough = res("acme:network:Attach", "shop-attach", {}, { routeTableId: [other], subnetId: [subnet], vpcId: [vpc] });
        assert.deepEqual([...publicSubnets([vpc, subnet, component])], []);
        const result = publicSubnets([vpc, subnet, route, other, passThrough]);
        assert.deepEqual([...result].map(([urn]) => urn), [subnet.urn], "the subnet is still under the VPC's main table");
        assert.match(result.get(subnet.urn)!, /main route table of shop-vpc/);
    });
});

describe("public subnets: which table applies", () => {
    it("a route added to the default route table makes the VPC's main table public, named after the default table", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const drt = res(T.defaultRouteTable, "shop-default-rt", { defaultRouteTableId: U }, { defaultRouteTableId: [vpc] });
        const route = res(T.route, "shop-default-route", { routeTableId: U, gatewayId: "igw-0abc" }, { routeTableId: [drt] });
        const result = publicSubnets([vpc, subnet, drt, route]);
        assert.deepEqual([...result], [[subnet.urn, "is routed to the internet by route shop-default-route to an internet gateway in the main "
            + `route table of shop-vpc (shop-default-rt), ${MAIN_APPLIES}`]]);
    });

    it("a main route table association moves the main table, and only for a subnet without its own association", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const publicRt = res(T.routeTable, "shop-rt-public", { vpcId: U, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" }] }, { vpcId: [vpc] });
        const main = res(T.mainAssociation, "shop-main", {}, { vpcId: [vpc], routeTableId: [publicRt] });
        const result = publicSubnets([vpc, subnet, publicRt, main]);
        assert.deepEqual([...result], [[subnet.urn, "is routed to the internet by an inline route to igw-0abc in the main route table of "
            + `shop-vpc (shop-rt-public), ${MAIN_APPLIES}`]]);
        const own = res(T.routeTable, "shop-rt-own", { vpcId: U }, { vpcId: [vpc] });
        const assoc = res(T.association, "shop-rta", {}, { subnetId: [subnet], routeTableId: [own] });
        assert.deepEqual([...publicSubnets([vpc, subnet, publicRt, main, own, assoc])], []);
    });

    it("an association with a table the stack cannot place leaves the subnet under its VPC's main table", () => {
        const { vpc, subnet } = vpcWithSubnet();
        // The component forwards its VPC's default table id among its outputs: that does not make it the default route table.
        const foreign = res("acme:network:Tables", "shop-tables", { defaultRouteTableId: U }, { defaultRouteTableId: [vpc] });
        const assoc = res(T.association, "shop-rta", {}, { subnetId: [subnet], routeTableId: [foreign] });
        const route = res(T.route, "shop-foreign-route", { routeTableId: U, gatewayId: "igw-0abc" }, { routeTableId: [foreign] });
        assert.deepEqual([...publicSubnets([vpc, subnet, assoc, route])], []);
    });

    it("a subnet's VPC is found among its vpcId's sources, whatever comes first", () => {
        const vpc = res(T.vpc, "shop-vpc", {});
        const cidr = res(T.cidrAssociation, "shop-cidr-2", {}, { vpcId: [vpc] });
        const subnet = res(T.subnet, "shop-app-b", { vpcId: U }, { vpcId: [cidr, vpc] });
        const route = res(T.route, "shop-default-route", { routeTableId: U, gatewayId: "igw-0abc" }, { routeTableId: [vpc] });
        assert.deepEqual([...publicSubnets([vpc, cidr, subnet, route])].map(([urn]) => urn), [subnet.urn]);
    });

    it("only subnets are judged: a table in a public VPC is not listed itself", () => {
        const { vpc, subnet } = vpcWithSubnet();
        const route = res(T.route, "shop-default-route", { routeTableId: U, gatewayId: "igw-0abc" }, { routeTableId: [vpc] });
        const rt = res(T.routeTable, "shop-rt-unused", { vpcId: U }, { vpcId: [vpc] });
        assert.deepEqual([...publicSubnets([vpc, subnet, route, rt])].map(([urn]) => urn), [subnet.urn]);
    });

    it("a subnet that maps public IPs on launch is public for that reason, routes or not", () => {
        const { vpc, subnet } = vpcWithSubnet({ mapPublicIpOnLaunch: true });
        const route = res(T.route, "shop-default-route", { routeTableId: U, gatewayId: "igw-0abc" }, { routeTableId: [vpc] });
        assert.deepEqual([...publicSubnets([vpc, subnet])], [[subnet.urn, "maps public IPs on launch"]]);
        assert.deepEqual([...publicSubnets([vpc, subnet, route])], [[subnet.urn, "maps public IPs on launch"]]);
    });

    it("a default subnet is public: the default VPC's main table routes to its internet gateway", () => {
        const subnet = res(T.defaultSubnet, "shop-default-a", { availabilityZone: "eu-west-1a" });
        assert.deepEqual([...publicSubnets([subnet])], [[subnet.urn, "is a default subnet, routed to the default VPC's internet gateway"]]);
    });
});

/** A declaration as HaWebTier registers it for a subnet it looked up. */
function entry(over: Record<string, unknown> = {}, table: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        id: "subnet-0a", vpcId: "vpc-01", availabilityZone: "eu-west-1a", mapPublicIpOnLaunch: false,
        routeTable: { id: "rtb-01", main: false, routes: [{ destination: "10.0.0.0/16", target: "local" }], ...table }, ...over,
    };
}

const publicEntry = (over: Record<string, unknown> = {}) =>
    entry(over, { routes: [{ destination: "10.0.0.0/16", target: "local" }, { destination: "0.0.0.0/0", target: "igw-0abc" }] });

describe("declared subnets", () => {
    it("a complete entry is declared with every field it is judged by", () => {
        const d = declaredSubnets([res("ha:web:HaWebTier", "shop", { existingSubnets: [entry()] })]);
        assert.deepEqual([...d.subnets.values()], [{
            id: "subnet-0a", vpcId: "vpc-01", availabilityZone: "eu-west-1a", mapPublicIpOnLaunch: false,
            routeTable: { id: "rtb-01", main: false, routes: [{ destination: "10.0.0.0/16", target: "local" }] }, declaredBy: "shop",
        }]);
        assert.deepEqual(d.unknownFrom, []);
    });

    it("an entry missing any field it is judged by, or with a field unknown, is unreadable and names its component", () => {
        const bad: [string, Record<string, unknown>][] = [
            ["id not a string", entry({ id: 1 })],
            ["id unknown", entry({ id: U })],
            ["vpcId missing", entry({ vpcId: undefined })],
            ["availabilityZone missing", entry({ availabilityZone: undefined })],
            ["mapPublicIpOnLaunch not a boolean", entry({ mapPublicIpOnLaunch: "true" })],
            ["table id missing", entry({}, { id: undefined })],
            ["table main not a boolean", entry({}, { main: "false" })],
            ["routes not a list", entry({}, { routes: U })],
            ["a route without a destination", entry({}, { routes: [{ destination: "10.0.0.0/16", target: "local" }, { target: "igw-0abc" }] })],
            ["a route without a target", entry({}, { routes: [{ destination: "10.0.0.0/16", target: "local" }, { destination: "0.0.0.0/0" }] })],
        ];
        for (const [why, e] of bad) {
            const d = declaredSubnets([res("ha:web:HaWebTier", "shop", { existingSubnets: [e] })]);
            assert.equal(d.subnets.size, 0, why);
            assert.deepEqual(d.unknownFrom, ["shop"], why);
        }
    });

    it("a component that declares nothing is not unreadable; one whose list is unknown is", () => {
        assert.deepEqual(declaredSubnets([res("ha:web:HaWebTier", "shop", { vpcId: "vpc-01" })]), { subnets: new Map(), unknownFrom: [] });
        assert.deepEqual(declaredSubnets([res("ha:web:HaWebTier", "shop", { existingSubnets: U })]), { subnets: new Map(), unknownFrom: ["shop"] });
        // Anything else that is not a list is unreadable too, not iterated.
        assert.deepEqual(declaredSubnets([res("ha:web:HaWebTier", "shop", { existingSubnets: { 0: publicEntry() } })]), { subnets: new Map(), unknownFrom: ["shop"] });
        assert.deepEqual(declaredSubnets([res("ha:web:HaWebTier", "shop", { existingSubnets: "" })]), { subnets: new Map(), unknownFrom: ["shop"] });
    });

    it("the stack's own outputs and provider resources never declare subnets", () => {
        const d = declaredSubnets([
            res("pulumi:pulumi:Stack", "shop-dev", { existingSubnets: [publicEntry()] }),
            res("aws:ec2/subnet:Subnet", "shop-app-a", { existingSubnets: [publicEntry()] }),
        ]);
        assert.deepEqual(d, { subnets: new Map(), unknownFrom: [] });
    });

    it("declared twice, the public declaration stands whichever component comes first", () => {
        const pub = res("ha:web:HaWebTier", "shop-public", { existingSubnets: [publicEntry()] });
        const priv = res("ha:web:HaWebTier", "shop-private", { existingSubnets: [entry()] });
        assert.equal(declaredSubnets([pub, priv]).subnets.get("subnet-0a")?.declaredBy, "shop-public");
        assert.equal(declaredSubnets([priv, pub]).subnets.get("subnet-0a")?.declaredBy, "shop-public");
        const pub2 = res("ha:web:HaWebTier", "shop-public-2", { existingSubnets: [publicEntry()] });
        assert.equal(declaredSubnets([pub, pub2]).subnets.get("subnet-0a")?.declaredBy, "shop-public", "the first public declaration is kept");
        const priv2 = res("ha:web:HaWebTier", "shop-private-2", { existingSubnets: [entry()] });
        assert.equal(declaredSubnets([priv, priv2]).subnets.get("subnet-0a")?.declaredBy, "shop-private");
    });

    it("a declared subnet's reason names the route, the table and who looked it up", () => {
        const read = (e: Record<string, unknown>) => declaredSubnets([res("ha:web:HaWebTier", "shop", { existingSubnets: [e] })]).subnets.get("subnet-0a") as DeclaredSubnet;
        assert.equal(declaredPublicReason(read(entry())), undefined);
        assert.equal(declaredPublicReason(read(entry({ mapPublicIpOnLaunch: true }))), "maps public IPs on launch");
        assert.equal(declaredPublicReason(read(publicEntry())),
            "is routed to the internet by route 0.0.0.0/0 -> igw-0abc in its route table rtb-01 (as shop looked it up)");
        const main = entry({}, { main: true, routes: [{ destination: "0.0.0.0/0", target: "igw-0abc" }] });
        assert.equal(declaredPublicReason(read(main)), "is routed to the internet by route 0.0.0.0/0 -> igw-0abc in the VPC's main route table "
            + "rtb-01, which applies because the subnet has no explicit association (as shop looked it up)");
    });
});
