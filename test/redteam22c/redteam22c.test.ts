/**
 * Red-team attacks on stand-ins for the SDK's generated gRPC client classes (5a52787, reverted: gRPC is
 * not deferred). What a program sees of them must be what it sees under `pulumi preview`; each test named
 * for a difference failed at 41e87c7, and the last one guards what held then. Fixtures are under
 * test/fixtures/redteam22c/.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "../mocks";

const FIXTURES = path.join(ROOT, "test", "fixtures", "redteam22c");

/** Runs node with `args` from the project root; returns the finished child. */
function node(args: string[]) {
    return spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
}

/** A fixture's facts in a fresh process, with or without the plan's deferral installed first. */
function facts(fixture: string, deferred: boolean): Record<string, unknown> {
    const script = `
        require("./tools/register-ts.js");
        ${deferred ? `require("./tools/engine/deferred-sdk.ts");` : ""}
        process.stdout.write(JSON.stringify(require(${JSON.stringify(path.join(FIXTURES, fixture))}).facts));`;
    const child = node(["-e", script]);
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout) as Record<string, unknown>;
}

describe("red team 22c: a deferred gRPC client class acts as the real class", function () {
    this.timeout(20_000);
    let planned: Record<string, unknown>;
    let preview: Record<string, unknown>;
    before(() => {
        planned = facts("client-facts.ts", true);
        preview = facts("client-facts.ts", false);
    });
    /** Asserts the named facts are the same under the plan as without the deferral. */
    const same = (...names: string[]) => {
        const pick = (all: Record<string, unknown>) => Object.fromEntries(names.map((n) => [n, all[n]]));
        assert.deepEqual(pick(planned), pick(preview));
    };

    it("statics a program's subclasses set on themselves stay their own, so the plan fails where pulumi preview --policy-pack policy fails", () => {
        const child = node(["tools/run-ts.js", "tools/plan/index.ts",
            "--program", path.join(FIXTURES, "static-per-subclass.ts"),
            "--config", path.join(ROOT, "test", "fixtures", "plan", "fail-closed", "stack.yaml")]);
        assert.match(child.stdout, /^FAIL /m, child.stdout + child.stderr);
        assert.equal(child.status, 1, child.stdout + child.stderr);
    });

    it("a static assigned on a subclass of a generated client is the subclass's own and leaves the base class and sibling subclasses as they were", () => {
        same("subclassStaticAssigned", "subclassStaticBlocks");
    });

    it("an inherited static getter of a generated client sees the subclass it is read through", () => {
        same("inheritedStaticGetterReceiver");
    });

    it("a subclass of a frozen generated client can be given statics of its own", () => {
        same("subclassOfFrozenGetsStatics");
    });

    it("an instance of a generated client has the class a program holds as its constructor, as does the class's prototype", () => {
        same("instanceConstructorIsClass", "prototypeConstructorIsClass");
    });

    it("a generated client's source text is its class's", () => {
        same("sourceText");
    });

    it("a generated client's descriptors are reported as they are: prototype read-only, a static defined without configurable not configurable", () => {
        same("prototypeDescriptor", "definedWithoutConfigurable");
    });

    it("after Object.preventExtensions or Object.seal, a static reassigned on a generated client has that value in its descriptor too", () => {
        same("staticAfterPreventExtensions", "staticAfterSeal");
    });

    it("a generated client frozen through an instance's constructor is frozen to a program", () => {
        same("frozenThroughInstance");
    });

    it("making a generated client's prototype read-only (already so) leaves it readable and subclassable", () => {
        same("prototypeMadeReadOnly");
    });

    it("what held at 41e87c7: own keys, a subclass's own constructor and new.target, Reflect.construct, instanceof, bind, delete, setPrototypeOf and freeze act as on the real class", () => {
        assert.deepEqual(facts("held-facts.ts", true), facts("held-facts.ts", false));
    });
});
