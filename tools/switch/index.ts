/**
 * `npm run switch -- failover|failback|status [--stack <name>] [--config <file>] [--region <standby>]`:
 * fail over to the standby, or let users back onto the primary, by hand and without a deploy. It calls
 * only the standby region's APIs (SSM, CloudWatch PutMetricData, Auto Scaling): nothing in the primary's
 * region, no Route 53 API (us-east-1), no Pulumi backend. See docs/failover.md, "Failback and manual
 * failover". Exit codes: 0 done, 1 an AWS call failed, 64 a usage error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { describeGroup, raiseCapacity } from "../../functions/shared/capacity";
import { holdParameterName, metricNamespace, HOLD_METRIC, type StandbyDescription, standbyParameterName } from "../../functions/shared/contract";
import { readHold, setHold } from "../../functions/shared/hold";
import { findProjectName, loadStackConfig } from "../engine/stack-config";

/** The usage text, printed by --help and after a usage error. */
export const USAGE = `usage: npm run switch -- failover|failback|status [--stack <name>] [--config <file>] [--region <standby region>]
  failover   hold the primary out of DNS, then raise the standby to its failover capacity
  failback   release the primary: Route 53 sends users back once it passes its checks
  status     print whether the primary is held out, and the standby's size
  --stack <name>     the stack (default prod): its standby region is read from Pulumi.<name>.yaml
  --config <file>    any stack config file, instead of Pulumi.<name>.yaml
  --region <region>  the standby region, when no stack file is at hand`;

/** What a command ended with. */
export interface SwitchOutcome {
    exitCode: 0 | 1 | 64;
    text: string;
}

/** The SDK clients, each in the standby region; tests pass their own. */
export interface SwitchClients {
    ssm: SSMClient;
    cloudWatch: CloudWatchClient;
    autoScaling: AutoScalingClient;
}

interface Parsed {
    action: "failover" | "failback" | "status";
    stack: string;
    config?: string;
    region?: string;
}

function parse(argv: readonly string[]): Parsed | string {
    const [action, ...rest] = argv;
    if (action !== "failover" && action !== "failback" && action !== "status") {
        return `the first argument must be failover, failback or status, got ${action ?? "nothing"}`;
    }
    const out: Parsed = { action, stack: "prod" };
    for (let i = 0; i < rest.length; i += 2) {
        const [flag, value] = [rest[i], rest[i + 1]];
        if (!value || value.startsWith("--")) return `${flag} needs a value`;
        if (flag === "--stack") out.stack = value;
        else if (flag === "--config") out.config = value;
        else if (flag === "--region") out.region = value;
        else return `unknown argument ${flag}`;
    }
    return out;
}

/** The standby region: --region, else the second region of the stack's config file. */
function standbyRegionOf(p: Parsed, root: string): string | Error {
    if (p.region) return p.region;
    const file = p.config ?? path.join(root, `Pulumi.${p.stack}.yaml`);
    if (!fs.existsSync(file)) return new Error(`${file} does not exist; pass --config <file> or --region <standby region>`);
    const project = findProjectName(root) ?? "ha-web-tier";
    const regions = JSON.parse(loadStackConfig(file, project).config[`${project}:regions`] ?? "[]") as { name?: string }[];
    const name = regions[1]?.name;
    return name ?? new Error(`${file} lists no second region (the standby); pass --region <standby region>`);
}

/** The AWS CLI lines that do the same, for a person without this repository. */
export function cliLines(stack: string, region: string, held: boolean): string[] {
    return [
        `aws ssm put-parameter --name ${holdParameterName(stack)} --type String --overwrite --value ${held} --region ${region}`,
        `aws cloudwatch put-metric-data --namespace ${metricNamespace(stack)} --metric-name ${HOLD_METRIC} --unit Count --value ${held ? 1 : 0} --region ${region}`,
    ];
}

/** Runs one command. */
export async function runSwitch(argv: readonly string[], opts: { root?: string; clients?: (region: string) => SwitchClients } = {}): Promise<SwitchOutcome> {
    const p = parse(argv);
    if (typeof p === "string") return { exitCode: 64, text: `error: ${p}\n${USAGE}` };
    const region = standbyRegionOf(p, opts.root ?? path.resolve(__dirname, "..", ".."));
    if (region instanceof Error) return { exitCode: 64, text: `error: ${region.message}\n${USAGE}` };
    const c = (opts.clients ?? defaultClients)(region);
    const sw = { stack: p.stack, region };
    const lines: string[] = [];
    try {
        const standby = await describeStandby(c.ssm, p.stack);
        if (p.action === "failover") {
            // The hold first, then the raise: a recovery or reconcile scaling the standby in at the same
            // moment re-reads the hold after it scales in and raises again, and any scale-in it made
            // before the hold landed is undone by the raise that follows it. Until the standby passes its
            // checks Route 53 keeps answering with the primary (with no healthy record it answers as if
            // all were healthy), so holding first takes nobody to an empty region.
            await setHold(c, sw, true);
            const r = await raiseCapacity(c.autoScaling, standby.asg, { minSize: standby.failoverCapacity, desiredCapacity: standby.failoverCapacity });
            lines.push(r.raised
                ? `Raised ${standby.asg} in ${region} from min ${r.before.minSize}, desired ${r.before.desiredCapacity} to min ${r.after.minSize}, desired ${r.after.desiredCapacity}.`
                : `${standby.asg} in ${region} already runs min ${r.before.minSize}, desired ${r.before.desiredCapacity}; left as it is.`);
            lines.push(
                `The primary is held out of DNS. Route 53 sends users to the standby once its instances pass their checks and its switch check reads the hold (a minute or two), plus the 60 s DNS TTL.`,
                `They stay there, whatever the primary does, until: npm run switch -- failback --stack ${p.stack}`,
            );
        } else if (p.action === "failback") {
            await setHold(c, sw, false);
            lines.push(
                "The primary is released. Route 53 sends users back once the primary passes its checks and the switch check reads the release (a minute or two), plus the 60 s DNS TTL.",
                "The standby stays up until the reconcile has seen the primary healthy for its hold time, then goes back to rest on its own.",
            );
        } else {
            const held = await readHold(c.ssm, sw);
            const g = await describeGroup(c.autoScaling, standby.asg);
            lines.push(`Primary ${held ? "HELD OUT of DNS (manual failover or manual failback pending)" : "not held: Route 53 decides"}.`,
                `Standby ${standby.asg} in ${region}: min ${g.minSize}, desired ${g.desiredCapacity} (rest: min ${standby.resting.minSize}, desired ${standby.resting.desiredCapacity}; failover: ${standby.failoverCapacity}).`);
        }
    } catch (error) {
        const e = error as { name?: string; message?: string };
        const held = p.action === "failover";
        return {
            exitCode: 1,
            text: [`error: ${e.name ?? "Error"}: ${e.message ?? String(error)}`, ...(p.action === "status" ? [] : ["The same with the AWS CLI:", ...cliLines(p.stack, region, held).map((l) => `  ${l}`)])].join("\n"),
        };
    }
    if (p.action !== "status") {
        lines.push("", "The same with the AWS CLI:", ...cliLines(p.stack, region, p.action === "failover").map((l) => `  ${l}`));
    }
    return { exitCode: 0, text: lines.join("\n") };
}

async function describeStandby(ssm: SSMClient, stack: string): Promise<StandbyDescription> {
    const out = await ssm.send(new GetParameterCommand({ Name: standbyParameterName(stack) }));
    return JSON.parse(out.Parameter?.Value ?? "{}") as StandbyDescription;
}

function defaultClients(region: string): SwitchClients {
    const common = { region, maxAttempts: 3 };
    return { ssm: new SSMClient(common), cloudWatch: new CloudWatchClient(common), autoScaling: new AutoScalingClient(common) };
}

if (process.argv[1] === __filename) {
    void runSwitch(process.argv.slice(2)).then((o) => {
        (o.exitCode === 0 ? process.stdout : process.stderr).write(`${o.text}\n`);
        process.exitCode = o.exitCode;
    });
}
