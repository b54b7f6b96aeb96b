/**
 * Verdicts of the container, S3, parameter and RDS/KMS rules written out, message and all, over the
 * spellings each reads and the values it cannot.
 */
import * as assert from "node:assert/strict";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import type { RecordedResource } from "../../tools/engine/recorded";
import { s3NoPublicAccess, secretParametersEncrypted } from "../../policy/policies/buckets";
import { containerPolicies } from "../../policy/policies/containers";
import { dataPolicies } from "../../policy/policies/data";
import { rec, U } from "./factories";
import { cannot, verdictsOf } from "./helpers";

const service = (name: string, assignPublicIp: unknown) => rec("aws:ecs/service:Service", name, { networkConfiguration: { subnets: ["s"], assignPublicIp } });
const db = (name: string, props: Record<string, unknown>) => rec("aws:rds/instance:Instance", name, { storageEncrypted: true, deletionProtection: true,
    backupRetentionPeriod: 7, multiAz: true, ...props });

const cases: { requirement: string; policies: Policies; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "a task's public IP is read as ENABLED/true or DISABLED/false in any case; anything else cannot be judged",
        policies: containerPolicies,
        records: () => [service("s1", "Enabled"), service("s2", "disabled"), service("s3", U), service("s4", "maybe"), service("s5", null),
            rec("aws:cloudwatch/eventTarget:EventTarget", "t1", { rule: "r", arn: "a", ecsTarget: { networkConfiguration: { assignPublicIp: true } } }),
            rec("aws:scheduler/schedule:Schedule", "u", { target: { arn: "arn:aws:scheduler:::aws-sdk:ecs:runTask", roleArn: "r" } }),
            rec("aws:scheduler/schedule:Schedule", "u2", { target: { arn: "arn:aws:lambda:eu-west-1:123456789012:function:f", roleArn: "r" } })],
        expect: ["s1 containers-no-public-ip: s1: networkConfiguration.assignPublicIp must not assign public IPs; run tasks in private subnets behind the load balancer.",
            cannot("s3", "containers-no-public-ip", "networkConfiguration.assignPublicIp is not known until deploy"),
            cannot("s4", "containers-no-public-ip", "networkConfiguration.assignPublicIp is \"maybe\""),
            "t1 containers-no-public-ip: t1: ecsTarget.networkConfiguration.assignPublicIp must not assign public IPs; run tasks in private subnets behind the load balancer.",
            cannot("u", "containers-no-public-ip", "its target arn:aws:scheduler:::aws-sdk:ecs:runTask calls an AWS API with input no rule reads")] },
    { requirement: "privileged containers are named; definitions that cannot be read cannot be judged",
        policies: containerPolicies,
        records: () => [rec("aws:ecs/taskDefinition:TaskDefinition", "td", { family: "f", networkMode: "bridge",
            containerDefinitions: JSON.stringify([{ name: "a", privileged: true }, { privileged: "true" }, { name: "c" }]) }),
        rec("aws:ecs/taskDefinition:TaskDefinition", "td2", { family: "f", containerDefinitions: "[" }),
        rec("aws:ecs/taskDefinition:TaskDefinition", "td3", { family: "f", containerDefinitions: "{}" }),
        rec("aws:ecs/taskDefinition:TaskDefinition", "td4", { family: "f", containerDefinitions: U }),
        rec("aws:ecs/taskDefinition:TaskDefinition", "td5", { family: "f", networkMode: "HOST", containerDefinitions: [{ name: "agent", privileged: true }] }),
        rec("aws:ecs/taskDefinition:TaskDefinition", "td6", { family: "f", containerDefinitions: JSON.stringify([{ name: "app", privileged: false }]) })],
        expect: ["td containers-not-privileged: td: container a, unnamed runs privileged; remove privileged and grant only the Linux capabilities it needs.",
            cannot("td2", "containers-not-privileged", "containerDefinitions is not valid JSON"),
            cannot("td3", "containers-not-privileged", "containerDefinitions is not a JSON list"),
            cannot("td4", "containers-not-privileged", "containerDefinitions is not known until deploy"),
            "td5 containers-not-privileged: td5: container agent runs privileged on the host's network; remove privileged and grant only the Linux capabilities it needs."] },
    { requirement: "an EKS endpoint is judged by its access ranges; an unknown switch or range counts as unknown or the internet",
        policies: containerPolicies,
        records: () => [rec("aws:eks/cluster:Cluster", "k1", { vpcConfig: { subnetIds: [], publicAccessCidrs: ["10.0.0.0/8", U] } }),
            rec("aws:eks/cluster:Cluster", "k2", { vpcConfig: { subnetIds: [], publicAccessCidrs: ["203.0.113.0/24"] } }),
            rec("aws:eks/cluster:Cluster", "k3", { vpcConfig: { endpointPublicAccess: "false" } }),
            rec("aws:eks/cluster:Cluster", "k4", { vpcConfig: U }), rec("aws:eks/cluster:Cluster", "k5", { vpcConfig: { subnetIds: [] } })],
        expect: ["k1 eks-endpoint-private: k1: the Kubernetes API endpoint is public to 10.0.0.0/8, a range not known until deploy; set vpcConfig.endpointPublicAccess: false and "
            + "endpointPrivateAccess: true, or list only your own ranges in publicAccessCidrs.",
        cannot("k4", "eks-endpoint-private", "vpcConfig.endpointPublicAccess is not known until deploy"),
        "k5 eks-endpoint-private: k5: the Kubernetes API endpoint is public to 0.0.0.0/0 (the default); set vpcConfig.endpointPublicAccess: false and "
            + "endpointPrivateAccess: true, or list only your own ranges in publicAccessCidrs."] },
    { requirement: "a node group's SSH is open without source groups; unknown remote access cannot be judged; none is fine",
        policies: containerPolicies,
        records: () => [rec("aws:eks/nodeGroup:NodeGroup", "n1", { remoteAccess: { ec2SshKey: "k", sourceSecurityGroupIds: ["sg-1"] } }),
            rec("aws:eks/nodeGroup:NodeGroup", "n2", { remoteAccess: { sourceSecurityGroupIds: U } }), rec("aws:eks/nodeGroup:NodeGroup", "n3", { remoteAccess: {} }),
            rec("aws:eks/nodeGroup:NodeGroup", "n4", { remoteAccess: null }), rec("aws:eks/nodeGroup:NodeGroup", "n5", {}),
            rec("aws:eks/nodeGroup:NodeGroup", "n6", { remoteAccess: { ec2SshKey: "k" } })],
        expect: [cannot("n2", "eks-nodes-no-open-ssh", "remoteAccess is not known until deploy"),
            "n6 eks-nodes-no-open-ssh: n6: remoteAccess with an SSH key and no sourceSecurityGroupIds opens port 22 on every node to 0.0.0.0/0; remove "
            + "remoteAccess and use SSM Session Manager, or list the security groups allowed in."] },
    { requirement: "block public access names each flag off, and those not known until deploy",
        policies: [s3NoPublicAccess],
        records: () => [rec("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "acct", { blockPublicAcls: true, blockPublicPolicy: U, ignorePublicAcls: U }),
            rec("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "acct2", { blockPublicAcls: true, ignorePublicAcls: U, restrictPublicBuckets: true }),
            rec("aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2", "site", { bucket: "b" }),
            rec("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", { bucket: "b", blockPublicAcls: true, blockPublicPolicy: true,
                ignorePublicAcls: "true", restrictPublicBuckets: true })],
        expect: ["acct s3-no-public-access: acct: block public access must keep all four flags on, but restrictPublicBuckets is off (unset means false here); set each to true.",
            cannot("acct", "s3-no-public-access", "blockPublicPolicy, ignorePublicAcls are not known until deploy"),
            "acct2 s3-no-public-access: acct2: block public access must keep all four flags on, but blockPublicPolicy is off (unset means false here); set each to true.",
            cannot("acct2", "s3-no-public-access", "ignorePublicAcls is not known until deploy"),
            "site s3-no-public-access: site: website hosting serves the bucket over plain HTTP to anyone its policy admits; serve it through CloudFront with "
            + "origin access control, which keeps the bucket private."] },
    { requirement: "public ACLs and grants are named with whom they let read; an unknown ACL cannot be judged unless accepted",
        policies: [s3NoPublicAccess],
        records: () => [rec("aws:s3/bucketV2:BucketV2", "b1", { acl: "Authenticated-Read" }), rec("aws:s3/bucketObjectv2:BucketObjectv2", "o1", { bucket: "b", key: "k", acl: "PUBLIC-READ-WRITE" }),
            rec("aws:s3/bucketAclV2:BucketAclV2", "a1", { bucket: "b", acl: U }), rec("aws:s3/bucketAclV2:BucketAclV2", "a2", { bucket: "b", acl: U }),
            rec("aws:s3/bucketAclV2:BucketAclV2", "a3", { bucket: "b", acl: "private", accessControlPolicy: { grants: [
                { permission: "READ", grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" } },
                { permission: "WRITE", grantee: { type: "CanonicalUser", id: "x" } }, { permission: "READ", grantee: { uri: 5 } },
                { permission: "WRITE", grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" } }] } }),
            rec("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab2", { bucket: "b", blockPublicAcls: false, ignorePublicAcls: true })],
        config: { "s3-no-public-access": { acceptUnresolved: ["a2"] } },
        expect: ["b1 s3-no-public-access: b1: acl \"Authenticated-Read\" lets every AWS account read it; use \"private\" (or no ACL: buckets disable ACLs by default).",
            "o1 s3-no-public-access: o1: acl \"PUBLIC-READ-WRITE\" lets anyone read it; use \"private\" (or no ACL: buckets disable ACLs by default).",
            cannot("a1", "s3-no-public-access", "acl is not known until deploy"),
            "a3 s3-no-public-access: a3: accessControlPolicy grants \"READ\" to http://acs.amazonaws.com/groups/global/AllUsers, \"WRITE\" to "
            + "http://acs.amazonaws.com/groups/global/AuthenticatedUsers; grant to the bucket owner's account only.",
            "pab2 s3-no-public-access: pab2: block public access must keep all four flags on, but blockPublicAcls, blockPublicPolicy, restrictPublicBuckets are "
            + "off (unset means false here); set each to true."] },
    { requirement: "a parameter named as a secret, by its name or its logical name, must be a SecureString; one naming where a secret is need not",
        policies: [secretParametersEncrypted],
        records: () => [rec("aws:ssm/parameter:Parameter", "p1", { name: "/app/db.password", type: "String", value: "x" }),
            rec("aws:ssm/parameter:Parameter", "api-key", { name: U, type: "StringList", value: "x" }),
            rec("aws:ssm/parameter:Parameter", "p3", { name: "/app/token/", type: U, value: "x" }),
            rec("aws:ssm/parameter:Parameter", "p4", { name: "/app/private_key_path", type: "String", value: "x" }),
            rec("aws:ssm/parameter:Parameter", "p5", { name: "/app/secret", type: "SecureString", value: "x" }),
            rec("aws:ssm/parameter:Parameter", "p6", { name: "/app/passwd", type: U, value: "x" }),
            rec("aws:ssm/parameter:Parameter", "p7", { name: "/app/db-password/current", type: "String", value: "x" }),
            rec("aws:ssm/parameter:Parameter", "p8", { name: "/app/db-password/arn", type: "String", value: "x" }),
            rec("aws:ssm/parameter:Parameter", "p9", { name: "/app/db-password-arn/", type: "String", value: "x" })],
        config: { "secret-parameters-encrypted": { acceptUnresolved: ["p6"] } },
        expect: ["p1 secret-parameters-encrypted: p1: /app/db.password holds a secret by its name but is a \"String\" parameter, stored and shown in plain text; "
            + "use type \"SecureString\" (or Secrets Manager).",
        "api-key secret-parameters-encrypted: api-key: api-key holds a secret by its name but is a \"StringList\" parameter, stored and shown in plain text; "
            + "use type \"SecureString\" (or Secrets Manager).",
        cannot("p3", "secret-parameters-encrypted", "type is not known until deploy"),
        "p7 secret-parameters-encrypted: p7: /app/db-password/current holds a secret by its name but is a \"String\" parameter, stored and shown in plain text; "
            + "use type \"SecureString\" (or Secrets Manager)."] },
    { requirement: "RDS: public, unencrypted, unprotected, short-lived and single-AZ primaries are named; replicas are not asked for backups or Multi-AZ",
        policies: dataPolicies,
        records: () => [db("d1", { publiclyAccessible: true, storageEncrypted: false, deletionProtection: false, backupRetentionPeriod: 3, multiAz: "false" }),
            db("d2", { publiclyAccessible: U, storageEncrypted: U, backupRetentionPeriod: "7" }), db("d3", { replicateSourceDb: "src", backupRetentionPeriod: 0,
                multiAz: false, storageEncrypted: undefined }), db("d4", { backupRetentionPeriod: U, multiAz: U, deletionProtection: U })],
        expect: ["d1 rds-not-publicly-accessible: publiclyAccessible must be false; the database is reached from the app security group only.",
            "d1 rds-storage-encrypted: d1: storage must be encrypted at rest, but storageEncrypted is false; set storageEncrypted: true (with kmsKeyId in the "
            + "replica's region for a cross-region replica).",
            "d1 rds-deletion-protection: deletionProtection must be true; set it, or set this policy's `required` to false for disposable stacks.",
            "d1 rds-backup-retention: backupRetentionPeriod must be at least 7 days, but it is 3.",
            "d1 rds-primary-multi-az: multiAz must be true on the primary database so an AZ outage fails over within the region.",
            cannot("d2", "rds-not-publicly-accessible", "publiclyAccessible is not known until deploy"),
            cannot("d2", "rds-storage-encrypted", "storageEncrypted is not known until deploy"),
            "d2 rds-backup-retention: backupRetentionPeriod must be at least 7 days, but it is \"7\"."] },
    { requirement: "RDS tunables: a longer minimum, protection not required, and accepted unknowns",
        policies: dataPolicies,
        records: () => [db("d1", { deletionProtection: false, publiclyAccessible: U }), db("d2", { backupRetentionPeriod: undefined, storageEncrypted: U })],
        config: { "rds-backup-retention": { minimumDays: 8 }, "rds-deletion-protection": { required: false },
            "rds-not-publicly-accessible": { acceptUnresolved: ["d1"] }, "rds-storage-encrypted": { acceptUnresolved: ["d2"] } },
        expect: ["d1 rds-backup-retention: backupRetentionPeriod must be at least 8 days, but it is 7.",
            "d2 rds-backup-retention: backupRetentionPeriod must be at least 8 days, but it is unset."] },
    { requirement: "a symmetric KMS key must rotate; keys that cannot rotate are exempt; unknown spec or rotation cannot be judged",
        policies: dataPolicies,
        records: () => [rec("aws:kms/key:Key", "k1", {}), rec("aws:kms/key:Key", "k2", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
            rec("aws:kms/key:Key", "k3", { customKeyStoreId: "cks-1" }), rec("aws:kms/key:Key", "k4", { keyUsage: "GENERATE_VERIFY_MAC" }),
            rec("aws:kms/key:Key", "k5", { xksKeyId: "x" }), rec("aws:kms/key:Key", "k6", { keyUsage: U }), rec("aws:kms/key:Key", "k7", { enableKeyRotation: U }),
            rec("aws:kms/key:Key", "k8", { enableKeyRotation: "true" }), rec("aws:kms/key:Key", "k9", { enableKeyRotation: U }),
            rec("aws:kms/key:Key", "k10", { customerMasterKeySpec: "RSA_2048" })],
        config: { "kms-key-rotation": { acceptUnresolved: ["k9"] } },
        expect: ["k1 kms-key-rotation: k1: enableKeyRotation must be true so KMS rotates the key material every year (or every rotationPeriodInDays); set "
            + "enableKeyRotation: true.",
        cannot("k6", "kms-key-rotation", "the key's spec, usage or key store is not known until deploy"),
        cannot("k7", "kms-key-rotation", "enableKeyRotation is not known until deploy")] },
];

describe("policy pack: container, S3, parameter and RDS rules' verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            const strip = (x: Record<string, unknown>) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined));
            const records = c.records().map((r) => ({ ...r, inputs: strip(r.inputs) }));
            assert.deepEqual(await verdictsOf(records, c.policies, c.config), c.expect);
        });
    }
});
