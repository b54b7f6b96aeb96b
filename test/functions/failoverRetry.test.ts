import assert from "node:assert/strict";
import { UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { InvalidDBInstanceStateFault, PromoteReadReplicaCommand } from "@aws-sdk/client-rds";
import { PublishCommand } from "@aws-sdk/client-sns";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { INITIAL_STATE } from "../../functions/failover/initialState";
import { DEFAULT_RETRY, isRetryable, isThrottling, withRetry } from "../../functions/failover/retry";
import { STANDBY_ASG, WAKE, World, alarmEvent, baseEnv } from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000Z";

const throttled = (name: string, message = "Rate exceeded", status = 400) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe("failover function: throttling and retries", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a throttled UpdateAutoScalingGroup must be retried with growing backoff until it succeeds", async () => {
        world = new World();
        world.asg
            .on(UpdateAutoScalingGroupCommand)
            .rejectsOnce(throttled("Throttling"))
            .rejectsOnce(throttled("Throttling"))
            .resolves({});
        await world.handler()(alarmEvent(WAKE, "ALARM", T1));

        assert.equal(world.asg.commandCalls(UpdateAutoScalingGroupCommand).length, 3);
        assert.deepEqual(world.sleeps, [188, 375]);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.equal(world.log.levels("warn").length, 2);
    });

    it("each throttling spelling (ThrottlingException, TooManyRequestsException, 'Rate exceeded', HTTP 429) must be retried", async () => {
        world = new World();
        world.ssm
            .on(GetParameterCommand)
            .rejectsOnce(throttled("ThrottlingException", "slow down"))
            .rejectsOnce(throttled("SomethingElse", "Rate exceeded"))
            .rejectsOnce(throttled("Unnamed", "x", 429))
            .resolves({ Parameter: { Value: JSON.stringify(INITIAL_STATE) } });
        world.sns.on(PublishCommand).rejectsOnce(throttled("TooManyRequestsException", "too many")).resolves({});
        await world.handler()(alarmEvent(WAKE, "ALARM", T1));

        assert.equal(world.ssm.commandCalls(GetParameterCommand).length, 4);
        assert.equal(world.sns.commandCalls(PublishCommand).length, 2);
        assert.equal(world.updates().length, 1);
    });

    it("throttling that outlasts the attempt budget must fail the invocation after exactly maxAttempts calls", async () => {
        world = new World();
        world.asg.on(UpdateAutoScalingGroupCommand).rejects(throttled("Throttling"));
        await assert.rejects(world.handler()(alarmEvent(WAKE, "ALARM", T1)), /Rate exceeded/);
        assert.equal(world.asg.commandCalls(UpdateAutoScalingGroupCommand).length, DEFAULT_RETRY.maxAttempts);
        assert.equal(world.publishes().length, 0);
        assert.deepEqual(world.state(), INITIAL_STATE);
    });

    it("retries must stop before the Lambda timeout, leaving the reserve for the failure to be reported", async () => {
        world = new World();
        let remaining = 11_000;
        const context = { getRemainingTimeInMillis: () => remaining };
        world.asg.on(UpdateAutoScalingGroupCommand).callsFake(() => {
            remaining -= 500;
            throw throttled("Throttling");
        });
        await assert.rejects(world.handler()(alarmEvent(WAKE, "ALARM", T1), context), /Rate exceeded/);
        // 11 s left: the first backoff (188 ms) still leaves 10 s after the first attempt; the second would not.
        assert.equal(world.asg.commandCalls(UpdateAutoScalingGroupCommand).length, 2);
    });

    it("a validation error must not be retried", async () => {
        world = new World();
        world.asg.on(UpdateAutoScalingGroupCommand).rejects(throttled("ValidationError", "Desired capacity above max"));
        await assert.rejects(world.handler()(alarmEvent(WAKE, "ALARM", T1)), /above max/);
        assert.equal(world.asg.commandCalls(UpdateAutoScalingGroupCommand).length, 1);
        assert.deepEqual(world.sleeps, []);
    });

    it("a throttled promotion must be retried, not reported as a failed promotion", async () => {
        world = new World();
        world.rds.on(PromoteReadReplicaCommand).rejectsOnce(throttled("Throttling")).resolves({});
        await world.handler(baseEnv({ REPLICA_DB_IDENTIFIER: "web-replica", AUTO_PROMOTE: "true" }))(alarmEvent(WAKE, "ALARM", T1));
        assert.equal(world.rds.commandCalls(PromoteReadReplicaCommand).length, 2);
        assert.match(world.publishes()[0].Message ?? "", /has started/);
        assert.equal(world.updates()[0].AutoScalingGroupName, STANDBY_ASG);
    });

    const unknownOutcomes: [string, Error][] = [
        ["a timeout", Object.assign(new Error("socket timed out"), { name: "TimeoutError" })],
        ["a 5xx", Object.assign(new Error("internal error"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } })],
    ];
    for (const [what, error] of unknownOutcomes) {
        it(`a promotion that ends in ${what} must not be retried, and must be reported failed with the manual command`, async () => {
            world = new World();
            // A retry after a promotion that did start would be refused like this, and read as "already promoted".
            world.rds.on(PromoteReadReplicaCommand).rejectsOnce(error).rejects(new InvalidDBInstanceStateFault({ message: "not a read replica", $metadata: {} }));
            await world.handler(baseEnv({ REPLICA_DB_IDENTIFIER: "web-replica", AUTO_PROMOTE: "true" }))(alarmEvent(WAKE, "ALARM", T1));
            assert.equal(world.rds.commandCalls(PromoteReadReplicaCommand).length, 1);
            const body = world.publishes()[0].Message ?? "";
            assert.ok(body.includes(`FAILED: ${error.name}: ${error.message}`), body);
            assert.ok(body.includes("aws rds promote-read-replica --db-instance-identifier web-replica --region us-west-2"), body);
            assert.doesNotMatch(body, /already promoted/);
            assert.equal(world.log.levels("error").length, 1);
            assert.deepEqual(world.state(), { state: "awake", since: T1 });
        });
    }

    it("the worst-case backoff of one call must stay far below a 60 s Lambda timeout", async () => {
        const sleeps: number[] = [];
        const policy = { ...DEFAULT_RETRY, random: () => 0.999, sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()) };
        await assert.rejects(withRetry(() => Promise.reject(throttled("Throttling")), policy));
        const total = sleeps.reduce((a, b) => a + b, 0);
        assert.equal(sleeps.length, DEFAULT_RETRY.maxAttempts - 1);
        assert.ok(total <= 2_000, `backoff ${total} ms`);
    });

    it("error classification must retry throttling, 5xx and dropped connections, and nothing else", () => {
        assert.ok(isThrottling(throttled("Throttling")));
        assert.ok(!isThrottling(throttled("AccessDenied", "no")));
        assert.ok(isRetryable(Object.assign(new Error("boom"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } })));
        assert.ok(isRetryable(Object.assign(new Error("reset"), { code: "ECONNRESET" })));
        assert.ok(isRetryable(Object.assign(new Error("late"), { name: "TimeoutError" })));
        assert.ok(!isRetryable(throttled("InvalidDBInstanceStateFault", "not a replica")));
        assert.ok(!isRetryable(undefined));
    });
});
