import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { INITIAL_STATE } from "../../functions/failover/initialState";
import { parseState } from "../../functions/failover/state";

describe("failover function: the initial state record", () => {
    it("the record the Pulumi program writes first must parse, with the function's own parser, as asleep since the epoch", () => {
        const read = parseState(JSON.stringify(INITIAL_STATE));
        assert.ok(read.ok, read.ok ? "" : read.reason);
        assert.equal(read.record.state, "asleep");
        assert.equal(Date.parse(read.record.since), 0);
    });

    it("the parser must still refuse a record that is not one, so the test above can tell them apart", () => {
        for (const value of ["", "{}", JSON.stringify({ state: "sleeping", since: INITIAL_STATE.since }), JSON.stringify({ state: "asleep", since: "never" })]) {
            assert.equal(parseState(value).ok, false, value);
        }
    });

    it("the initial record's module must import nothing, so the Pulumi program can load it without the AWS SDK", () => {
        const source = fs.readFileSync(path.resolve(__dirname, "..", "..", "functions", "failover", "initialState.ts"), "utf8");
        assert.doesNotMatch(source, /^\s*import\b|^\s*export\b[^;]*\bfrom\b|\brequire\s*\(|\bimport\s*\(/m);
    });
});
