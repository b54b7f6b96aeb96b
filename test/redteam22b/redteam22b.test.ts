/**
 * Red-team attacks on a deferral of gRPC (3066cf4, reverted): it made the SDK's generated gRPC client
 * classes (`@pulumi/pulumi/proto/*_grpc_pb`) stand-ins made for real only when constructed. A program
 * can reach them, and what it sees of them must be what it sees under `pulumi preview`. Each test is a requirement that held at b8a195b. Fixtures are under
 * test/fixtures/redteam22b/.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ROOT } from "../mocks";
import { factsOf, planOf, type Finished } from "../redteam22/run";

const FIXTURES = path.join(ROOT, "test", "fixtures", "redteam22b");

describe("red team 22b: the plan's gRPC deferral changes nothing a program can see", function () {
    this.timeout(30_000);
    let subclassed: Finished;
    let planned: unknown;
    let preview: unknown;
    before(async () => {
        [subclassed, planned, preview] = await Promise.all([
            planOf(path.join(FIXTURES, "subclassed-client.ts")),
            factsOf(path.join(FIXTURES, "client-facts.ts"), true),
            factsOf(path.join(FIXTURES, "client-facts.ts"), false),
        ]);
    });

    it("a program's own subclass of a generated gRPC client is constructed as that subclass, so the plan fails where pulumi preview --policy-pack policy fails", () => {
        // The program creates the public web instance only through its subclass's helper.
        assert.match(subclassed.stdout, /^FAIL /m, subclassed.out);
        assert.equal(subclassed.status, 1, subclassed.out);
    });

    it("the SDK's generated gRPC client classes act as plain classes while a program runs (subclass, static, base class, freeze), as under pulumi preview", () => {
        // Without deferred-sdk.ts is what the CLI runs.
        assert.deepEqual(planned, preview);
    });
});
