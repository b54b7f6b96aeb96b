/**
 * The plan's HTML page in a real browser: Debian's headless Chromium through playwright-core opens
 * the page of the warm-standby example (offline, from a file) and checks what a person sees. Skipped,
 * saying why, only where /usr/bin/chromium is absent; `.ci/run` installs it and sets
 * HA_WEB_TIER_REQUIRE_BROWSER=1, which turns that skip into a failure.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runPlan } from "../../../tools/plan";
import type { PlanResult } from "../../../tools/plan/report";
import { renderHtml } from "../../../tools/resilience/html";

const CHROMIUM = "/usr/bin/chromium";
/** Where the page and its screenshot are kept for people to look at (gitignored). */
const OUT = path.resolve(__dirname, "..", "..", "..", "test-output");

describe("the plan's HTML page in headless Chromium", function () {
    this.timeout(60_000);
    let plan: PlanResult;
    let browser: import("playwright-core").Browser | undefined;
    let page: import("playwright-core").Page;
    const requests: string[] = [];

    before(async function () {
        if (!fs.existsSync(CHROMIUM)) {
            // .ci/run sets this after installing Chromium, so CI can never pass by skipping the page.
            if (process.env.HA_WEB_TIER_REQUIRE_BROWSER === "1") throw new Error(`${CHROMIUM} is missing but HA_WEB_TIER_REQUIRE_BROWSER=1: install Debian's chromium`);
            console.warn(`skipped: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)`);
            this.skip();
        }
        const outcome = await runPlan({ config: "examples/warm-standby.yaml" });
        assert.ok(outcome.result, outcome.text);
        plan = outcome.result;
        fs.mkdirSync(OUT, { recursive: true });
        const file = path.join(OUT, "warm-standby.html");
        fs.writeFileSync(file, renderHtml(plan));
        const { chromium } = await import("playwright-core");
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        page.on("request", (req) => requests.push(req.url()));
        await page.goto(`file://${file}`);
    });

    after(async () => {
        await browser?.close();
    });

    it("renders the architecture diagram as SVG with a visible box for each region", async () => {
        const svg = page.locator("div.diagram > svg");
        assert.equal(await svg.count(), 1);
        const box = await svg.boundingBox();
        assert.ok(box && box.width > 400 && box.height > 200, `diagram too small: ${JSON.stringify(box)}`);
        for (const region of plan.summary.regions) {
            const group = page.locator(`svg g.region[data-region="${region}"]`);
            assert.ok(await group.isVisible(), `no visible box for ${region}`);
            const b = await group.boundingBox();
            assert.ok(b && b.width > 100 && b.height > 100, `${region}'s box is too small: ${JSON.stringify(b)}`);
        }
    });

    it("shows one scenario row per scenario, coloured by outcome", async () => {
        const rows = page.locator("#scenarios tbody tr.scenario");
        assert.equal(await rows.count(), plan.resilience.scenarios.length);
        // Runs in the page, where the DOM's getComputedStyle exists (the tests compile without the DOM library).
        const colours = await rows.evaluateAll((trs) => trs.map((tr) => {
            const style = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(tr);
            return `${tr.getAttribute("data-outcome")}=${style.backgroundColor}`;
        }));
        const byOutcome = new Map<string, Set<string>>();
        for (const c of colours) {
            const [outcome, colour] = c.split("=");
            byOutcome.set(outcome ?? "", (byOutcome.get(outcome ?? "") ?? new Set()).add(colour ?? ""));
        }
        // One colour per outcome, and different outcomes look different.
        for (const set of byOutcome.values()) assert.equal(set.size, 1);
        const distinct = new Set([...byOutcome.values()].map((s) => [...s][0]));
        assert.equal(distinct.size, byOutcome.size);
    });

    it("is self-contained: nothing but the page itself is requested, and a screenshot is saved", async () => {
        assert.deepEqual(requests.filter((u) => !u.startsWith("file://")), []);
        const shot = path.join(OUT, "warm-standby.png");
        await page.screenshot({ path: shot, fullPage: true });
        assert.ok(fs.statSync(shot).size > 10_000);
    });
});
