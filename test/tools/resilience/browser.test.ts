/**
 * The plan's HTML page in a real browser: Debian's headless Chromium through playwright-core opens
 * the page of prod and of every example (offline, from files) and checks what a person sees, reading
 * the rendered geometry of the diagram. Skipped, saying why, only where /usr/bin/chromium is absent;
 * `.ci/run` installs it and sets HA_WEB_TIER_REQUIRE_BROWSER=1, which turns that skip into a failure.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackPlan } from "../../stack/stackRuns";
import type { PlanResult } from "../../../tools/plan/report";
import { renderHtml } from "../../../tools/resilience/html";
import { deltaE, diagramProblems, readBrokenTokens, readDiagram, type DiagramGeometry } from "./geometry";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = path.resolve(__dirname, "..", "..", "..");
/** Where the pages and their screenshots are kept for people to look at (gitignored). */
const OUT = path.join(ROOT, "test-output");
/** Prod and every example, each planned once. */
const STACKS = ["Pulumi.prod.yaml", ...fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".yaml")).sort().map((f) => `examples/${f}`)];

describe("the plan's HTML page in headless Chromium", function () {
    this.timeout(60_000);
    const plans = new Map<string, PlanResult>();
    const geometry = new Map<string, DiagramGeometry>();
    let browser: import("playwright-core").Browser | undefined;
    let page: import("playwright-core").Page;
    const requests: string[] = [];
    const pageOf = (config: string): string => path.join(OUT, `${path.basename(config, ".yaml")}.html`);

    before(async function () {
        if (!fs.existsSync(CHROMIUM)) {
            // .ci/run sets this after installing Chromium, so CI can never pass by skipping the page.
            if (process.env.HA_WEB_TIER_REQUIRE_BROWSER === "1") throw new Error(`${CHROMIUM} is missing but HA_WEB_TIER_REQUIRE_BROWSER=1: install Debian's chromium`);
            console.warn(`skipped: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)`);
            this.skip();
        }
        fs.mkdirSync(OUT, { recursive: true });
        // One plan at a time (the mock engine is one per process), and all before the browser starts:
        // the engine would count the handles a running browser holds as the program's own.
        for (const config of STACKS) {
            const outcome = await stackPlan(config);
            assert.ok(outcome.result && outcome.result.summary.regions.length > 0, outcome.text);
            plans.set(config, outcome.result);
            fs.writeFileSync(pageOf(config), await renderHtml(outcome.result));
        }
        const { chromium } = await import("playwright-core");
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        // Narrow enough that the tables must wrap their cells.
        page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
        page.on("request", (req) => requests.push(req.url()));
        for (const config of STACKS) {
            await page.goto(`file://${pageOf(config)}`);
            geometry.set(config, await page.evaluate(readDiagram));
        }
    });

    after(async () => {
        await browser?.close();
    });

    it("every stack's diagram has a visible box for each of its regions", () => {
        for (const [config, plan] of plans) {
            const g = geometry.get(config) as DiagramGeometry;
            for (const region of plan.summary.regions) {
                const cluster = g.clusters.find((c) => c.region === region);
                assert.ok(cluster && cluster.box.w > 100 && cluster.box.h > 60, `${config}: no visible box for ${region}: ${JSON.stringify(cluster)}`);
            }
        }
    });

    it("no two labels overlap, no label straddles a box edge, and no edge passes through a box it does not connect", () => {
        const problems = [...geometry].flatMap(([config, g]) => diagramProblems(g).map((p) => `${config}: ${p}`));
        assert.deepEqual(problems, []);
    });

    it("the canvas is the drawing's size: no side is left more than a margin empty", () => {
        for (const [config, g] of geometry) {
            const drawn = [...g.clusters, ...g.nodes, ...g.labels].map((b) => b.box).concat(g.edges.flatMap((e) => e.points.map((p) => ({ ...p, w: 0, h: 0 }))));
            const right = Math.max(...drawn.map((b) => b.x + b.w));
            const bottom = Math.max(...drawn.map((b) => b.y + b.h));
            assert.ok(g.width - right <= 40 && g.height - bottom <= 40, `${config}: canvas ${g.width} x ${g.height}, drawing ends at ${right} x ${bottom}`);
        }
    });

    it("regions stand in the stack config's order", () => {
        for (const [config, g] of geometry) {
            const declared = [...fs.readFileSync(path.join(ROOT, config), "utf8").matchAll(/^ {4}- name: (\S+)$/gm)].map((m) => m[1]);
            // Left to right, then top to bottom: the order a person reads the clusters in.
            const drawn = [...g.clusters].sort((a, b) => (Math.abs(a.box.y - b.box.y) < 40 ? a.box.x - b.box.x : a.box.y - b.box.y)).map((c) => c.region);
            assert.deepEqual(drawn.filter((r) => declared.includes(r)), declared, config);
        }
    });

    it("shows one scenario row per scenario, coloured by outcome", async () => {
        const config = "examples/warm-standby.yaml";
        await page.goto(`file://${pageOf(config)}`);
        const rows = page.locator("#scenarios tbody tr.scenario");
        assert.equal(await rows.count(), plans.get(config)?.resilience.scenarios.length);
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

    it("every outcome's colour stands apart from every other's: a CIE76 difference of 15 or more", async () => {
        await page.goto(`file://${pageOf("Pulumi.prod.yaml")}`);
        const colours = await page.locator("p.legend span").evaluateAll((spans) => spans.map((s) =>
            [s.textContent ?? "", (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(s).backgroundColor]));
        assert.equal(colours.length, 6);
        const close = colours.flatMap(([a, ca], i) => colours.slice(i + 1).filter(([, cb]) => deltaE(ca ?? "", cb ?? "") < 15)
            .map(([b, cb]) => `${a} and ${b}: ${deltaE(ca ?? "", cb ?? "").toFixed(1)}`));
        assert.deepEqual(close, []);
    });

    it("no table cell breaks a region, zone or path mid-token, even in a narrow window", async () => {
        const broken: string[] = [];
        for (const config of STACKS) {
            await page.goto(`file://${pageOf(config)}`);
            broken.push(...(await page.evaluate(readBrokenTokens)).map((b) => `${config}: ${b}`));
        }
        assert.deepEqual(broken, []);
    });

    it("is self-contained: nothing but the pages themselves is requested, and a screenshot of each is saved", async () => {
        assert.deepEqual(requests.filter((u) => !u.startsWith("file://")), []);
        for (const config of STACKS) {
            // Wide enough for the whole diagram, so the screenshot is not cut by the page's scroll box.
            await page.setViewportSize({ width: Math.max(1000, (geometry.get(config)?.width ?? 0) + 100), height: 900 });
            await page.goto(`file://${pageOf(config)}`);
            const shot = pageOf(config).replace(/\.html$/, ".png");
            await page.locator("div.diagram").screenshot({ path: shot });
            assert.ok(fs.statSync(shot).size > 10_000);
        }
    });
});
