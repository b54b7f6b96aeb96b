import { strict as assert } from "assert";
import * as path from "path";
import { analyze, type Violation } from "../../tools/plan/analyze";
import { evaluateStack, type ProgramRun } from "../../tools/engine";
import { attacks, programPrefix, type Attack, type Program } from "../fixtures/redteam/attacks";
import { scaffoldNames } from "../fixtures/redteam/scaffold";

// Insecure resources a careless or hostile developer could get past the gate, each kept as a fixture
// (test/fixtures/redteam/, manifest in attacks.ts, findings in its README). Every program is evaluated
// once by the offline engine and judged once through the pack's real analyzer path, as `npm run plan`
// does; then each attack must draw a mandatory violation that names its resource.
const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "test", "fixtures", "redteam");
const CONFIG = path.join(DIR, "stack.yaml");

/** What one program produced: its records and verdicts, or the error that stopped it. */
interface Judged {
    run?: ProgramRun;
    violations?: Violation[];
    error?: unknown;
}

const nameOf = (urn: string): string => urn.split("::").pop() ?? urn;

describe("red-team attacks on the policy gate", function () {
    this.timeout(60_000);
    const judged = new Map<Program, Judged>();
    const programs = [...new Set(attacks.map((a) => a.program))];

    before(async () => {
        for (const program of programs) {
            try {
                const run = await evaluateStack({ program: path.join(DIR, program), configFile: CONFIG });
                judged.set(program, { run, violations: await analyze(run.resources) });
            } catch (error) {
                judged.set(program, { error });
            }
        }
    });

    /** The program's records and verdicts; fails the test (not the fixture's attacks) if the program did not evaluate. */
    const resultOf = (program: Program): Required<Omit<Judged, "error">> => {
        const j = judged.get(program);
        assert.ok(j, `${program} was not evaluated`);
        if (j.error !== undefined || !j.run || !j.violations) {
            assert.fail(`${program} did not evaluate under the offline engine: ${String((j.error as Error)?.message ?? j.error)}`);
        }
        return { run: j.run, violations: j.violations };
    };

    for (const program of programs) {
        const own = attacks.filter((a) => a.program === program);
        it(`${program} evaluates offline, registers each attack resource not created in an apply, and its scaffold stays compliant`, () => {
            const { run, violations } = resultOf(program);
            const names = new Set(run.resources.map((r) => r.name));
            const missing = own.filter((a) => !a.hiddenInPreview).flatMap((a) => a.refused).filter((n) => !names.has(n));
            assert.deepEqual(missing, [], "attack resources the program does not register");
            const scaffold = new Set(scaffoldNames(programPrefix[program]));
            assert.deepEqual(scaffoldNames(programPrefix[program]).filter((n) => !names.has(n)), [], "scaffold resources missing");
            const onScaffold = violations.filter((v) => v.level === "mandatory" && scaffold.has(nameOf(v.urn)));
            assert.deepEqual(onScaffold.map((v) => `${v.policy} ${nameOf(v.urn)}`), [], "mandatory findings on the compliant scaffold");
        });
    }

    const check = (a: Attack) => () => {
        const { run, violations } = resultOf(a.program);
        for (const name of a.refused) {
            const onIt = violations.filter((v) => nameOf(v.urn) === name);
            const registered = run.resources.some((r) => r.name === name);
            assert.ok(onIt.some((v) => v.level === "mandatory"),
                `${name} ${registered ? "was registered" : "was never registered by the offline engine (created in an apply)"} `
                + `but no mandatory rule names it (${a.deploys}); findings on it: `
                + `${JSON.stringify(onIt.map((v) => `${v.level} ${v.policy}`))}`);
        }
    };

    for (const a of attacks) {
        it(`${a.id}: ${a.why} is refused (mandatory)`, check(a));
    }
});
