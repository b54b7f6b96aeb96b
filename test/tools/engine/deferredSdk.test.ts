/**
 * The plan defers the SDK's function serializer (tools/engine/deferred-sdk.ts): it must not load it, and
 * a program that does serialize a function must still get it, whole.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { DEFERRED, deferRequires } from "../../../tools/engine/deferred-sdk";
import { withoutStackCaptures } from "../../../tools/engine/pulumi-internals";

const root = path.resolve(__dirname, "..", "..", "..");
const fixtures = path.join(root, "test", "fixtures", "deferred");

describe("the SDK's function serializer is loaded only when a program uses it", function () {
    this.timeout(30_000);

    it("a deferred module loads only when its importer first uses it, then acts as itself: namespace and default imports, calls, new, `in`", () => {
        const g = globalThis as { __deferredLoads?: number };
        g.__deferredLoads = 0;
        const files = ["parent.js", "namespace.js", "callable.js"].map((f) => path.join(fixtures, f));
        files.forEach((f) => delete require.cache[f]);
        const undo = deferRequires([
            { from: "/test/fixtures/deferred/parent.js", request: "./namespace" },
            { from: "/test/fixtures/deferred/parent.js", request: "./callable" },
        ]);
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const parent = require(files[0] ?? "") as { make(n: number): { next(): number }; double(n: number): number; call(s: string): string; has(): boolean };
            assert.equal(g.__deferredLoads, 0, "loaded while the importer loaded");
            assert.equal(parent.double(21), 42);
            assert.equal(g.__deferredLoads, 1);
            assert.equal(parent.make(1).next(), 2);
            assert.equal(parent.has(), true);
            assert.equal(g.__deferredLoads, 1, "loaded more than once");
            assert.equal(parent.call("x"), "called with x");
            assert.equal(g.__deferredLoads, 2);
        } finally {
            undo();
            files.forEach((f) => delete require.cache[f]);
        }
    });

    it("a plan loads the SDK without npm's arborist, normalize-package-data, TypeScript, the Automation API, gRPC, OpenTelemetry, js-yaml or semver, and each still works when used", () => {
        // A fresh process: this one has loaded the SDK long since.
        const script = `
            require("./tools/register-ts.js");
            require("./tools/engine/deferred-sdk.ts");
            const pulumi = require("@pulumi/pulumi");
            require("@pulumi/aws");
            const loaded = () => Object.keys(require.cache)
                .filter((k) => /node_modules[\\\\/](@npmcli[\\\\/]arborist|normalize-package-data|typescript|@opentelemetry[\\\\/]api|js-yaml|semver|execa|@pulumi[\\\\/]pulumi[\\\\/]automation|@grpc[\\\\/]grpc-js)[\\\\/]/.test(k))
                .map((k) => k.replace(/.*node_modules[\\\\/]/, "").split(/[\\\\/]/).slice(0, 2).join("/"));
            // The gate's side: the policy server, its handlers kept by serve() and configure() answered.
            const { policyServerInternals } = require("./tools/plan/analyze.ts");
            const srv = policyServerInternals();
            const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
            let configured = false;
            srv.configure({ request: new analyzerproto.ConfigureAnalyzerRequest() }, (err) => { configured = !err; });
            const before = loaded();
            pulumi.runtime.serializeFunction(() => 6 * 7).then((f) => {
                const afterSerializing = loaded();
                // Used after all: the real modules arrive, whole.
                const rpc = require("@pulumi/pulumi/runtime/rpc");
                const registered = new Map();
                rpc.register(registered, "resource module", "aws:ec2", { version: "7.0.0" });
                const dir = require("node:fs").mkdtempSync(require("node:path").join(require("node:os").tmpdir(), "deferred-"));
                require("node:fs").writeFileSync(require("node:path").join(dir, "package.yaml"), "name: from-yaml\\n");
                const settings = require("@pulumi/pulumi/runtime/settings");
                const used = {
                    workspace: typeof pulumi.automation.LocalWorkspace.create,
                    // The SDK connects to an engine with its gRPC client: made for real, from the real module.
                    grpcClient: (() => { try { settings.getMonitor?.(); } catch { /* no engine address offline */ } return typeof require("@pulumi/pulumi/proto/resource_grpc_pb").ResourceMonitorClient; })(),
                    grpcStatus: require("@pulumi/pulumi/errors").isGrpcError({ code: 14 }),
                    // A second registration of the same version is skipped: semver compared them.
                    sameVersionSkipped: rpc.register(registered, "resource module", "aws:ec2", { version: "7.0.0" }) === false,
                    yaml: require("@pulumi/pulumi/runtime/manifest").readPackageManifest(dir).data.name,
                };
                process.stdout.write(JSON.stringify({ before, configured, after: afterSerializing, used, afterUse: loaded(), serialized: f.text }));
            }, (err) => { console.error(err); process.exit(1); });`;
        const child = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
        assert.equal(child.status, 0, child.stderr);
        const out = JSON.parse(child.stdout) as { before: string[]; configured: boolean; after: string[]; used: Record<string, unknown>; afterUse: string[]; serialized: string };
        assert.deepEqual(out.before, [], `loaded with the SDK: ${[...new Set(out.before)].join(", ")} (an SDK upgrade moved a require? see DEFERRED: ${DEFERRED.map((d) => d.from).join(", ")})`);
        // serializeFunction parses the function with TypeScript: the deferred module arrived when it was used.
        assert.ok(out.after.some((m) => m.startsWith("typescript")), out.after.join(", "));
        assert.match(out.serialized, /6 \* 7/);
        assert.equal(out.configured, true, "the policy server's configure handler failed");
        assert.deepEqual(out.used, { workspace: "function", grpcClient: "function", grpcStatus: true, sameVersionSkipped: true, yaml: "from-yaml" });
        for (const m of ["@pulumi/pulumi", "execa", "semver", "js-yaml", "@grpc/grpc-js"]) {
            assert.ok(out.afterUse.some((k) => k.startsWith(m)), `${m} never arrived: ${out.afterUse.join(", ")}`);
        }
    });
});

describe("the SDK's stack captures and debug lines during runs", () => {
    it("overlapping runs put the SDK's own functions back once the last one ends, whichever ends first", async () => {
        /* eslint-disable @typescript-eslint/no-require-imports */
        const log = require("@pulumi/pulumi/log") as { debug: unknown };
        const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: unknown };
        const resource = (require("@pulumi/pulumi/resource") as { Resource: { callsites: unknown } }).Resource;
        /* eslint-enable @typescript-eslint/no-require-imports */
        const originals = [log.debug, debuggable.debuggablePromise, resource.callsites];
        let endFirst = (): void => undefined;
        let endSecond = (): void => undefined;
        const first = withoutStackCaptures(() => new Promise<void>((resolve) => { endFirst = resolve; }));
        const second = withoutStackCaptures(() => new Promise<void>((resolve) => { endSecond = resolve; }));
        assert.notEqual(log.debug, originals[0], "debug lines are off during a run");
        endFirst();
        await first;
        assert.notEqual(log.debug, originals[0], "the second run is still under way");
        endSecond();
        await second;
        assert.deepEqual([log.debug, debuggable.debuggablePromise, resource.callsites], originals);
    });
});
