/**
 * The failover components take their providers through options only: GlobalFailover one per region in
 * `opts.providers` keyed by region code, SingleRegionEndpoint us-east-1's in `opts.provider`. A missing
 * one is refused naming it, and every resource lands with the provider of the region it belongs in.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { GlobalFailover, type GlobalFailoverArgs } from "../../src/failover/globalFailover";
import { SingleRegionEndpoint } from "../../src/failover/singleRegionEndpoint";
import { providerUrnOf } from "../../tools/engine/recorded";
import { promiseOf, settle, useMocks } from "../mocks";

const region = (name: string, role: "primary" | "standby") => ({
    region: name, role, albDnsName: `${name}.elb.amazonaws.com`, albZoneId: "Z35SXDOTRQ7X7K", healthCheck: { protocol: "HTTPS" as const, port: 443 },
    asgName: `${name}-asg`, asgArn: `arn:aws:autoscaling:${name}:123456789012:autoScalingGroup:1:autoScalingGroupName/${name}-asg`,
});

const pilotLight = (): GlobalFailoverArgs => ({
    mode: "pilot-light", healthPath: "/health", searchString: "ok", requestInterval: 10, failureThreshold: 3,
    regions: [region("us-west-2", "primary"), region("eu-west-1", "standby")],
    dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" }, drill: false,
    failover: { stack: "providers", recoveryWindowMinutes: 15, failoverCapacity: 2, standbyCapacity: { min: 0, desired: 0 }, logRetentionDays: 30, deletionProtection: false },
});

describe("the failover components' providers", () => {
    it("GlobalFailover in a failover mode without the standby region's provider is refused, naming the region and where it goes", () => {
        useMocks();
        const usEast1 = new aws.Provider("use1", { region: "us-east-1" });
        assert.throws(() => new GlobalFailover("global", pilotLight(), { providers: { "us-east-1": usEast1 } }),
            /GlobalFailover global: opts\.providers has no provider for eu-west-1; pass an aws provider for us-east-1 .* keyed by region code/);
    });

    it("GlobalFailover without us-east-1's provider is refused: its alarms must live where Route 53's metrics are", () => {
        useMocks();
        const euWest1 = new aws.Provider("euw1", { region: "eu-west-1" });
        assert.throws(() => new GlobalFailover("global", pilotLight(), { providers: { "eu-west-1": euWest1 } }), /no provider for us-east-1/);
    });

    it("SingleRegionEndpoint without a provider is refused rather than landing in the default provider's region", () => {
        useMocks();
        assert.throws(() => new SingleRegionEndpoint("global", { healthPath: "/health", searchString: "ok", requestInterval: 10, failureThreshold: 3,
            region: region("us-west-2", "primary") }, {} as never), /SingleRegionEndpoint global: opts\.provider is not set; pass an aws provider for us-east-1/);
    });

    it("GlobalFailover puts the checks, records, alarms and topic in us-east-1 and the failover function in the standby region", async () => {
        const recorder = useMocks();
        const usEast1 = new aws.Provider("use1", { region: "us-east-1" });
        const euWest1 = new aws.Provider("euw1", { region: "eu-west-1" });
        const failover = new GlobalFailover("global", pilotLight(), { providers: { "us-east-1": usEast1, "eu-west-1": euWest1 } });
        await promiseOf(failover.topicArn);
        await settle();
        const [east, west] = await Promise.all([promiseOf(usEast1.urn), promiseOf(euWest1.urn)]);
        const where = (type: string) => [...new Set(recorder.resources.filter((r) => r.type === type).map((r) => providerUrnOf(r.provider ?? "")))];
        for (const type of ["aws:route53/healthCheck:HealthCheck", "aws:route53/record:Record", "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:sns/topic:Topic"]) {
            assert.ok(where(type).includes(east), `${type} is not in us-east-1`);
        }
        assert.deepEqual(where("aws:lambda/function:Function"), [west]);
        assert.deepEqual(where("aws:dynamodb/table:Table"), [west]);
    });
});
