import { strict as assert } from "assert";
import type { UserDataArgs } from "../../src/region/userData";
import { GROUP, Instance } from "./bootWorld";
import { demoUserDataArgs } from "./userDataArgs";

const args = (warmPool: boolean): UserDataArgs => demoUserDataArgs("us-east-1", { warmPool });

describe("an app instance's boots (user data and start unit under bash, on a model of cloud-init, systemd and Docker)", () => {
    const instances: Instance[] = [];
    const instance = (warmPool: boolean) => {
        const i = new Instance(args(warmPool));
        instances.push(i);
        return i;
    };
    after(() => instances.forEach((i) => i.destroy()));

    it("an instance leaving the warm pool serves even when CloudWatch Logs cannot be reached", () => {
        const i = instance(true);
        i.firstBoot({ lifecycleState: "Warmed:Stopped" });
        assert.equal(i.serving, false, "a warm-pool instance must not run the app before it is woken");
        i.boot({ lifecycleState: "InService", logsReachable: false });
        assert.equal(i.serving, true, "the woken instance does not serve");
        assert.deepEqual(i.hookResults, ["CONTINUE", "CONTINUE"]);
    });

    it("an instance launched straight into service serves, and serves again after a reboot while CloudWatch Logs cannot be reached", () => {
        for (const warmPool of [true, false]) {
            const i = instance(warmPool);
            i.firstBoot({ lifecycleState: "InService" });
            assert.equal(i.serving, true, `warmPool ${warmPool}: the first boot does not serve`);
            i.boot({ lifecycleState: "InService", logsReachable: false });
            assert.equal(i.serving, true, `warmPool ${warmPool}: the rebooted instance does not serve`);
        }
    });

    for (const stopDuring of ["dnf", "docker pull"] as const) {
        it(`a warm-pool instance stopped during its first boot's ${stopDuring} abandons its launch when woken, so Auto Scaling replaces it at once`, () => {
            const i = instance(true);
            i.firstBoot({ lifecycleState: "Warmed:Stopped", stopDuring });
            assert.deepEqual(i.hookResults, [], "the cut-off first boot completed its hook");
            i.boot({ lifecycleState: "InService" });
            assert.equal(i.serving, false);
            assert.deepEqual(i.hookResults, ["ABANDON"], "the half-initialised instance does not tell Auto Scaling; it waits out the hook, then joins without an app");
        });
    }

    it("a warm-pool instance whose group lookup is refused at first boot (its role's permission not there yet) completes its hook at wake, naming its group", () => {
        const i = instance(true);
        i.firstBoot({ lifecycleState: "Warmed:Stopped", describeDenied: true });
        i.boot({ lifecycleState: "InService", describeDenied: true });
        assert.equal(i.serving, true);
        assert.deepEqual(i.hookResults, ["CONTINUE", "CONTINUE"], `the hook was not completed: ${i.journal}`);
    });

    it("without tags in instance metadata, the group's name comes from the Auto Scaling API", () => {
        const i = instance(true);
        i.firstBoot({ lifecycleState: "Warmed:Stopped", imdsTags: false });
        i.boot({ lifecycleState: "InService", imdsTags: false });
        assert.deepEqual(i.hookResults, ["CONTINUE", "CONTINUE"], i.journal);
    });

    it("a first boot that cannot learn the group's name at all leaves no empty name behind: the wake learns it and completes the hook", () => {
        const i = instance(true);
        i.firstBoot({ lifecycleState: "Warmed:Stopped", imdsTags: false, describeDenied: true });
        assert.deepEqual(i.hookResults, [], "a lifecycle action was completed without the group's name");
        i.boot({ lifecycleState: "InService" });
        assert.equal(i.serving, true);
        assert.deepEqual(i.hookResults, ["CONTINUE"], i.journal);
        assert.doesNotMatch(i.journal, new RegExp(`lifecycle action for group '(?!${GROUP}')`), "a lifecycle action named no group or the wrong one");
    });
});
