import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { autoNamed } from "../region/names";

/**
 * The service principal Region switch assumes the plan's execution role as (ARC developer guide,
 * "Trust policy for a Region switch plan's execution role").
 */
export const REGION_SWITCH_PRINCIPAL = "arc-region-switch.amazonaws.com";

/** A CloudWatch alarm the plan reads: its name (the key the plan's trigger names it by) and ARN. */
export interface PlanAlarm {
    /** The alarm's name: the plan's associated-alarm key, which its trigger's condition names. */
    name: pulumi.Input<string>;
    /** The alarm's ARN: the associated alarm's resource identifier. */
    arn: pulumi.Input<string>;
}

/** Arguments for {@link RegionSwitchPlan}. */
export interface RegionSwitchPlanArgs {
    /** The primary region (the plan's primary Region). */
    primaryRegion: string;
    /** The standby region, which the plan activates. */
    standbyRegion: string;
    /** The primary's ASG: the scaling step's source, whose capacity the standby is raised to a share of. */
    primaryAsgArn: pulumi.Input<string>;
    /** The standby's ASG: the scaling step's destination, the only group the role may update. */
    standbyAsgArn: pulumi.Input<string>;
    /** The standby's new desired capacity as a percentage of the primary's (`ceil(percent x source capacity)`). */
    targetPercent: number;
    /** Minutes the scaling step waits for the standby to reach that capacity (boot, pull and start). */
    scalingTimeoutMinutes: number;
    /** The alarm whose ALARM state starts the plan: the primary's health check failing (us-east-1). */
    wakeAlarm: PlanAlarm;
    /**
     * With automatic promotion: the alarm whose ALARM (the primary failing for the promotion wait)
     * starts a second plan that promotes the standby's read replica.
     */
    promotion?: { alarm: PlanAlarm; replicaArn: pulumi.Input<string> };
    /** The least time between two automatic executions of a plan (failover.minDelayMinutesBetweenExecutions). */
    minDelayMinutesBetweenExecutions: number;
    /** With it, the wake plan starts with a manual approval step that a principal of this role approves. */
    approvalRoleArn?: string;
}

/** Minutes a person has to approve before the step, and the plan's execution, fails: the API's default, written out. */
export const APPROVAL_TIMEOUT_MINUTES = 60;

/**
 * ARC Region switch in place of the failover function: a plan that, when the primary's health-check
 * alarm enters ALARM, activates the standby region by raising its Auto Scaling group to a share of the
 * primary's capacity (after a manual approval step when one is configured), and with automatic
 * promotion a second plan that promotes the standby's read replica once the primary has failed for
 * the promotion wait. Two plans, because a plan has one trigger per action and no wait step: in one
 * plan the one-way promotion would follow the first failed minute, or the wake would wait as long as
 * the promotion. The execution role may read the plans, the two alarms and Auto Scaling, update the
 * standby group only, and promote the replica only.
 *
 * What Region switch does not do: it never scales a group down ("Region switch does not scale down",
 * ARC developer guide, "EC2 Auto Scaling group execution block"), so the standby stays at full size
 * after the primary recovers until a person lowers it; and it reserves no capacity ("Region switch does
 * not guarantee that the desired compute capacity with be attained", "Execution blocks"). Routing
 * needs no block: Route 53 records and Global Accelerator fail over on health by themselves.
 *
 * Create it with the us-east-1 provider: the Region switch SDKs send plan changes to the control
 * plane there from any region (endpoint rules: "Control plane operation ... in us-west-2 routes to
 * us-east-1"), while executions run in the region being activated.
 */
export class RegionSwitchPlan extends pulumi.ComponentResource {
    /** The wake plan's ARN. */
    public readonly planArn: pulumi.Output<string>;
    /** The promotion plan's ARN (automatic promotion only). */
    public readonly promotionPlanArn?: pulumi.Output<string>;
    /** The execution role both plans use. */
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: RegionSwitchPlanArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:RegionSwitchPlan", name, {}, opts);
        const parent = { parent: this };
        const role = new aws.iam.Role(`${name}-role`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: REGION_SWITCH_PRINCIPAL }, Action: "sts:AssumeRole" }],
            }),
        }, parent);
        const alarms = [args.wakeAlarm, ...(args.promotion ? [args.promotion.alarm] : [])];
        // The statements of the AWS managed policy AmazonApplicationRecoveryControllerRegionSwitchPlanExecutionPolicy
        // and of the per-block sample policies (ARC developer guide, "Identity-based policy examples for
        // Region switch"), each narrowed to this stack's resources where the action allows it.
        const policy = new aws.iam.RolePolicy(`${name}-policy`, {
            role: role.id,
            // A document object, not a JSON string: the policy gate reads it in a preview.
            policy: {
                Version: "2012-10-17",
                Statement: [
                    // Reads; the managed policy grants them on "*", and the plan ARNs depend on this role.
                    { Sid: "ReadPlans", Effect: "Allow", Action: ["arc-region-switch:GetPlan", "arc-region-switch:GetPlanExecution", "arc-region-switch:ListPlanExecutions"], Resource: ["*"] },
                    // Plan evaluation checks this role's own permissions (the managed policy allows any role).
                    { Sid: "EvaluateOwnRole", Effect: "Allow", Action: ["iam:SimulatePrincipalPolicy"], Resource: [role.arn] },
                    // Triggers: "Region switch assumes the execution role to read the CloudWatch alarms".
                    { Sid: "ReadTheAlarms", Effect: "Allow", Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"], Resource: alarms.map((a) => a.arn) },
                    // GetMetricStatistics and DescribeAutoScalingGroups support no resource-level permissions
                    // (Service Authorization Reference); the EC2 Auto Scaling block's sample policy limits the
                    // first to the Auto Scaling namespace.
                    { Sid: "ReadAutoScalingMetrics", Effect: "Allow", Action: ["cloudwatch:GetMetricStatistics"], Resource: ["*"], Condition: { StringEquals: { "cloudwatch:namespace": "AWS/AutoScaling" } } },
                    { Sid: "ReadGroups", Effect: "Allow", Action: ["autoscaling:DescribeAutoScalingGroups"], Resource: ["*"] },
                    // The plan only ever activates the standby: the sample grants both groups, the primary's is never updated.
                    { Sid: "ScaleTheStandbyOnly", Effect: "Allow", Action: ["autoscaling:UpdateAutoScalingGroup"], Resource: [args.standbyAsgArn] },
                    // The RDS block's sample policy grants these on "*"; ModifyDBInstance carries the source's
                    // Multi-AZ setting over to the promoted instance ("Amazon RDS Promote Read Replica execution block").
                    ...(args.promotion ? [{
                        Sid: "PromoteTheReplicaOnly",
                        Effect: "Allow" as const,
                        Action: ["rds:DescribeDBInstances", "rds:PromoteReadReplica", "rds:ModifyDBInstance"],
                        Resource: [args.promotion.replicaArn],
                    }] : []),
                ],
            },
        }, parent);

        const common = {
            executionRole: role.arn,
            recoveryApproach: "activePassive",
            // API_Plan: "regions ... Fixed number of 2 items".
            regions: [args.primaryRegion, args.standbyRegion],
            primaryRegion: args.primaryRegion,
        };
        // One alarm, one trigger, one workflow per plan: the provider reorders several workflows after
        // an apply (hashicorp/terraform-provider-aws#47282, "inconsistent result after apply").
        const triggered = (alarm: PlanAlarm, description: string) => ({
            associatedAlarms: [{ mapBlockKey: alarm.name, alarmType: "trigger", resourceIdentifier: alarm.arn }],
            triggers: [{
                action: "activate",
                targetRegion: args.standbyRegion,
                minDelayMinutesBetweenExecutions: args.minDelayMinutesBetweenExecutions,
                conditions: [{ associatedAlarmName: alarm.name, condition: "red" }],
                description,
            }],
        });
        const wake = new aws.arcregionswitch.Plan(autoNamed("regionSwitchPlan", name), {
            ...common,
            description: `Activates ${args.standbyRegion} when ${args.primaryRegion} fails its health check`,
            ...triggered(args.wakeAlarm, `${args.primaryRegion} fails its Route 53 health check`),
            workflows: [{
                workflowTargetAction: "activate",
                workflowTargetRegion: args.standbyRegion,
                workflowDescription: `Scale ${args.standbyRegion} up to serve`,
                steps: [
                    ...(args.approvalRoleArn ? [{
                        name: "approve",
                        description: "A person confirms the failover",
                        executionBlockType: "ManualApproval",
                        executionApprovalConfigs: [{ approvalRole: args.approvalRoleArn, timeoutMinutes: APPROVAL_TIMEOUT_MINUTES }],
                    }] : []),
                    {
                        name: "scale-standby",
                        description: `Raise ${args.standbyRegion}'s group to ${args.targetPercent}% of ${args.primaryRegion}'s`,
                        executionBlockType: "EC2AutoScaling",
                        ec2AsgCapacityIncreaseConfigs: [{
                            // One group per region: the source (the region being left) and the destination.
                            asgs: [{ arn: args.primaryAsgArn }, { arn: args.standbyAsgArn }],
                            // The desired-capacity value, at no extra cost ("might be less accurate");
                            // the other approach needs group metrics.
                            capacityMonitoringApproach: "sampledMaxInLast24Hours",
                            targetPercent: args.targetPercent,
                            timeoutMinutes: args.scalingTimeoutMinutes,
                        }],
                    },
                ],
            }],
        }, { parent: this, dependsOn: [policy] });
        this.planArn = wake.arn;

        if (args.promotion) {
            const promote = new aws.arcregionswitch.Plan(autoNamed("regionSwitchPlan", `${name}-promote`), {
                ...common,
                description: `Promotes the ${args.standbyRegion} read replica once ${args.primaryRegion} has failed for the promotion wait`,
                ...triggered(args.promotion.alarm, `${args.primaryRegion} has failed its health check for the promotion wait`),
                workflows: [{
                    workflowTargetAction: "activate",
                    workflowTargetRegion: args.standbyRegion,
                    workflowDescription: `Promote the ${args.standbyRegion} replica (one-way)`,
                    steps: [{
                        name: "promote-replica",
                        description: "Promote the read replica to a standalone writer",
                        executionBlockType: "RdsPromoteReadReplica",
                        // Keyed by region (API_RdsPromoteReadReplicaConfiguration); only the activated region's.
                        rdsPromoteReadReplicaConfigs: [{ dbInstanceArnMap: { [args.standbyRegion]: args.promotion.replicaArn } }],
                    }],
                }],
            }, { parent: this, dependsOn: [policy] });
            this.promotionPlanArn = promote.arn;
        }
        this.roleArn = role.arn;
        this.registerOutputs({ planArn: this.planArn, promotionPlanArn: this.promotionPlanArn, roleArn: this.roleArn });
    }
}
