/** Shared assertions for policy tests: everything goes through the policy gate, as the CLI would. */
import * as assert from "node:assert/strict";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import { analyze, type Violation } from "../../tools/plan/analyze";
import type { RecordedResource } from "../../tools/engine/recorded";
import { worldWithHttps } from "./factories";

/** Names of the policies that reported anything, sorted, without repeats. */
export async function fired(records: RecordedResource[], config?: PolicyPackConfig): Promise<string[]> {
    return names(await analyze(records, { config }));
}

/** Sorted unique policy names of some violations. */
export function names(violations: Violation[]): string[] {
    return [...new Set(violations.map(v => v.policy))].sort();
}

/** Asserts that exactly one rule fired, at the given level, on the given resource. */
export async function expectOnly(records: RecordedResource[], policy: string, urn: string,
    level: Violation["level"] = "mandatory"): Promise<void> {
    const violations = await analyze(records);
    assert.deepEqual(names(violations), [policy], JSON.stringify(violations, null, 1));
    assert.ok(violations.every(v => v.level === level && v.urn === urn), JSON.stringify(violations, null, 1));
}

/** The compliant tier with HTTPS that policy cases change. */
export type World = ReturnType<typeof worldWithHttps>;

/** One requirement: a single change to the compliant tier, and the one rule that must catch it. */
export interface Case {
    requirement: string;
    policy: string;
    level?: "advisory";
    /** What the violation message must say (the resource and the fix), when pinned. */
    message?: RegExp;
    /** Applies the change; returns the offending record and, if the change adds records, the extra ones. */
    change: (w: World) => { at: { urn: string }; extra?: RecordedResource[] };
}

/** A change that keeps the tier compliant: no rule may fire. */
export interface Compliant {
    requirement: string;
    /** Applies the change; returns the records it adds, if any. */
    change: (w: World) => RecordedResource[] | void;
}

/** One mocha test per case and per compliant change, each on a fresh tier, through the policy gate. */
export function runCases(cases: Case[], compliant: Compliant[] = []): void {
    for (const c of cases) {
        it(`${c.requirement} [${c.policy}]`, async () => {
            const w = worldWithHttps();
            const { at, extra = [] } = c.change(w);
            const records = [...w.all(), ...extra];
            await expectOnly(records, c.policy, at.urn, c.level ?? "mandatory");
            if (c.message) {
                const violations = await analyze(records);
                violations.forEach(v => assert.match(v.message, c.message as RegExp));
            }
        });
    }
    for (const c of compliant) {
        it(`${c.requirement} [no finding]`, async () => {
            const w = worldWithHttps();
            const extra = c.change(w) ?? [];
            assert.deepEqual(await analyze([...w.all(), ...extra]), []);
        });
    }
}

/** `<resource name> <policy>: <message>` for every finding of some policies, each message without the policy's description. */
export async function verdictsOf(records: RecordedResource[], policies: Policies, config?: PolicyPackConfig): Promise<string[]> {
    const v = await analyze(records, { policies, config });
    return v.map((x) => `${x.urn.split("::").pop() ?? ""} ${x.policy}: ${x.message.slice(x.message.indexOf("\n") + 1)}`);
}

/** A {@link verdictsOf} line for a resource a rule cannot judge: the wording every rule's `cannotBeJudged` gives. */
export const cannot = (name: string, policy: string, what: string) => `${name} ${policy}: ${name}: cannot be judged: ${what}; declare it in this stack, `
    + `or allow it with ${policy}'s acceptUnresolved: ["${name}"].`;
