/**
 * A setting left out takes the AWS (or provider) default, and for these settings the default is the
 * insecure value: a rule that only refuses the explicit insecure value passes the omission. Each case
 * removes one setting from the compliant tier (or adds a resource that leaves it out) and expects the
 * rule to refuse that resource, through the policy gate. Where the default is the secure value, leaving
 * the setting out must pass (the second table), so the rules are not simply "must be written".
 */
import { runCases, type Case, type Compliant, type World } from "./helpers";
import { rec, U } from "./factories";
import type { RecordedResource } from "../../tools/engine/recorded";

/** A record in the tier's region. */
const at = (w: World, type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
    rec(type, name, inputs, deps, { provider: w.asg.provider });

/** Removes a field from a record's inputs (a path into nested blocks). */
function unset(r: RecordedResource, ...path: (string | number)[]): RecordedResource {
    let cur = r.inputs as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) {
        cur = cur[key] as Record<string | number, unknown>;
    }
    delete cur[path[path.length - 1]];
    return r;
}

const cases: Case[] = [
    // Data at rest. "StorageEncrypted: [...] By default, it isn't encrypted" (RDS API reference, CreateDBInstance).
    { requirement: "a primary database with storageEncrypted unset is unencrypted and must be refused", policy: "rds-storage-encrypted",
        change: w => ({ at: unset(w.db, "storageEncrypted") }) },
    // "Encrypted: [...] Encryption by default is disabled" unless the account turns it on (EC2 API reference, CreateVolume).
    { requirement: "a standalone EBS volume with encrypted unset (no EBS encryption by default in its region) must be refused",
        policy: "ebs-volumes-encrypted",
        change: w => { const v = at(w, "aws:ebs/volume:Volume", "euw1-data", { availabilityZone: "eu-west-1a", size: 20 }); return { at: v, extra: [v] }; } },
    { requirement: "a launch template's root volume with ebs.encrypted unset must be refused", policy: "ebs-volumes-encrypted",
        change: w => ({ at: unset(w.lt, "blockDeviceMappings", 0, "ebs", "encrypted") }) },
    { requirement: "an instance's own root volume with encrypted unset must be refused", policy: "ebs-volumes-encrypted",
        change: w => {
            const i = at(w, "aws:ec2/instance:Instance", "euw1-worker", { ami: "ami-1", instanceType: "t3.micro", subnetId: U,
                vpcSecurityGroupIds: [U], metadataOptions: { httpTokens: "required" }, rootBlockDevice: { volumeSize: 20 } },
            { subnetId: [w.privateA], vpcSecurityGroupIds: [w.appSg] });
            return { at: i, extra: [i] };
        } },
    // SNS encrypts a topic only when it names a KMS key (SNS developer guide, "Encryption at rest").
    { requirement: "an SNS topic with kmsMasterKeyId unset is unencrypted and must be refused", policy: "sns-topic-kms-encrypted",
        change: w => ({ at: unset(w.topic, "kmsMasterKeyId") }) },
    // "EnableKeyRotation [...] default: false" (KMS API reference, EnableKeyRotation; the provider's default is false).
    { requirement: "a KMS key with enableKeyRotation unset never rotates and must be refused", policy: "kms-key-rotation",
        change: w => ({ at: unset(w.key, "enableKeyRotation") }) },
    // Instance metadata: without httpTokens "required" (or an account default) IMDSv1 stays on.
    { requirement: "a launch template with metadataOptions.httpTokens unset leaves IMDSv1 on and must be refused", policy: "imdsv2-required",
        change: w => ({ at: unset(w.lt, "metadataOptions", "httpTokens") }) },
    { requirement: "an instance with no metadataOptions and no launch template leaves IMDSv1 on and must be refused", policy: "imdsv2-required",
        change: w => {
            const i = at(w, "aws:ec2/instance:Instance", "euw1-worker", { ami: "ami-1", instanceType: "t3.micro", subnetId: U,
                vpcSecurityGroupIds: [U], rootBlockDevice: { encrypted: true } }, { subnetId: [w.privateA], vpcSecurityGroupIds: [w.appSg] });
            return { at: i, extra: [i] };
        } },
    // Load balancing: "routing.http.drop_invalid_header_fields.enabled [...] The default is false" (ELB API reference,
    // LoadBalancerAttribute); access logs default to off "even when bucket is specified" (provider docs).
    { requirement: "an ALB with dropInvalidHeaderFields unset forwards malformed headers and must be refused", policy: "alb-drop-invalid-header-fields",
        change: w => ({ at: unset(w.alb, "dropInvalidHeaderFields") }) },
    { requirement: "an ALB access-log block with enabled unset does not log and must be refused", policy: "lb-access-logs-enabled",
        change: w => ({ at: unset(w.alb, "accessLogs", "enabled") }) },
    { requirement: "an HTTPS listener with sslPolicy unset gets the API default that allows TLS 1.0 and must be refused",
        policy: "https-listener-modern-tls",
        change: w => ({ at: unset(w.https, "sslPolicy") }) },
    // "HealthCheckType [...] The default value is EC2" (Auto Scaling API reference, CreateAutoScalingGroup).
    { requirement: "an Auto Scaling group behind a target group with healthCheckType unset keeps broken instances and must be refused",
        policy: "asg-elb-health-check",
        change: w => ({ at: unset(w.asg, "healthCheckType") }) },
];

const compliant: Compliant[] = [
    // SSE-SQS is on for queues created without encryption settings (SQS developer guide, "Encryption at rest").
    { requirement: "an SQS queue with sqsManagedSseEnabled unset is encrypted with SSE-SQS", change: w => { unset(w.queue, "sqsManagedSseEnabled"); } },
    // The provider's default for mapPublicIpOnLaunch is false.
    { requirement: "a subnet with mapPublicIpOnLaunch unset hands out no public IPs", change: w => { unset(w.privateA, "mapPublicIpOnLaunch"); } },
];

describe("policy: settings whose default is the insecure value", () => {
    runCases(cases, compliant);
});
