/**
 * A component's registered outputs are its only properties the engine's stack analysis sees (its
 * inputs never reach the engine); the gate hands them to stack policies as the engine does, resource
 * references as ids or URNs.
 */
import * as assert from "node:assert/strict";
import type { StackValidationPolicy } from "@pulumi/policy";
import { specialResourceSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { UNKNOWN } from "../../../tools/engine/pulumi-internals";
import { resourceRefsAsIds } from "../../../tools/engine/recorded";
import { analyze } from "../../../tools/plan/analyze";
import { rec } from "../../policy/factories";

const ref = (urn: string, id?: string) => ({ [specialSigKey]: specialResourceSig, urn, ...(id === undefined ? {} : { id }) });

describe("components' registered outputs under the gate", () => {
    it("resource references become what the engine hands the analyzer: a resource's id, a component's URN", () => {
        assert.deepEqual(resourceRefsAsIds({ vpc: ref("urn:a", "vpc-1"), pending: ref("urn:b", ""), net: [ref("urn:c")], n: 1 }),
            { vpc: "vpc-1", pending: UNKNOWN, net: ["urn:c"], n: 1 });
    });

    it("stack policies see a component's registered outputs as its properties, and its inputs not at all", async () => {
        const seen: unknown[] = [];
        const probe: StackValidationPolicy = {
            name: "probe", description: "Checks whether the test can see components.", enforcementLevel: "advisory",
            validateStack: (args) => { seen.push(...args.resources.filter((r) => r.type === "x:index:C").map((r) => r.props)); },
        };
        const component = rec("x:index:C", "c", { hidden: true }, {}, { custom: false, outputs: { vpcId: "vpc-1", group: ref("urn:g", "sg-1"), child: ref("urn:n") } });
        assert.deepEqual(await analyze([component], { policies: [probe] }), []);
        assert.deepEqual(JSON.parse(JSON.stringify(seen)), [{ vpcId: "vpc-1", group: "sg-1", child: "urn:n" }]);
    });
});
