// One app instance's boots, in memory: the rendered user data and the start unit run under bash, with
// stand-ins that keep state the way the real pieces do. cloud-init runs the user data on the first boot
// only; systemd runs enabled units on every boot and refuses a unit whose Requires= names a unit that
// does not exist; Docker starts containers with restart policy "always" at daemon start only if they
// were started before, and its awslogs driver in the default blocking mode creates the log stream
// synchronously, so a container does not start while CloudWatch Logs cannot be reached (moby,
// daemon/logger/awslogs/cloudwatchlogs.go, New: non-blocking mode retries the creation in the
// background instead). An instance can be stopped mid-boot (a lifecycle hook's timeout), which kills
// the running script.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderUserData, type UserDataArgs } from "../../src/region/userData";

/** What the network lets a boot reach, and where a first boot is cut off. */
export interface BootConditions {
    /** Where Auto Scaling wants the instance: `Warmed:Stopped` or `InService`. */
    lifecycleState: string;
    /** CloudWatch Logs answers (its regional endpoint). @default true */
    logsReachable?: boolean;
    /** The instance is stopped while this command runs (first boot only): `dnf` or `docker pull`. */
    stopDuring?: "dnf" | "docker pull";
    /** Instance metadata serves the instance's tags (the launch template allows it). @default true */
    imdsTags?: boolean;
    /** DescribeAutoScalingInstances is refused (the role's permission does not exist yet). @default false */
    describeDenied?: boolean;
}

/** The group every instance of the world belongs to; Auto Scaling refuses a lifecycle action naming any other. */
export const GROUP = "standby-asg-123";

const STUBS: Record<string, string> = {
    curl: `case "$*" in
  *target-lifecycle-state*) echo -n "$LIFECYCLE_STATE" ;;
  *tags/instance/aws:autoscaling:groupName*) [ "$IMDS_TAGS" = 1 ] || exit 22; echo -n ${GROUP} ;;
  *instance-id*) echo -n i-0123456789abcdef0 ;;
  *availability-zone*) echo -n us-east-1a ;;
  *api/token*) echo -n token ;;
esac`,
    sleep: "exit 0",
    dnf: `[ "$STOP_DURING" = dnf ] && { kill -9 "$BOOT_PID"; exit 1; }
touch "$W/docker-installed"`,
    systemctl: `run_unit() {
  local unit="$W/units/$1"
  [ -f "$unit" ] || exit 5
  for dep in $(sed -n 's/^Requires=//p' "$unit"); do
    [ "$dep" = docker.service ] && [ ! -f "$W/docker-installed" ] && { echo "dependency failed: $dep" >> "$W/journal"; exit 1; }
  done
  bash "$(sed -n 's/^ExecStart=//p' "$unit")"
}
case "$1" in
  daemon-reload) ;;
  enable)
    if [ "$2" = --now ]; then unit=$3; else unit=$2; fi
    if [ "$unit" = docker ]; then [ -f "$W/docker-installed" ] || exit 1; exit 0; fi
    echo "$unit" >> "$W/enabled"
    if [ "$2" = --now ]; then run_unit "$unit"; fi
    ;;
  start) run_unit "$2" ;;
  boot) while read -r unit; do (run_unit "$unit") || true; done < <(sort -u "$W/enabled" 2>/dev/null) ;;
esac`,
    docker: `[ -f "$W/docker-installed" ] || exit 127
start_app() {
  [ -f "$W/container" ] || { echo "no such container: app" >> "$W/journal"; return 1; }
  if [ "$LOGS_REACHABLE" != 1 ] && ! grep -q 'mode=non-blocking' "$W/container"; then
    echo "failed to initialize logging driver: CreateLogStream" >> "$W/journal"; return 1
  fi
  touch "$W/running" "$W/started-before"
}
case "$1" in
  login) cat > /dev/null ;;
  pull) [ "$STOP_DURING" = "docker pull" ] && { kill -9 "$BOOT_PID"; exit 1; }; touch "$W/pulled" ;;
  create) [ -f "$W/pulled" ] || exit 1; [ -f "$W/container" ] && exit 1; echo "$*" > "$W/container" ;;
  run) [ -f "$W/pulled" ] || exit 1; echo "$*" > "$W/container"; start_app ;;
  start) start_app ;;
  daemon-boot) if [ -f "$W/started-before" ] && grep -q -- '--restart always' "$W/container"; then start_app || true; fi ;;
esac`,
    aws: `case "$*" in
  *describe-auto-scaling-instances*) [ "$DESCRIBE_DENIED" = 1 ] && { echo "AccessDenied: autoscaling:DescribeAutoScalingInstances" >&2; exit 254; }; echo ${GROUP} ;;
  *get-login-password*) echo password ;;
  *complete-lifecycle-action*)
    r="$*"; g="\${r#*--auto-scaling-group-name }"; g="\${g%% --*}"
    [ "$g" = ${GROUP} ] || { echo "ValidationError: lifecycle action for group '$g'" >> "$W/journal"; exit 254; }
    echo "\${r##*--lifecycle-action-result }" >> "$W/lifecycle" ;;
esac`,
};

/** One instance: its disk survives stops and reboots; what runs is whatever the user data left behind. */
export class Instance {
    private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "boot-world-"));
    private readonly state = path.join(this.dir, "state");
    private readonly bin = path.join(this.dir, "bin");
    private readonly userData: string;

    constructor(args: UserDataArgs) {
        fs.mkdirSync(this.bin);
        fs.mkdirSync(path.join(this.state, "units"), { recursive: true });
        for (const [name, body] of Object.entries(STUBS)) {
            fs.writeFileSync(path.join(this.bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
        }
        // The instance's own paths, moved under the world's directory.
        this.userData = renderUserData(args)
            .replaceAll("/opt/ha-web-tier", path.join(this.dir, "opt"))
            .replaceAll("/etc/systemd/system", path.join(this.state, "units"));
        fs.mkdirSync(path.join(this.dir, "opt"));
    }

    /** The first boot: cloud-init runs the user data (to the end, or until the instance is stopped). */
    firstBoot(c: BootConditions): void {
        const script = path.join(this.dir, "user-data.sh");
        fs.writeFileSync(script, this.userData, { mode: 0o755 });
        // exec, so the script's own process id is the one a stop kills.
        this.run(["-c", `export BOOT_PID=$$; exec bash ${script}`], c);
    }

    /** A later boot (leaving the pool, or a reboot): Docker's daemon starts, then systemd runs the enabled units. */
    boot(c: BootConditions): void {
        fs.rmSync(path.join(this.state, "running"), { force: true });
        this.run(["-c", "docker daemon-boot; systemctl boot"], c);
    }

    /** Whether the app container runs now. */
    get serving(): boolean {
        return fs.existsSync(path.join(this.state, "running"));
    }

    /** Every result this instance gave its launch lifecycle hook, in order. */
    get hookResults(): string[] {
        const file = path.join(this.state, "lifecycle");
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : [];
    }

    /** What the instance's stand-ins logged (refusals, failed units). */
    get journal(): string {
        const file = path.join(this.state, "journal");
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    }

    /** Removes the instance's directory. */
    destroy(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }

    private run(bashArgs: string[], c: BootConditions): void {
        spawnSync("bash", bashArgs, {
            env: {
                ...process.env,
                PATH: `${this.bin}:${process.env.PATH}`,
                W: this.state,
                LIFECYCLE_STATE: c.lifecycleState,
                LOGS_REACHABLE: c.logsReachable === false ? "0" : "1",
                STOP_DURING: c.stopDuring ?? "",
                IMDS_TAGS: c.imdsTags === false ? "0" : "1",
                DESCRIBE_DENIED: c.describeDenied ? "1" : "0",
            },
            stdio: "ignore",
        });
    }
}
