/**
 * The pilot-light standby's warm pool: stopped instances that were fully initialised (Docker
 * installed, image pulled, container created) when they entered the pool, so a wake only starts them
 * and starts the container. Pure settings and script pieces; HaWebTier and the user data use them.
 *
 * AWS behaviour this relies on (EC2 Auto Scaling user guide, "Use lifecycle hooks with a warm pool"):
 * - Auto Scaling stops an instance as soon as it has launched into the warm pool and does not wait
 *   for user data, unless an `autoscaling:EC2_INSTANCE_LAUNCHING` hook holds it in
 *   `Warmed:Pending:Wait` until `CompleteLifecycleAction`.
 * - The same hook pauses the instance again in `Pending:Wait` when it leaves the pool, and
 *   instances launched straight into the group pause only there.
 * - cloud-init runs user data on the first boot only; the instance reads where it is headed from
 *   instance metadata `autoscaling/target-lifecycle-state` (`Warmed:Stopped` or `InService`).
 * - Stopped instances cost only their EBS volumes (and Elastic IPs, which these have none of).
 */

/** The launch hook every instance of a warm-pool group completes once its app is ready (or created). */
export const WARM_POOL_HOOK = "ha-web-tier-ready";

/** The systemd unit that starts the app on every boot once the instance is meant to serve. */
export const START_UNIT = "ha-web-tier-app.service";

/** Where an instance keeps its group's name, read once at first boot. */
const ASG_NAME_FILE = "/opt/ha-web-tier/asg-name";

/**
 * The group's warm pool: `size` stopped instances while the standby sleeps. `maxGroupPreparedCapacity`
 * caps pool plus group, so the pool shrinks to 0 while the woken standby runs `size` instances, and
 * instances scaled in return to the pool instead of being terminated (and re-initialised).
 */
export function warmPoolSettings(size: number): {
    poolState: "Stopped";
    minSize: number;
    maxGroupPreparedCapacity: number;
    instanceReusePolicy: { reuseOnScaleIn: boolean };
} {
    return { poolState: "Stopped", minSize: 0, maxGroupPreparedCapacity: size, instanceReusePolicy: { reuseOnScaleIn: true } };
}

/**
 * The launch hook, created with the group (a hook added later misses the first instances). An
 * instance that cannot reach the Auto Scaling API goes on after `timeoutSeconds` (CONTINUE): at wake
 * its app is already running; a failed initialisation is abandoned explicitly by the user data.
 */
export function launchHook(timeoutSeconds: number): {
    name: string;
    lifecycleTransition: string;
    defaultResult: "CONTINUE";
    heartbeatTimeout: number;
} {
    return { name: WARM_POOL_HOOK, lifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING", defaultResult: "CONTINUE", heartbeatTimeout: timeoutSeconds };
}

/** `aws autoscaling complete-lifecycle-action` for this instance; `$INSTANCE_ID` and `$RESULT` come from the caller. */
function completeAction(region: string): string {
    return `aws autoscaling complete-lifecycle-action --region ${region} --lifecycle-hook-name ${WARM_POOL_HOOK} `
        + `--auto-scaling-group-name "$(cat ${ASG_NAME_FILE})" --instance-id "$INSTANCE_ID" --lifecycle-action-result "$RESULT"`;
}

/**
 * User data lines that run before anything else on a warm-pool instance: learn the group's name
 * (DescribeAutoScalingInstances also lists warm-pool instances) and abandon the launch on any failure,
 * so Auto Scaling replaces the instance instead of parking a half-initialised one in the pool.
 */
export function warmPoolPreamble(region: string): string[] {
    return [
        "mkdir -p /opt/ha-web-tier",
        `for i in 1 2 3 4 5 6 7 8 9 10; do ASG=$(aws autoscaling describe-auto-scaling-instances --region ${region} --instance-ids "$INSTANCE_ID" --query 'AutoScalingInstances[0].AutoScalingGroupName' --output text) && [ -n "$ASG" ] && [ "$ASG" != None ] && break; sleep $((i * 3)); done`,
        `echo "$ASG" > ${ASG_NAME_FILE}`,
        `abandon() { RESULT=ABANDON; ${completeAction(region)} || true; }`,
        "trap abandon ERR",
        "",
    ];
}

/**
 * User data lines that install and enable the start unit, right after the preamble and before anything
 * slow: on later boots (leaving the pool, a reboot) systemd runs it before anything needs the network
 * beyond the region's Auto Scaling API: no package, no image pull. Installed this early because Auto
 * Scaling stops an instance headed for the pool when the launch hook times out, even mid-install (its
 * default result is CONTINUE): woken later, such an instance has no container, so the unit's start
 * fails and it abandons its launch, and Auto Scaling replaces it at once instead of letting it wait out
 * the hook and join the group without an app. It wants Docker rather than requiring it, so it still
 * runs (and abandons) when the first boot was stopped before Docker was installed.
 */
export function warmPoolStartUnit(region: string): string[] {
    const script = [
        "#!/bin/bash",
        "# Starts the app when this instance is meant to serve, then completes the launch lifecycle hook.",
        "# A warm-pool instance only completes it: Auto Scaling then stops the instance with the container created.",
        "set -uo pipefail",
        "token() { curl -sS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60'; }",
        "meta() { curl -sSf -H \"X-aws-ec2-metadata-token: $(token)\" \"http://169.254.169.254/latest/meta-data/$1\"; }",
        "STATE=\"\"",
        "for i in $(seq 1 30); do STATE=$(meta autoscaling/target-lifecycle-state) && [ -n \"$STATE\" ] && break; sleep 2; done",
        "INSTANCE_ID=$(meta instance-id)",
        "RESULT=CONTINUE",
        "case \"$STATE\" in",
        "  Warmed:*) ;;",
        "  *) docker start app || RESULT=ABANDON ;;",
        "esac",
        // A reboot of a serving instance has no pending action; the call then fails, which is fine.
        `for i in 1 2 3; do ${completeAction(region)} && break; sleep $((i * 2)); done`,
        "exit 0",
    ];
    const unit = [
        "[Unit]",
        "Description=ha-web-tier app start (warm pool aware)",
        "After=docker.service network-online.target",
        "Wants=docker.service network-online.target",
        "",
        "[Service]",
        "Type=oneshot",
        "RemainAfterExit=yes",
        "ExecStart=/opt/ha-web-tier/start-app.sh",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
    ];
    return [
        "cat > /opt/ha-web-tier/start-app.sh <<'START'",
        ...script,
        "START",
        "chmod 0755 /opt/ha-web-tier/start-app.sh",
        `cat > /etc/systemd/system/${START_UNIT} <<'UNIT'`,
        ...unit,
        "UNIT",
        "systemctl daemon-reload",
        `systemctl enable ${START_UNIT}`,
        "",
    ];
}

/**
 * User data lines that end the first boot: run the start unit once now. It either starts the app
 * (launched straight into service) or leaves the container created (entering the pool), and completes
 * the launch hook either way; from here on it reports failures itself.
 */
export function warmPoolRunStartUnit(): string[] {
    return ["trap - ERR", `systemctl start ${START_UNIT}`, ""];
}
