/**
 * Red-team attacks on stand-ins for the SDK's generated gRPC client classes (5a52787, reverted: gRPC is
 * not deferred). What a program sees of them must be what it sees under `pulumi preview`; each test named
 * for a difference failed at 41e87c7, and the last one guards what held then. Fixtures are under
 * test/fixtures/redteam22c/.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ROOT } from "../mocks";
import { factsOf, planOf, type Finished } from "../redteam22/run";

const FIXTURES = path.join(ROOT, "test", "fixtures", "redteam22c");

describe("red team 22c: a deferred gRPC client class acts as the real class", function () {
    this.timeout(30_000);
    let staticPerSubclass: Finished;
    let planned: Record<string, unknown>;
    let preview: Record<string, unknown>;
    let heldPlanned: Record<string, unknown>;
    let heldPreview: Record<string, unknown>;
    before(async () => {
        [staticPerSubclass, planned, preview, heldPlanned, heldPreview] = await Promise.all([
            planOf(path.join(FIXTURES, "static-per-subclass.ts")),
            factsOf(path.join(FIXTURES, "client-facts.ts"), true),
            factsOf(path.join(FIXTURES, "client-facts.ts"), false),
            factsOf(path.join(FIXTURES, "held-facts.ts"), true),
            factsOf(path.join(FIXTURES, "held-facts.ts"), false),
        ]);
    });
    /** Asserts the named facts are the same under the plan as without the deferral. */
    const same = (...names: string[]) => {
        const pick = (all: Record<string, unknown>) => Object.fromEntries(names.map((n) => [n, all[n]]));
        assert.deepEqual(pick(planned), pick(preview));
    };

    it("statics a program's subclasses set on themselves stay their own, so the plan fails where pulumi preview --policy-pack policy fails", () => {
        assert.match(staticPerSubclass.stdout, /^FAIL /m, staticPerSubclass.out);
        assert.equal(staticPerSubclass.status, 1, staticPerSubclass.out);
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
        assert.deepEqual(heldPlanned, heldPreview);
    });
});
