import { strict as assert } from "assert";
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import { FAILOVER_ENTRY } from "../../src/failover/failoverFunction";
import { bundleFunction } from "../../src/failover/lambdaBundle";
import { PROBE_ENTRY } from "../../src/failover/primaryProbe";

/**
 * Loads a bundle the way Lambda does (a CommonJS file, nothing else on the module path) and returns
 * its exports. Powertools reads its log level when the module loads, so the bundle's logger is silenced.
 */
function loadBundle(entry: string): Record<string, unknown> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ha-web-tier-bundle-"));
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, bundleFunction(entry));
    const level = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
    try {
        // Lambda loads index.js with require (CommonJS); createRequire gives this file's loader a plain path.
        return createRequire(file)(file) as Record<string, unknown>;
    } finally {
        if (level === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
        else process.env.POWERTOOLS_LOG_LEVEL = level;
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("deployed function bundles", () => {
    for (const [name, entry, variable] of [["failover", FAILOVER_ENTRY, "STANDBY_ASG_NAME"], ["probe", PROBE_ENTRY, "HEALTH_CHECK_ID"]] as const) {
        it(`the ${name} bundle must load on its own and its handler must judge the environment, not crash`, async () => {
            const bundle = loadBundle(entry);
            assert.equal(typeof bundle.handler, "function", `the ${name} bundle exports no handler`);
            // The test process has none of the function's variables: the handler must say which are missing.
            await assert.rejects((bundle.handler as (event: unknown) => Promise<unknown>)({}), (error: Error) =>
                error.name === "SettingsError" && error.message.includes(variable));
        });
    }
});
