/**
 * The graph the resilience model walks and its readers of wire-form values: secrets unwrapped, unknowns
 * and unset values falling back, references followed both ways, and where a resource can be read.
 */
import * as assert from "node:assert/strict";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { at, availableIn, Graph, isGlobal, isKnown, num, plain, str, type ModelResource } from "../../../tools/resilience/graph";
import { Stack, UNKNOWN } from "./synthetic";

const secret = (value: unknown): Record<string, unknown> => ({ [specialSigKey]: specialSecretSig, value });
const regionsOf = (g: Graph, r: ModelResource): string[] | undefined => {
    const found = availableIn(g, r);
    return found ? [...found].sort() : undefined;
};

describe("resilience model: the graph and its value readers", () => {
    it("a secret is read as its value, inside lists and objects too; the unknown sentinel stays", () => {
        assert.deepEqual(plain({ a: secret(15), b: [secret("x"), { c: secret({ d: 1 }) }], u: UNKNOWN, n: null }), { a: 15, b: ["x", { c: { d: 1 } }], u: UNKNOWN, n: null });
        assert.equal(num(secret(20), 5), 20);
        assert.equal(str(secret("x")), "x");
    });

    it("a number is a finite number or a numeric string; anything else takes the fallback", () => {
        assert.deepEqual([num(15, 5), num("15", 5), num(" 20 ", 5)], [15, 15, 20]);
        assert.deepEqual([num(NaN, 5), num(Infinity, 5), num("abc", 5), num("  ", 5), num(null, 5), num(undefined, 5), num(UNKNOWN, 5), num(true, 5)], [5, 5, 5, 5, 5, 5, 5, 5]);
    });

    it("a string is a known string only; known means neither unset, null nor the unknown sentinel", () => {
        assert.deepEqual([str("x"), str(5), str(UNKNOWN), str(undefined)], ["x", undefined, undefined, undefined]);
        assert.deepEqual([isKnown("x"), isKnown(0), isKnown(null), isKnown(undefined), isKnown(UNKNOWN)], [true, true, false, false, false]);
    });

    it("a nested field is read without throwing through missing links, nulls and lists", () => {
        assert.equal(at({ a: [{ b: 1 }] }, "a", 0, "b"), 1);
        assert.equal(at({ a: null }, "a", "b"), undefined);
        assert.equal(at(null, "a"), undefined);
        assert.equal(at({ a: "text" }, "a", "b"), undefined);
        assert.equal(at(secret({ a: 2 }), "a"), 2);
    });

    it("references are followed by property both ways, skipping URNs that are not recorded and resources without dependencies", () => {
        const s = new Stack();
        const vpc = s.add("aws:ec2/vpc:Vpc", "vpc", "eu-west-1");
        const subnet = s.add("aws:ec2/subnet:Subnet", "subnet", "eu-west-1", {}, { vpcId: ["vpc"] });
        subnet.propertyDependencies.vpcId?.push("urn:pulumi:test::p::aws:ec2/vpc:Vpc::gone");
        const bare = { urn: "urn:bare", type: "aws:ec2/eip:Eip", name: "bare", region: "eu-west-1", inputs: {}, dependencies: [] } as unknown as ModelResource;
        const g = new Graph([...s.resources, bare]);
        assert.deepEqual([g.get(vpc.urn)?.name, g.get(undefined), g.get(""), g.get("urn:none")], ["vpc", undefined, undefined, undefined]);
        assert.deepEqual(g.refs(subnet, "vpcId").map((r) => r.name), ["vpc"]);
        assert.deepEqual([g.refs(bare, "vpcId"), g.allRefs(bare), g.referrers(bare)], [[], [], []]);
        assert.deepEqual(g.referrers(vpc, ["aws:ec2/subnet:Subnet"], "vpcId").map((r) => r.name), ["subnet"]);
    });

    it("a resource in region global, or of a service with a global data plane, belongs to no region's failure", () => {
        const r = (type: string, region: string): ModelResource => ({ urn: `urn:${type}`, type, name: "x", region, inputs: {}, propertyDependencies: {}, dependencies: [] });
        assert.deepEqual([isGlobal(r("aws:s3/bucket:Bucket", "global")), isGlobal(r("aws:route53/zone:Zone", "us-east-1")), isGlobal(r("aws:s3/bucket:Bucket", "us-east-1"))], [true, true, false]);
        const g = new Graph([r("aws:s3/bucket:Bucket", "global")]);
        assert.equal(availableIn(g, r("aws:s3/bucket:Bucket", "global")), undefined);
    });

    it("a secret can be read in its region and its replicas' regions, a KMS key in its replica keys' regions; nothing else replicates", () => {
        const s = new Stack();
        const sec = s.add("aws:secretsmanager/secret:Secret", "secret", "us-west-2", { replicas: [{ region: "eu-west-1" }, {}, { region: UNKNOWN }] });
        const table = s.add("aws:dynamodb/table:Table", "table", "us-west-2", { replicas: [{ region: "eu-west-1" }] });
        const key = s.add("aws:kms/key:Key", "key", "us-west-2");
        const other = s.add("aws:kms/key:Key", "other", "us-west-2");
        s.add("aws:kms/replicaKey:ReplicaKey", "key-eu", "eu-west-1", {}, { primaryKeyArn: ["key"], description: ["other"] });
        s.add("aws:kms/replicaKey:ReplicaKey", "table-eu", "eu-central-1", {}, { primaryKeyArn: ["table"] });
        const g = new Graph(s.resources);
        assert.deepEqual([regionsOf(g, sec), regionsOf(g, table), regionsOf(g, key), regionsOf(g, other)],
            [["eu-west-1", "us-west-2"], ["us-west-2"], ["eu-west-1", "us-west-2"], ["us-west-2"]]);
    });
});
