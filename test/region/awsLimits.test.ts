/**
 * What AWS would refuse must fail before deploy: Availability Zones picked by id among those that
 * offer the instance type (never an undefined zone), names within AWS's limits, and tags that fit
 * next to the program's own. Lookups are answered from the offline plan's sourced zone table.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partition } from "@aws-sdk/util-endpoints";
import { parseConfig } from "../../stack/config";
import { PROGRAM_TAG_KEYS, RESOURCE_TAG_KEYS } from "../../stack/config/tags";
import { HaWebTier } from "../../src/region/haWebTier";
import { autoNamed, named } from "../../src/region/names";
import { offeredZones, pickZones } from "../../src/region/zones";
import { PLAN_ZONES } from "../../tools/engine/aws-zones";
import { answerInvoke } from "../../tools/engine/invokes";
import { ofType, readStackConfig, type Recorded, ROOT, runProgram, useMocks, withConfig } from "../mocks";

const PROD = readStackConfig(path.join(ROOT, "Pulumi.prod.yaml"));
const REQ = { region: "us-east-1", instanceType: "t3.small" };

describe("Availability Zones by id", () => {
    it("picks the lowest zone ids that offer the type, with this account's names, never an undefined zone", () => {
        const available = { names: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1e"], zoneIds: ["use1-az6", "use1-az1", "use1-az10", "use1-az3"] };
        // use1-az3 does not offer the type; az10 sorts after az6 (numeric, not text, order).
        assert.deepEqual(pickZones(offeredZones(available, ["use1-az1", "use1-az6", "use1-az10"]), REQ, 3), [
            { id: "use1-az1", name: "us-east-1b" }, { id: "use1-az6", name: "us-east-1a" }, { id: "use1-az10", name: "us-east-1c" },
        ]);
        // A zone id without a name (or an offering in a zone the account does not have) is never picked.
        assert.deepEqual(pickZones(offeredZones({ names: ["us-east-1a"], zoneIds: ["use1-az6", "use1-az1"] }, ["use1-az1", "use1-az6", "use1-az4"]), REQ, 1),
            [{ id: "use1-az6", name: "us-east-1a" }]);
    });

    it("a region with fewer such zones than azCount is refused naming the count and the fix, not a subnet without a zone", () => {
        const available = { names: ["us-east-2a", "us-east-2b", "us-east-2c"], zoneIds: ["use2-az1", "use2-az2", "use2-az3"] };
        const zones = offeredZones(available, available.zoneIds);
        assert.throws(() => pickZones(zones, { ...REQ, region: "us-east-2" }, 4), (err: unknown) => {
            assert.ok(pulumi.RunError.isInstance(err), String(err));
            assert.equal(err.message, "azCount: 4 exceeds the 3 Availability Zone(s) of us-east-2 that offer t3.small (use2-az1, use2-az2, use2-az3); set it to 3 or less, or pick an instance type offered in more zones");
            return true;
        });
        assert.throws(() => pickZones(offeredZones(available, ["use2-az2"]), { ...REQ, region: "us-east-2" }, 2), /offer t3\.small \(use2-az2\); pick an instance type offered in at least 2 of its zones, or another region$/);
    });

    it("the zone table covers exactly the commercial regions, each zone with a unique id of its region", () => {
        const commercial = Object.values(aws.Region).filter((r) => partition(r).name === "aws").sort();
        assert.deepEqual(Object.keys(PLAN_ZONES).sort(), commercial);
        for (const [region, zones] of Object.entries(PLAN_ZONES)) {
            const prefix = zones[0]?.id.split("-az")[0] ?? "";
            assert.ok(zones.length >= 2, `${region} has fewer than 2 zones`);
            assert.equal(new Set(zones.map((z) => z.id)).size, zones.length, `${region} repeats a zone id`);
            assert.equal(new Set(zones.map((z) => z.name)).size, zones.length, `${region} repeats a zone name`);
            for (const z of zones) {
                assert.match(z.id, new RegExp(`^${prefix}-az\\d+$`));
                assert.ok(z.name.startsWith(region) && z.name.length === region.length + 1, `${z.name} is not a zone name of ${region}`);
            }
        }
    });

    it("the offline lookups answer from the table: use1-az3 offers no current type, and unknown filters are refused", () => {
        const offerings = answerInvoke({
            token: "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings", region: "us-east-1",
            inputs: { locationType: "availability-zone-id", filters: [{ name: "instance-type", values: ["t3.small"] }] },
        });
        assert.deepEqual(offerings.locations, ["use1-az6", "use1-az1", "use1-az2", "use1-az4", "use1-az5"]);
        const zones = answerInvoke({
            token: "aws:index/getAvailabilityZones:getAvailabilityZones", region: "us-west-1",
            inputs: { state: "available", filters: [{ name: "zone-type", values: ["availability-zone"] }] },
        });
        assert.deepEqual([zones.names, zones.zoneIds], [["us-west-1a", "us-west-1c"], ["usw1-az3", "usw1-az1"]]);
        assert.throws(() => answerInvoke({
            token: "aws:index/getAvailabilityZones:getAvailabilityZones", region: "us-west-1", inputs: { filters: [{ name: "group-name", values: ["x"] }] },
        }), /cannot answer .* filtered on group-name/);
        assert.throws(() => answerInvoke({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", region: "xx-nowhere-1", inputs: {} }),
            /no Availability Zones for xx-nowhere-1; add the region to tools\/engine\/aws-zones\.ts/);
    });
});

describe("the prod stack against AWS's limits (under mocks)", () => {
    let resources: Recorded[];
    before(async () => {
        ({ resources } = await runProgram(withConfig(PROD, { tags: { team: "web" } }), "prod"));
    });

    it("every subnet has a zone that offers the instance type, picked by id, distinct within its tier", () => {
        const subnets = ofType(resources, "aws:ec2/subnet:Subnet");
        assert.equal(subnets.length, 10);
        for (const region of ["us-west-2", "us-east-1"]) {
            const table = PLAN_ZONES[region] ?? [];
            const tier = subnets.filter((s) => s.name.startsWith(`${region}-net-private-`));
            const ids = tier.map((s) => table.find((z) => z.name === s.inputs.availabilityZone)?.id);
            assert.ok(ids.every((id) => id !== undefined), `${region}: a subnet has no zone of the table: ${tier.map((s) => String(s.inputs.availabilityZone)).join(", ")}`);
            assert.equal(new Set(ids).size, tier.length, `${region}: two private subnets share a zone`);
            const offering = table.filter((z) => z.offersInstanceTypes).map((z) => z.id).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
            assert.deepEqual(ids, offering.slice(0, tier.length), `${region}: not the lowest zone ids that offer t3.small`);
        }
        assert.ok(!subnets.some((s) => s.inputs.availabilityZone === "us-east-1e"), "a subnet landed in use1-az3, which offers no current type");
    });

    it("resources carry only the tags the program declares, and the providers add exactly the default tags", () => {
        const keysOf = (r: Recorded): string[] => [
            ...Object.keys(r.inputs.tags ?? {}),
            ...(Array.isArray(r.inputs.tags) ? (r.inputs.tags as { key: string }[]).map((t) => t.key) : []),
            ...((r.inputs.tagSpecifications ?? []) as { tags?: Record<string, string> }[]).flatMap((t) => Object.keys(t.tags ?? {})),
        ].filter((k) => !/^\d+$/.test(k));
        for (const r of resources.filter((x) => x.type !== "pulumi:providers:aws")) {
            for (const key of keysOf(r)) {
                assert.ok((RESOURCE_TAG_KEYS as readonly string[]).includes(key), `${r.type} "${r.name}" sets tag ${key}; add it to RESOURCE_TAG_KEYS so the tag limit counts it`);
            }
        }
        for (const p of ofType(resources, "pulumi:providers:aws")) {
            const defaults = JSON.parse(p.inputs.defaultTags as string) as { tags: Record<string, string> };
            assert.deepEqual(Object.keys(defaults.tags).sort(), [...PROGRAM_TAG_KEYS, "team"].sort());
        }
    });

    it("a region with fewer zones than azCount fails the program with the config key, before anything is deployed", async () => {
        const regions = [{ name: "us-west-2", vpcCidr: "10.10.0.0/16" }, { name: "us-east-2", vpcCidr: "10.20.0.0/16", azCount: 4 }];
        await assert.rejects(runProgram(withConfig(PROD, { regions }), "prod"), (err: unknown) => {
            assert.ok(err instanceof Error && err.name === "ConfigError", String(err));
            assert.match(err.message, /ha-web-tier:regions\[1\]\.azCount: 4 exceeds the 3 Availability Zone\(s\) of us-east-2 that offer t3\.small \(use2-az1, use2-az2, use2-az3\)/);
            return true;
        });
    });
});

describe("names within AWS's limits", () => {
    it("every region's load balancer and target group names fit, with Pulumi's random suffix", () => {
        for (const region of Object.keys(PLAN_ZONES)) {
            assert.equal(autoNamed("loadBalancer", `${region}-alb`), `${region}-alb`);
            assert.equal(autoNamed("targetGroup", `${region}-tg`), `${region}-tg`);
        }
    });

    it("a name AWS would refuse fails where it is made, naming the rule and its source", () => {
        assert.throws(() => autoNamed("loadBalancer", "internal-web"), /may hold only letters, digits and hyphens, not at either end and not starting with internal- \(Elastic Load Balancing API reference, CreateLoadBalancer, Name\)/);
        assert.throws(() => autoNamed("targetGroup", "a".repeat(25)), /the targetGroup name Pulumi generates from "a{25}" \(the name, a hyphen and 7 random characters\) is 33 characters, more than the 32 AWS allows/);
        assert.equal(autoNamed("targetGroup", "a".repeat(24)), "a".repeat(24));
        assert.throws(() => named("logGroup", "/ha-web-tier/my stack/app"), /may hold only letters, digits and _ - \/ \. # \(CloudWatch Logs API reference, CreateLogGroup, logGroupName\)/);
    });

    it("a tier whose name makes its load balancer's name too long fails while it is built", () => {
        const defaults = parseConfig({ mode: "active-active", regions: [{ name: "us-west-2", vpcCidr: "10.10.0.0/16" }, { name: "us-east-2", vpcCidr: "10.20.0.0/16" }] });
        useMocks("names");
        const provider = new aws.Provider("us-west-2", { region: "us-west-2" });
        assert.throws(() => new HaWebTier("us-west-2-blue-green-canary", {
            region: "us-west-2", network: { vpcCidr: "10.10.0.0/16", azCount: 2, natStrategy: "single" },
            app: { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/web:1", imagePull: [], demoSite: false, port: 8080, healthPath: "/health", healthText: "ok", environment: {}, bootGraceSeconds: 300 },
            instanceType: "t3.small", capacity: { min: 1, max: 2, desired: 1 }, scaling: { cpuTarget: 50 }, deletionProtection: true, logRetentionDays: 90,
            edge: { ...defaults.alb, zonalAutoshift: false, alarms: defaults.alarms, metricPrefix: "ha-web-tier-names" },
        }, { provider }), /the loadBalancer name Pulumi generates from "us-west-2-blue-green-canary-alb" .* is 39 characters, more than the 32 AWS allows/);
    });
});
