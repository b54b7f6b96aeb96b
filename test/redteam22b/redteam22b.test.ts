/**
 * Red-team attacks on a deferral of gRPC (3066cf4, reverted): it made the SDK's generated gRPC client
 * classes (`@pulumi/pulumi/proto/*_grpc_pb`) stand-ins made for real only when constructed. A program
 * can reach them, and what it sees of them must be what it sees under `pulumi preview`. Each test is a requirement that held at b8a195b. Fixtures are under
 * test/fixtures/redteam22b/.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "../mocks";

const FIXTURES = path.join(ROOT, "test", "fixtures", "redteam22b");

/** Runs node with `args` from the project root; returns the finished child. */
function node(args: string[]) {
    return spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
}

/** The fixture's facts in a fresh process, with or without the plan's deferral installed first. */
function clientFacts(deferred: boolean): unknown {
    const script = `
        require("./tools/register-ts.js");
        ${deferred ? `require("./tools/engine/deferred-sdk.ts");` : ""}
        process.stdout.write(JSON.stringify(require(${JSON.stringify(path.join(FIXTURES, "client-facts.ts"))}).facts));`;
    const child = node(["-e", script]);
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout);
}

describe("red team 22b: the plan's gRPC deferral changes nothing a program can see", function () {
    this.timeout(20_000);

    it("a program's own subclass of a generated gRPC client is constructed as that subclass, so the plan fails where pulumi preview --policy-pack policy fails", () => {
        // The program creates the public web instance only through its subclass's helper.
        const child = node(["tools/run-ts.js", "tools/plan/index.ts",
            "--program", path.join(FIXTURES, "subclassed-client.ts"),
            "--config", path.join(ROOT, "test", "fixtures", "plan", "fail-closed", "stack.yaml")]);
        assert.match(child.stdout, /^FAIL /m, child.stdout + child.stderr);
        assert.equal(child.status, 1, child.stdout + child.stderr);
    });

    it("the SDK's generated gRPC client classes act as plain classes while a program runs (subclass, static, base class, freeze), as under pulumi preview", () => {
        // What the same module reports without deferred-sdk.ts (and so under the CLI).
        assert.deepEqual(clientFacts(true), clientFacts(false));
    });
});
