// @ts-check
// A Stryker ignorer: no mutant inside a call that only writes a log line (`log.info(...)`,
// `this.log.warn(...)`: the functions' Powertools logger). A log line changes what a person may read in
// CloudWatch Logs, not what the function does; what on-call is told goes through SNS and is held by
// test/functions/notifications.expected.txt, and tests assert outcomes, not log text (docs/testing.md).
// Ignored mutants are reported as such and stay out of the score. Stryker's ignorer plugin API:
// stryker-mutator/stryker-js#4487.
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

const LEVELS = new Set(["debug", "info", "warn", "error", "critical"]);

/**
 * Whether `node` is `log.<level>`, `<anything>.log.<level>` or either with a computed level.
 * @param {any} node
 */
function isLogCallee(node) {
    // `log.info`, or `log[level]` (a level chosen at run time).
    if (node?.type !== "MemberExpression" || !(node.computed || (node.property?.type === "Identifier" && LEVELS.has(node.property.name)))) {
        return false;
    }
    const target = node.object;
    return (target?.type === "Identifier" && target.name === "log")
        || (target?.type === "MemberExpression" && target.property?.type === "Identifier" && target.property.name === "log");
}

export const strykerPlugins = [
    declareValuePlugin(PluginKind.Ignore, "log-calls", {
        /** @param {any} path a Babel NodePath */
        shouldIgnore(path) {
            const node = path.node;
            // The call itself, wherever it stands (a statement, an arrow's body, a branch of a conditional).
            if (node?.type === "CallExpression" && isLogCallee(node.callee)) {
                return "A log line is not behaviour: tests assert outcomes, and what on-call reads goes through SNS (tools/mutation/log-ignorer.mjs)";
            }
            return undefined;
        },
    }),
];
