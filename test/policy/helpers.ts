/** Shared assertions for policy tests: everything goes through the policy gate, as the CLI would. */
import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import { analyze, type Violation } from "../../tools/plan/analyze";
import type { RecordedResource } from "../../tools/engine/recorded";

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
