import { strict as assert } from "assert";
import { ConfigError, parseConfig } from "../../../stack/config";

/** The problems `parseConfig` reports for `raw`; fails the test if the config is accepted or fails otherwise. */
export function problemsOf(raw: Record<string, unknown>): string[] {
    try {
        parseConfig(raw);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
        return e.problems;
    }
    throw new assert.AssertionError({ message: "the config was accepted" });
}
