// @ts-check
// A Stryker ignorer: no mutant inside code that only writes log lines (`log.info(...)`,
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

/**
 * Whether `node` only writes log lines: a log call, a statement of one, a block of such statements, an
 * arrow function whose body is one of those, or an `if` whose branches are nothing else (its condition
 * only picks the line).
 * @param {any} node
 * @returns {boolean}
 */
function onlyLogs(node) {
    switch (node?.type) {
        case "CallExpression":
            return isLogCallee(node.callee);
        case "ExpressionStatement":
            return onlyLogs(node.expression);
        case "BlockStatement":
            return node.body.length > 0 && node.body.every(onlyLogs);
        case "ArrowFunctionExpression":
            // `(error) => log.error(...)`: a handler whose only work is the line.
            return onlyLogs(node.body);
        case "IfStatement":
            return onlyLogs(node.consequent) && (node.alternate === null || onlyLogs(node.alternate));
        default:
            return false;
    }
}

export const strykerPlugins = [
    declareValuePlugin(PluginKind.Ignore, "log-calls", {
        /** @param {any} path a Babel NodePath */
        shouldIgnore(path) {
            const node = path.node;
            // The call wherever it stands (a statement, an arrow's body, a branch of a conditional), and a branch that only logs.
            if (onlyLogs(node)) {
                return "A log line is not behaviour: tests assert outcomes, and what on-call reads goes through SNS (tools/mutation/log-ignorer.mjs)";
            }
            return undefined;
        },
    }),
];
