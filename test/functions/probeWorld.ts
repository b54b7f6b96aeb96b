// The world the probe acts on, in memory: the standby Auto Scaling group with UpdateAutoScalingGroup's
// documented sizing rules, Route 53's checkers, the notification topic, a scripted primary and a
// virtual clock. The AWS clients are aws-sdk-client-mock stubs backed by this model.
import { AutoScalingClient, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand, type UpdateAutoScalingGroupCommandInput } from "@aws-sdk/client-auto-scaling";
import { GetHealthCheckStatusCommand, Route53Client } from "@aws-sdk/client-route-53";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createHandler, type Log, type RunOutcome } from "../../functions/probe/handler";

export const STANDBY_ASG = "prod-standby-asg";
export const TOPIC = "arn:aws:sns:us-east-1:123456789012:probe-topic";
export const CHECK_ID = "0f1e2d3c-aaaa-bbbb-cccc-123456789012";

/** A complete, valid environment; tests override single variables. */
export function probeEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return {
        STACK: "prod", PRIMARY_REGION: "us-west-2", STANDBY_REGION: "us-east-1",
        PRIMARY_ENDPOINT: "primary-alb.us-west-2.elb.amazonaws.com", HOST_NAME: "app.example.com",
        HEALTH_PATH: "/health", SEARCH_STRING: "ha-web-tier: healthy", HEALTH_CHECK_ID: CHECK_ID,
        STANDBY_ASG_NAME: STANDBY_ASG, FAILOVER_CAPACITY: "2", STANDBY_MIN_SIZE: "0", STANDBY_DESIRED_CAPACITY: "0",
        FAILURE_THRESHOLD: "3", PROBES_PER_RUN: "5", PROBE_INTERVAL_SECONDS: "10", NOTIFY_TOPIC_ARN: TOPIC,
        ...overrides,
    };
}

/** An AWS-shaped error, as the SDK throws them. */
export function awsError(name: string, status: number, code?: string): Error {
    return Object.assign(new Error(`${name} (${status})`), { name, code, $metadata: { httpStatusCode: status } });
}

/** The standby group; `update` follows UpdateAutoScalingGroup's documented rules. */
export class Group {
    /** Every change, with who made it. */
    readonly history: { by: string; before: Size; after: Size }[] = [];
    constructor(public min: number, public desired: number, public max: number) {}

    size(): Size {
        return { min: this.min, desired: this.desired, max: this.max };
    }

    /** "If you specify a new value for MinSize without specifying a value for DesiredCapacity, and the new
     * MinSize is larger than the current size of the group, this sets the group's DesiredCapacity to the new
     * MinSize value" (and likewise MaxSize below it); desired must end up within [min, max]. */
    update(input: Partial<UpdateAutoScalingGroupCommandInput>, by: string): void {
        const before = this.size();
        const min = input.MinSize ?? this.min;
        const max = input.MaxSize ?? this.max;
        let desired = input.DesiredCapacity ?? this.desired;
        if (input.DesiredCapacity === undefined) {
            if (input.MinSize !== undefined && input.MinSize > desired) desired = input.MinSize;
            if (input.MaxSize !== undefined && input.MaxSize < desired) desired = input.MaxSize;
        }
        if (min > max || desired < min || desired > max) {
            throw awsError("ValidationError", 400);
        }
        this.min = min;
        this.desired = desired;
        this.max = max;
        this.history.push({ by, before, after: this.size() });
    }
}

export interface Size {
    min: number;
    desired: number;
    max: number;
}

/** What Route 53 answers: checker observations (true = healthy), or an error. */
export type Route53State = { healthy: number; failing: number } | { error: Error };

/** Records log lines without printing them. */
export class RecordingLog implements Log {
    readonly lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
    debug(message: string, ...extra: Record<string, unknown>[]) { this.lines.push({ level: "debug", message, extra: Object.assign({}, ...extra) }); }
    info(message: string, ...extra: Record<string, unknown>[]) { this.lines.push({ level: "info", message, extra: Object.assign({}, ...extra) }); }
    warn(message: string, ...extra: Record<string, unknown>[]) { this.lines.push({ level: "warn", message, extra: Object.assign({}, ...extra) }); }
    error(message: string, ...extra: Record<string, unknown>[]) { this.lines.push({ level: "error", message, extra: Object.assign({}, ...extra) }); }
}

/** The whole world; create one per test and call `restore()` after it. */
export class ProbeWorld {
    readonly asg = mockClient(AutoScalingClient);
    readonly r53 = mockClient(Route53Client);
    readonly sns = mockClient(SNSClient);
    readonly group: Group;
    readonly log = new RecordingLog();
    /** What Route 53 answers, per call in order; the last entry repeats. */
    route53: Route53State[] = [{ healthy: 0, failing: 8 }];
    route53Calls = 0;
    /** Errors the next Auto Scaling calls throw, in order, before answering normally. */
    asgFailures: Error[] = [];
    /** Runs between the probe's read of the group and its write (another actor at that moment). */
    betweenReadAndWrite?: () => void;
    /** Yield to other runs inside each Auto Scaling call, so overlapping runs interleave. */
    interleave = false;
    /** The run's clock (ms since it started) at each UpdateAutoScalingGroup it sent. */
    readonly updateTimes: number[] = [];
    /** Checks the last run started (requests the primary received). */
    checksStarted = 0;

    constructor(size: Size = { min: 0, desired: 0, max: 6 }) {
        this.group = new Group(size.min, size.desired, size.max);
        const yieldNow = () => (this.interleave ? new Promise<void>((r) => setImmediate(r)) : Promise.resolve());
        this.asg.on(DescribeAutoScalingGroupsCommand).callsFake(async (input) => {
            await yieldNow();
            this.failIfScripted();
            const g = this.group;
            const groups = input.AutoScalingGroupNames?.includes(STANDBY_ASG)
                ? [{ AutoScalingGroupName: STANDBY_ASG, MinSize: g.min, DesiredCapacity: g.desired, MaxSize: g.max }]
                : [];
            this.betweenReadAndWrite?.();
            this.betweenReadAndWrite = undefined;
            return { AutoScalingGroups: groups };
        });
        this.asg.on(UpdateAutoScalingGroupCommand).callsFake(async (input) => {
            await yieldNow();
            this.failIfScripted();
            if (input.AutoScalingGroupName !== STANDBY_ASG) {
                throw awsError("ValidationError", 400);
            }
            this.group.update(input, "probe");
            return {};
        });
        this.r53.on(GetHealthCheckStatusCommand).callsFake((input) => {
            const state = this.route53[Math.min(this.route53Calls, this.route53.length - 1)];
            this.route53Calls++;
            if (input.HealthCheckId !== CHECK_ID) {
                throw awsError("NoSuchHealthCheck", 404);
            }
            if ("error" in state) {
                throw state.error;
            }
            const obs = (ok: boolean) => ({ Region: "us-east-1", IPAddress: "15.177.0.1", StatusReport: { Status: ok ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out." } });
            return { HealthCheckObservations: [...Array(state.healthy).fill(true), ...Array(state.failing).fill(false)].map(obs) };
        });
        this.sns.on(PublishCommand).resolves({ MessageId: "m-1" });
    }

    private failIfScripted(): void {
        const e = this.asgFailures.shift();
        if (e) {
            throw e;
        }
    }

    /** The probe's updates as sent (what it asked for, not what the group became). */
    updatesSent(): Partial<UpdateAutoScalingGroupCommandInput>[] {
        return this.asg.commandCalls(UpdateAutoScalingGroupCommand).map((c) => c.args[0].input);
    }

    notifications(): { subject?: string; body?: string }[] {
        return this.sns.commandCalls(PublishCommand).map((c) => ({ subject: c.args[0].input.Subject, body: c.args[0].input.Message }));
    }

    /**
     * One probe run against a primary whose checks answer `checks` in order (true = healthy). Each run
     * keeps its own virtual clock, so overlapping runs do not share sleeps. `create` is the handler
     * module's createHandler, when a test loads the module anew (freshLoad) to see its constants.
     */
    run(checks: boolean[], opts: { timeLeftMs?: number; checkMs?: number; route53AttemptMs?: number; create?: typeof createHandler } = {}): Promise<RunOutcome> {
        let clock = 0;
        let i = 0;
        this.checksStarted = 0;
        // A hung endpoint costs each check or attempt its timeout; the run's clock moves by that much.
        const route53 = new Route53Client({ region: "us-east-1" });
        const send = route53.send.bind(route53);
        route53.send = ((command: GetHealthCheckStatusCommand) => {
            clock += opts.route53AttemptMs ?? 0;
            return send(command);
        }) as typeof route53.send;
        const autoScaling = new AutoScalingClient({ region: "us-east-1" });
        const asgSend = autoScaling.send.bind(autoScaling);
        autoScaling.send = ((command: UpdateAutoScalingGroupCommand) => {
            if (command instanceof UpdateAutoScalingGroupCommand) this.updateTimes.push(clock);
            return asgSend(command);
        }) as typeof autoScaling.send;
        const env = probeEnv();
        const handler = (opts.create ?? createHandler)({
            env,
            check: () => {
                // Thrown at once, not rejected: a run that loops past its checks stops here instead of spinning.
                if (i >= Number(env.PROBES_PER_RUN)) throw new Error(`the run started more than PROBES_PER_RUN (${env.PROBES_PER_RUN}) checks`);
                clock += opts.checkMs ?? 0;
                this.checksStarted++;
                return Promise.resolve({ ok: checks[Math.min(i++, checks.length - 1)], detail: "scripted" });
            },
            // A sleep lets what is pending finish first (a judgement, a wake), as a real one does.
            sleep: (ms) => {
                clock += ms;
                return new Promise((r) => setImmediate(r));
            },
            now: () => clock,
            logger: this.log,
            clients: { autoScaling, route53, sns: new SNSClient({ region: "us-east-1" }) },
        });
        const left = opts.timeLeftMs;
        return handler({}, left === undefined ? undefined : { getRemainingTimeInMillis: () => left - clock });
    }

    restore(): void {
        this.asg.restore();
        this.r53.restore();
        this.sns.restore();
    }
}

/** A small seeded generator, so a failing random sequence can be replayed. */
export function seeded(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}
