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

/** Where an instance caches its group's name once it has learned it (never written empty). */
const ASG_NAME_FILE = "/opt/ha-web-tier/asg-name";

/**
 * The instance tag Auto Scaling puts on every instance it launches, read from instance metadata: the
 * launch template must allow tags in IMDS (`instanceMetadataTags: enabled`; EC2 user guide, "View tags
 * for your EC2 instances from within the instance": "By default, tags are not available from the
 * instance metadata; you must explicitly allow access"). No IAM permission is involved, so nothing can
 * race the group's creation.
 */
export const GROUP_NAME_TAG_PATH = "tags/instance/aws:autoscaling:groupName";

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

/**
 * A shell function that prints the instance's group name, or fails: the cached name, else the
 * `aws:autoscaling:groupName` tag from instance metadata, else DescribeAutoScalingInstances (which also
 * lists warm-pool instances), each retried. It caches only a name it found, so a boot that could not
 * learn it never leaves an empty name for a later boot. `$INSTANCE_ID` comes from the caller.
 */
function groupNameFunction(region: string): string[] {
    const token = "curl -sS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60'";
    return [
        "asg_name() {",
        `  if [ -s ${ASG_NAME_FILE} ]; then cat ${ASG_NAME_FILE}; return 0; fi`,
        "  local n",
        "  for i in 1 2 3 4 5 6 7 8 9 10; do",
        `    n=$(curl -sSf -H "X-aws-ec2-metadata-token: $(${token})" http://169.254.169.254/latest/meta-data/${GROUP_NAME_TAG_PATH}) \\`,
        `      || n=$(aws autoscaling describe-auto-scaling-instances --region ${region} --instance-ids "$INSTANCE_ID" --query 'AutoScalingInstances[0].AutoScalingGroupName' --output text) \\`,
        "      || n=''",
        `    if [ -n "$n" ] && [ "$n" != None ]; then echo "$n" > ${ASG_NAME_FILE}; echo "$n"; return 0; fi`,
        "    sleep $((i * 3))",
        "  done",
        "  echo \"ha-web-tier: cannot learn this instance's Auto Scaling group name; its launch hook cannot be completed\" >&2",
        "  return 1",
        "}",
    ];
}

/** `aws autoscaling complete-lifecycle-action` for this instance; `$INSTANCE_ID` and `$RESULT` come from the caller. */
function completeAction(region: string): string {
    return `ASG=$(asg_name) && aws autoscaling complete-lifecycle-action --region ${region} --lifecycle-hook-name ${WARM_POOL_HOOK} `
        + `--auto-scaling-group-name "$ASG" --instance-id "$INSTANCE_ID" --lifecycle-action-result "$RESULT"`;
}

/**
 * User data lines that run before anything else on a warm-pool instance: learn the group's name (see
 * {@link groupNameFunction}) and abandon the launch on any failure, so Auto Scaling replaces the
 * instance instead of parking a half-initialised one in the pool.
 */
export function warmPoolPreamble(region: string): string[] {
    return [
        "mkdir -p /opt/ha-web-tier",
        ...groupNameFunction(region),
        "asg_name > /dev/null || true",
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
        ...groupNameFunction(region),
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

/**
 * The ARNs of the groups a warm-pool instance may complete launch hooks of: those whose name starts
 * with the group's logical name (Pulumi names it `<logical name>-<7 hex digits>`). Group ARNs are
 * `arn:<partition>:autoscaling:<region>:<account>:autoScalingGroup:<uuid>:autoScalingGroupName/<name>`.
 */
export function warmPoolGroupArns(partition: string, region: string, account: string, groupLogicalName: string): string {
    return `arn:${partition}:autoscaling:${region}:${account}:autoScalingGroup:*:autoScalingGroupName/${groupLogicalName}-*`;
}

/**
 * What a warm-pool instance's role needs, given without the group's ARN so the policy exists before the
 * group and no instance boots before it: complete the launch hook of its group ({@link warmPoolGroupArns}),
 * and, as the fallback for reading the group's name, DescribeAutoScalingInstances, which supports no
 * resource-level permissions (Service Authorization Reference, "Actions, resources, and condition keys
 * for Amazon EC2 Auto Scaling").
 */
export function warmPoolAccessStatements<T>(groupArns: T): { Sid: string; Effect: "Allow"; Action: string[]; Resource: T[] | string }[] {
    return [
        { Sid: "CompleteOwnLaunchHook", Effect: "Allow", Action: ["autoscaling:CompleteLifecycleAction"], Resource: [groupArns] },
        { Sid: "FindOwnGroup", Effect: "Allow", Action: ["autoscaling:DescribeAutoScalingInstances"], Resource: "*" },
    ];
}
