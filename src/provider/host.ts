/**
 * The package's `main`: what `pulumi package add <repo>` runs (Pulumi's Node.js plugin runner requires the
 * package directory, which resolves through `main`; imports by name go through `exports` to src/index.ts).
 * It exports one function and does nothing on import; the runner calls an exported function, and this one
 * serves the components of `PROVIDER_COMPONENTS` (./components.ts) with Pulumi's component provider host, which infers
 * their schema from the TypeScript sources of the checkout.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import * as fs from "fs";
import * as path from "path";
import { providerOptions } from "./components";

/** The package root: the nearest directory above this file with a package.json (two levels up in src/, three in dist/src/). */
function packageRoot(): string {
    for (let dir = path.dirname(__dirname); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no package.json above ${__dirname}`);
        }
    }
}

/** Serves the provider until the Pulumi engine ends it. */
function serveProvider(): Promise<void> {
    return componentProviderHost(providerOptions(packageRoot()));
}

export = serveProvider;
