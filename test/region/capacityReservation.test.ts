// Standby capacity you can count on: failover.reserveCapacity reserves the failover capacity in the
// standby's zones, the standby group launches into it first, and the plan prices it.
import { strict as assert } from "assert";
import * as path from "path";
import { perZone } from "../../src/region/capacityReservation";
import { buildPlanResult } from "../../tools/plan/report";
import { ofType, providerRegion, readStackConfig, ROOT, runProgram, withConfig } from "../mocks";
import { stackRun } from "../stack/stackRuns";

describe("standby capacity reservations (failover.reserveCapacity)", function () {
    this.timeout(60_000);
    const prod = readStackConfig(path.join(ROOT, "Pulumi.prod.yaml"));

    it("each zone reserves its share of the failover capacity, rounded up, so any balance of the group fits", () => {
        assert.equal(perZone(2, 2), 1);
        assert.equal(perZone(3, 2), 2);
        assert.equal(perZone(1, 3), 1);
    });

    it("with reserveCapacity the standby group launches into targeted reservations first, one per zone; the plan prices them at the On-Demand rate", async () => {
        const { resources, records } = await runProgram(withConfig(prod, { failover: { reserveCapacity: true, notificationEmail: "ops@example.com" } }), "prod");
        const reservations = ofType(resources, "aws:ec2/capacityReservation:CapacityReservation");
        assert.equal(reservations.length, 2, "prod's standby spans 2 zones");
        for (const r of reservations) {
            assert.equal(providerRegion(resources, r), "us-east-1");
            assert.deepEqual([r.inputs.instanceType, r.inputs.instanceCount, r.inputs.instanceMatchCriteria, r.inputs.instancePlatform, r.inputs.endDateType],
                ["t3.small", 1, "targeted", "Linux/UNIX", "unlimited"]);
        }
        assert.notEqual(reservations[0].inputs.availabilityZone, reservations[1].inputs.availabilityZone);
        const standby = resources.find((r) => r.name === "us-east-1-asg")!;
        assert.deepEqual(standby.inputs.capacityReservationSpecification, {
            capacityReservationPreference: "capacity-reservations-first",
            capacityReservationTarget: { capacityReservationIds: reservations.map((r) => r.id) },
        });
        assert.equal(resources.find((r) => r.name === "us-west-2-asg")!.inputs.capacityReservationSpecification, undefined);
        const plan = buildPlanResult({ stack: "prod", project: "ha-web-tier", configFile: "Pulumi.prod.yaml", program: "stack/index.ts", resources: records, violations: [], outputs: {}, secrets: [], diagnostics: [] });
        const standbyCost = plan.resilience.cost.regions.find((r) => r.region === "us-east-1")!;
        const lines = standbyCost.lines.filter((l) => l.item.startsWith("On-Demand Capacity Reservation t3.small"));
        assert.equal(lines.length, 2);
        assert.ok(lines.every((l) => (l.monthlyUsd ?? 0) > 10), JSON.stringify(lines));
    });

    it("without it (the default) nothing is reserved", async () => {
        // The shipped stacks, evaluated once per test process (test/stack/stackRuns.ts).
        for (const file of ["Pulumi.prod.yaml", "examples/warm-standby.yaml"]) {
            const run = await stackRun(file);
            assert.equal(run.resources.filter((r) => r.type === "aws:ec2/capacityReservation:CapacityReservation").length, 0, file);
        }
    });
});
