/**
 * Prints the schema the multi-language provider serves, inferred in-process the way `pulumi package add`
 * gets it (src/provider/host.ts builds the provider from the same options). Run by packed.ts in a child.
 */
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import * as path from "path";
import { providerOptions } from "../../src/provider/components";

const root = path.resolve(__dirname, "..", "..");
new ComponentProvider(providerOptions(root)).getSchema().then((schema) => {
    process.stdout.write(schema);
}, (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
});
