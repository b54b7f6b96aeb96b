import assert from "node:assert/strict";
import { DEFAULT_RETRY, isRetryable, isThrottling, withRetry } from "../../functions/shared/retry";
import { PROMOTE, WAKE, World, promoteEnv, throttled, size, AWAKE } from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000Z";
const T2 = "2026-03-01T10:09:00.000Z";

describe("failover function: throttling and retries", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a throttled UpdateAutoScalingGroup must be retried with growing backoff until the standby is up", async () => {
        world = new World();
        world.fail("autoscaling:UpdateAutoScalingGroup", throttled("Throttling"), 2);
        await world.handler()(world.transition(WAKE, "ALARM", T1));

        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.sleeps, [188, 375]);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.equal(world.log.levels("warn").length, 2);
    });

    it("each throttling spelling (ThrottlingException, ProvisionedThroughputExceededException, 'Rate exceeded', HTTP 429, TooManyRequestsException) must be retried", async () => {
        world = new World();
        world.fail("dynamodb:GetItem", throttled("ThrottlingException", "slow down"));
        world.fail("dynamodb:GetItem", throttled("ProvisionedThroughputExceededException", "hot"));
        world.fail("dynamodb:GetItem", throttled("SomethingElse", "Rate exceeded"));
        world.fail("dynamodb:PutItem", Object.assign(new Error("x"), { name: "Unnamed", $metadata: { httpStatusCode: 429 } }));
        world.fail("sns:Publish", throttled("TooManyRequestsException", "too many"));
        await world.handler()(world.transition(WAKE, "ALARM", T1));

        assert.equal(world.calls.filter((c) => c === "dynamodb:GetItem").length, 4);
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.equal(world.published.length, 1);
    });

    it("throttling that outlasts the attempt budget must fail the invocation after exactly maxAttempts calls, and the retry must finish the wake", async () => {
        world = new World();
        const handler = world.handler();
        const event = world.transition(WAKE, "ALARM", T1);
        world.fail("autoscaling:DescribeAutoScalingGroups", throttled("Throttling"), DEFAULT_RETRY.maxAttempts);
        await assert.rejects(handler(event), /Rate exceeded/);
        assert.equal(world.calls.filter((c) => c === "autoscaling:DescribeAutoScalingGroups").length, DEFAULT_RETRY.maxAttempts);
        assert.equal(world.published.length, 0);
        assert.equal(world.state(), undefined);

        await handler(event); // Lambda retries a failed asynchronous invocation
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("retries must stop before the Lambda timeout, leaving the reserve for the failure to be reported", async () => {
        world = new World();
        let remaining = 11_000;
        const context = { getRemainingTimeInMillis: () => remaining };
        world.gate = (action) => {
            if (action === "autoscaling:UpdateAutoScalingGroup") {
                remaining -= 500;
                world.fail(action, throttled("Throttling"));
            }
            return Promise.resolve();
        };
        await assert.rejects(world.handler()(world.transition(WAKE, "ALARM", T1), context), /Rate exceeded/);
        // 11 s left: the first backoff (188 ms) still leaves 10 s after the first attempt; the second would not.
        assert.equal(world.calls.filter((c) => c === "autoscaling:UpdateAutoScalingGroup").length, 2);
    });

    it("a validation error must not be retried", async () => {
        world = new World();
        world.fail("autoscaling:UpdateAutoScalingGroup", throttled("ValidationError", "Desired capacity above max"));
        await assert.rejects(world.handler()(world.transition(WAKE, "ALARM", T1)), /above max/);
        assert.equal(world.calls.filter((c) => c === "autoscaling:UpdateAutoScalingGroup").length, 1);
        assert.deepEqual(world.sleeps, []);
    });

    it("a throttled promotion must be retried, not reported as a failed promotion", async () => {
        world = new World({ group: AWAKE });
        world.transition(WAKE, "ALARM", T1);
        world.fail("rds:PromoteReadReplica", throttled("Throttling"));
        await world.handler(promoteEnv())(world.transition(PROMOTE, "ALARM", T2));
        assert.equal(world.calls.filter((c) => c === "rds:PromoteReadReplica").length, 2);
        assert.equal(world.replica, "promoted");
        assert.match(world.published[0].Message ?? "", /has started/);
    });

    const unknownOutcomes: [string, Error][] = [
        ["a timeout", Object.assign(new Error("socket timed out"), { name: "TimeoutError" })],
        ["a 5xx", Object.assign(new Error("internal error"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } })],
    ];
    for (const [what, error] of unknownOutcomes) {
        it(`a promotion that ends in ${what} must not be retried, and must be reported failed with the manual command`, async () => {
            world = new World({ group: AWAKE });
            world.transition(WAKE, "ALARM", T1);
            world.fail("rds:PromoteReadReplica", error);
            await world.handler(promoteEnv())(world.transition(PROMOTE, "ALARM", T2));
            assert.equal(world.calls.filter((c) => c === "rds:PromoteReadReplica").length, 1);
            const body = world.published[0].Message ?? "";
            assert.ok(body.includes(`FAILED: ${error.name}: ${error.message}`), body);
            assert.ok(body.includes("aws rds promote-read-replica --db-instance-identifier web-replica --region us-west-2"), body);
            assert.doesNotMatch(body, /already promoted/);
            assert.equal(world.log.levels("error").length, 1);
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
        assert.ok(isThrottling(throttled("ProvisionedThroughputExceededException", "hot partition")));
        assert.ok(!isThrottling(throttled("AccessDenied", "no")));
        assert.ok(!isRetryable(throttled("ConditionalCheckFailedException", "The conditional request failed")));
        assert.ok(isRetryable(Object.assign(new Error("boom"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } })));
        assert.ok(isRetryable(Object.assign(new Error("reset"), { code: "ECONNRESET" })));
        assert.ok(isRetryable(Object.assign(new Error("late"), { name: "TimeoutError" })));
        assert.ok(!isRetryable(throttled("InvalidDBInstanceStateFault", "not a replica")));
        assert.ok(!isRetryable(undefined));
    });
});
