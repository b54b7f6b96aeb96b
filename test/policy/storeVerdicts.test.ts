/**
 * data-stores-encrypted and data-stores-not-public written out, message and all: each engine's
 * encryption property, what AWS does when it is unset, replicas that inherit it, caches at rest and in
 * transit, and values that are not what the field holds.
 */
import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import type { RecordedResource } from "../../tools/engine/recorded";
import { dataStoresEncrypted, dataStoresNotPublic } from "../../policy/policies/dataStores";
import { rec, U } from "./factories";
import { cannot, verdictsOf } from "./helpers";

const unencrypted = (name: string, why: string) => `${name} data-stores-encrypted: ${name}: data at rest (and a cache's traffic) must be encrypted, but ${why}.`;
const group = (name: string, props: Record<string, unknown>) => rec("aws:elasticache/replicationGroup:ReplicationGroup", name, { description: "d", ...props });
const cluster = (name: string, props: Record<string, unknown>) => rec("aws:elasticache/cluster:Cluster", name, props);

const cases: { requirement: string; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "a store whose encryption is unset is named with AWS's default and the fix; a replica inherits its source's",
        records: () => [rec("aws:docdb/cluster:Cluster", "docs", {}), rec("aws:neptune/cluster:Cluster", "graph", { replicationSourceIdentifier: "arn:src" }),
            rec("aws:neptune/cluster:Cluster", "graph2", { replicationSourceIdentifier: "" }), rec("aws:redshift/cluster:Cluster", "wh", { clusterIdentifier: "w" }),
            rec("aws:docdb/globalCluster:GlobalCluster", "g", { sourceDbClusterIdentifier: null })],
        expect: [unencrypted("docs", "storageEncrypted is unset, and AWS then stores the data unencrypted; set storageEncrypted: true"),
            unencrypted("graph2", "storageEncrypted is unset, and AWS then stores the data unencrypted; set storageEncrypted: true"),
            unencrypted("g", "storageEncrypted is unset, and AWS then stores the data unencrypted; set storageEncrypted: true")] },
    { requirement: "an encryption value is read as AWS reads it: off is named, not-a-value and unknown cannot be judged unless accepted",
        records: () => [rec("aws:efs/fileSystem:FileSystem", "fs", { encrypted: "false" }), rec("aws:kinesis/stream:Stream", "s", { encryptionType: "kms" }),
            rec("aws:kinesis/stream:Stream", "s2", { encryptionType: "AES" }), rec("aws:kinesis/stream:Stream", "s3", { encryptionType: "none" }),
            rec("aws:docdb/cluster:Cluster", "d1", { storageEncrypted: null }), rec("aws:efs/fileSystem:FileSystem", "fs2", { encrypted: U }),
            rec("aws:efs/fileSystem:FileSystem", "fs3", { encrypted: U }), rec("aws:s3/bucketV2:BucketV2", "b", {})],
        config: { "data-stores-encrypted": { acceptUnresolved: ["fs3"] } },
        expect: [unencrypted("fs", "encrypted is \"false\"; set encrypted: true"),
            cannot("s2", "data-stores-encrypted", "encryptionType is \"AES\", which is not a value the field holds"),
            unencrypted("s3", "encryptionType is \"none\"; set encryptionType: \"KMS\" with a kmsKeyId"),
            unencrypted("d1", "storageEncrypted is unset, and AWS then stores the data unencrypted; set storageEncrypted: true"),
            cannot("fs2", "data-stores-encrypted", "encrypted is not known until deploy")] },
    { requirement: "a replication group is judged at rest by its engine's default and in transit; a global member takes the global group's",
        records: () => [group("redis", { engine: "Redis" }), group("plain", {}), group("valkey", { engine: "valkey", transitEncryptionEnabled: true }),
            group("member", { globalReplicationGroupId: "g" }), group("odd", { atRestEncryptionEnabled: "maybe", transitEncryptionEnabled: U }),
            group("other", { engine: "memcached", transitEncryptionEnabled: true })],
        expect: [unencrypted("redis", "atRestEncryptionEnabled is off; transitEncryptionEnabled is off, so clients talk to it in plain text"),
            unencrypted("plain", "atRestEncryptionEnabled is off; transitEncryptionEnabled is off, so clients talk to it in plain text"),
            cannot("odd", "data-stores-encrypted", "atRestEncryptionEnabled is not known until deploy; transitEncryptionEnabled is not known until deploy"),
            unencrypted("other", "atRestEncryptionEnabled is off")] },
    { requirement: "a standalone cache cluster cannot encrypt at rest; memcached needs transit encryption; a group's member is the group's",
        records: () => [cluster("c1", { engine: "redis" }), cluster("c2", { engine: "Memcached" }), cluster("c3", { engine: "memcached", transitEncryptionEnabled: true }),
            cluster("c4", { replicationGroupId: "g" })],
        expect: [unencrypted("c1", "a standalone cache cluster cannot encrypt at rest; use a replication group with atRestEncryptionEnabled"),
            unencrypted("c2", "transitEncryptionEnabled is off")] },
    { requirement: "a cluster instance or warehouse open to the internet is named; unknown or not-a-value cannot be judged unless accepted",
        records: () => [rec("aws:neptune/clusterInstance:ClusterInstance", "n1", { publiclyAccessible: "true" }),
            rec("aws:rds/clusterInstance:ClusterInstance", "a1", { publiclyAccessible: U }), rec("aws:rds/clusterInstance:ClusterInstance", "a2", { publiclyAccessible: "yes" }),
            rec("aws:rds/clusterInstance:ClusterInstance", "a3", { publiclyAccessible: U }), rec("aws:redshift/cluster:Cluster", "wh", { publiclyAccessible: false }),
            rec("aws:rds/instance:Instance", "db", { publiclyAccessible: true, storageEncrypted: true })],
        config: { "data-stores-not-public": { acceptUnresolved: ["a3"] } },
        expect: ["n1 data-stores-not-public: n1: publiclyAccessible is true; a data store must be reached from the app's security group only: set "
            + "publiclyAccessible: false.", cannot("a1", "data-stores-not-public", "publiclyAccessible is not known until deploy"),
        cannot("a2", "data-stores-not-public", "publiclyAccessible is \"yes\", which is not a value the field holds")] },
];

describe("policy pack: data store rules' verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            assert.deepEqual(await verdictsOf(c.records(), [dataStoresEncrypted, dataStoresNotPublic], c.config), c.expect);
        });
    }
});
