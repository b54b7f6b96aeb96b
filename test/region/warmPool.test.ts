import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderUserData, UserDataArgs } from "../../src/region/userData";
import { launchHook, START_UNIT, WARM_POOL_HOOK, warmPoolSettings } from "../../src/region/warmPool";
import { demoUserDataArgs } from "./userDataArgs";

const args: UserDataArgs = demoUserDataArgs("us-east-1", { warmPool: true });

/** The start script the user data writes, with its group-name file moved into `dir`. */
function startScript(dir: string): string {
    const script = /cat > \/opt\/ha-web-tier\/start-app.sh <<'START'\n([\s\S]*?)\nSTART\n/.exec(renderUserData(args));
    assert.ok(script, "the user data writes no start script");
    return script[1].replaceAll("/opt/ha-web-tier/asg-name", path.join(dir, "asg-name"));
}

/**
 * Runs the start script under bash with stand-ins for curl (instance metadata), docker and aws that
 * record their arguments, as the instance would run it on a boot in the given lifecycle state.
 */
function boot(state: string, dockerStartFails = false): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warm-pool-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const log = path.join(dir, "calls");
    const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\necho "${name} $*" >> ${log}\n${body}\n`, { mode: 0o755 });
    stub("curl", [
        'case "$*" in',
        `  *target-lifecycle-state*) echo -n '${state}' ;;`,
        "  *instance-id*) echo -n i-0123456789abcdef0 ;;",
        "  *api/token*) echo -n token ;;",
        "esac",
    ].join("\n"));
    stub("docker", dockerStartFails ? "exit 1" : "exit 0");
    stub("aws", "exit 0");
    stub("sleep", "exit 0");
    fs.writeFileSync(path.join(dir, "asg-name"), "standby-asg-123\n");
    fs.writeFileSync(path.join(dir, "start-app.sh"), startScript(dir), { mode: 0o755 });
    execFileSync("bash", [path.join(dir, "start-app.sh")], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    const calls = fs.readFileSync(log, "utf8").trim().split("\n").filter((l) => !l.startsWith("curl "));
    fs.rmSync(dir, { recursive: true, force: true });
    return calls;
}

const complete = (result: string) =>
    `aws autoscaling complete-lifecycle-action --region us-east-1 --lifecycle-hook-name ${WARM_POOL_HOOK} --auto-scaling-group-name standby-asg-123 --instance-id i-0123456789abcdef0 --lifecycle-action-result ${result}`;

describe("warm pool (pure settings and the boot-time start script, run under bash)", () => {
    it("keeps the failover capacity stopped while asleep and none while the woken standby runs it", () => {
        assert.deepEqual(warmPoolSettings(3), { poolState: "Stopped", minSize: 0, maxGroupPreparedCapacity: 3, instanceReusePolicy: { reuseOnScaleIn: true } });
        assert.deepEqual(launchHook(300), { name: WARM_POOL_HOOK, lifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING", defaultResult: "CONTINUE", heartbeatTimeout: 300 });
    });

    it("an instance leaving the pool starts the created container, then completes its launch hook, and calls nothing else", () => {
        assert.deepEqual(boot("InService"), ["docker start app", complete("CONTINUE")]);
    });

    it("an instance entering the pool leaves the container created and lets Auto Scaling stop it", () => {
        assert.deepEqual(boot("Warmed:Stopped"), [complete("CONTINUE")]);
    });

    it("an instance whose container does not start abandons its launch, so Auto Scaling replaces it", () => {
        assert.deepEqual(boot("InService", true), ["docker start app", complete("ABANDON")]);
    });

    it("first boot: the group is found, failures abandon the launch and the unit is enabled before anything is installed; the container is created, not run, and the unit runs last", () => {
        const script = renderUserData(args);
        const at = (s: string) => {
            const i = script.indexOf(s);
            assert.ok(i >= 0, `user data lacks ${s}`);
            return i;
        };
        assert.ok(at("describe-auto-scaling-instances --region us-east-1") < at("trap abandon ERR"));
        assert.ok(at("trap abandon ERR") < at(`systemctl enable ${START_UNIT}`));
        assert.ok(at(`systemctl enable ${START_UNIT}`) < at("dnf install -y docker"));
        assert.ok(at("docker pull") < at("docker create --name app --restart always --network host"));
        assert.ok(at("docker create") < at(`systemctl start ${START_UNIT}`));
        assert.doesNotMatch(script, /docker run/);
        // The unit starts after Docker on every boot (and still runs, to abandon, where Docker never got installed).
        assert.match(script, /After=docker.service network-online.target\nWants=docker.service network-online.target/);
        assert.match(script, /\[Install\]\nWantedBy=multi-user.target/);
    });
});
