/**
 * Data stores of every engine read from one table: where each type says it is encrypted at rest (and
 * what AWS does when it does not say), and where it says it is reachable from the internet. RDS and
 * Aurora stay with the RDS rules (data.ts), which read the same table; the others are judged here.
 * Defaults are the provider's documented ones (@pulumi/aws 7.48 API docs of each resource).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
    acceptUnresolvedSchema, cannotBeJudged, forTypes, isFalse, isTrue, isUnknown, upper, type Props, type UnresolvedConfig,
} from "./util";

/** How a type records encryption at rest. */
export interface Encryption {
    /** The property, or `always` when AWS encrypts every such store and offers no way not to. */
    prop: string;
    /** Whether the value means encrypted; undefined when it is not a value the field holds. */
    on?: (v: unknown) => boolean | undefined;
    /** What AWS does when the property is unset. */
    unset: "encrypted" | "unencrypted";
    /** A property whose presence means the store copies another that is judged itself (a replica, a global member). */
    inheritsWith?: string[];
    /** How to fix it, for the message. */
    fix: string;
}

const flag = (v: unknown): boolean | undefined => (isTrue(v) ? true : isFalse(v) ? false : undefined);

/** Encryption at rest by type: every data store the pack judges. */
export const encryptionAtRest: Record<string, Encryption> = {
    "aws:rds/instance:Instance": { prop: "storageEncrypted", on: flag, unset: "unencrypted", inheritsWith: ["replicateSourceDb"],
        fix: "storageEncrypted: true (with kmsKeyId in the replica's region for a cross-region replica)" },
    "aws:rds/cluster:Cluster": { prop: "storageEncrypted", on: flag, unset: "unencrypted",
        inheritsWith: ["globalClusterIdentifier", "replicationSourceIdentifier"], fix: "storageEncrypted: true" },
    "aws:rds/globalCluster:GlobalCluster": { prop: "storageEncrypted", on: flag, unset: "unencrypted",
        inheritsWith: ["sourceDbClusterIdentifier"], fix: "storageEncrypted: true" },
    "aws:docdb/cluster:Cluster": { prop: "storageEncrypted", on: flag, unset: "unencrypted", inheritsWith: ["globalClusterIdentifier"],
        fix: "storageEncrypted: true" },
    "aws:docdb/globalCluster:GlobalCluster": { prop: "storageEncrypted", on: flag, unset: "unencrypted",
        inheritsWith: ["sourceDbClusterIdentifier"], fix: "storageEncrypted: true" },
    "aws:neptune/cluster:Cluster": { prop: "storageEncrypted", on: flag, unset: "unencrypted",
        inheritsWith: ["globalClusterIdentifier", "replicationSourceIdentifier"], fix: "storageEncrypted: true" },
    "aws:neptune/globalCluster:GlobalCluster": { prop: "storageEncrypted", on: flag, unset: "unencrypted",
        inheritsWith: ["sourceDbClusterIdentifier"], fix: "storageEncrypted: true" },
    // The provider documents `encrypted` as a string defaulting to true.
    "aws:redshift/cluster:Cluster": { prop: "encrypted", on: flag, unset: "encrypted", fix: "encrypted: \"true\"" },
    "aws:efs/fileSystem:FileSystem": { prop: "encrypted", on: flag, unset: "unencrypted", fix: "encrypted: true" },
    "aws:kinesis/stream:Stream": { prop: "encryptionType", on: v => (upper(v) === "KMS" ? true : upper(v) === "NONE" ? false : undefined),
        unset: "unencrypted", fix: "encryptionType: \"KMS\" with a kmsKeyId" },
    // AWS encrypts every object (SSE-S3 since 2023-01-05), item, secret and image; none can be turned off.
    "aws:s3/bucket:Bucket": { prop: "always", unset: "encrypted", fix: "" },
    "aws:s3/bucketV2:BucketV2": { prop: "always", unset: "encrypted", fix: "" },
    "aws:s3/directoryBucket:DirectoryBucket": { prop: "always", unset: "encrypted", fix: "" },
    "aws:dynamodb/table:Table": { prop: "always", unset: "encrypted", fix: "" },
    "aws:dynamodb/tableReplica:TableReplica": { prop: "always", unset: "encrypted", fix: "" },
    "aws:secretsmanager/secret:Secret": { prop: "always", unset: "encrypted", fix: "" },
    "aws:ecr/repository:Repository": { prop: "always", unset: "encrypted", fix: "" },
    "aws:elasticache/serverlessCache:ServerlessCache": { prop: "always", unset: "encrypted", fix: "" },
};

/** ElastiCache: at rest and in transit, per engine (valkey defaults to encrypted at rest, redis does not). */
function cacheProblems(type: string, p: Props): string[] {
    const bad: string[] = [];
    const engine = typeof p.engine === "string" ? p.engine.toLowerCase() : p.engine;
    if (type === "aws:elasticache/replicationGroup:ReplicationGroup") {
        if (p.globalReplicationGroupId !== undefined) {
            return bad; // a member of a global datastore takes the global group's settings
        }
        // Unset: valkey encrypts at rest by default, redis (the default engine) does not.
        const atRest = p.atRestEncryptionEnabled ?? engine === "valkey";
        if (isUnknown(atRest) || flag(atRest) === undefined) {
            bad.push("?atRestEncryptionEnabled is not known until deploy");
        } else if (!isTrue(atRest)) {
            bad.push("atRestEncryptionEnabled is off");
        }
        if (isUnknown(p.transitEncryptionEnabled)) {
            bad.push("?transitEncryptionEnabled is not known until deploy");
        } else if (!isTrue(p.transitEncryptionEnabled)) {
            bad.push("transitEncryptionEnabled is off, so clients talk to it in plain text");
        }
    } else if (p.replicationGroupId === undefined) {
        // A standalone cache cluster has no at-rest encryption at all; only a replication group does.
        bad.push(engine === "memcached" ? (isTrue(p.transitEncryptionEnabled) ? "" : "transitEncryptionEnabled is off")
            : "a standalone cache cluster cannot encrypt at rest; use a replication group with atRestEncryptionEnabled");
    }
    return bad.filter(Boolean);
}

/**
 * Why a store is not encrypted at rest, or "?..." when that cannot be read, or nothing. Shared by the
 * RDS rule and the rule for the other engines.
 */
export function encryptionProblem(type: string, p: Props): string | undefined {
    const spec = encryptionAtRest[type];
    if (!spec || spec.prop === "always") {
        return undefined;
    }
    const v = p[spec.prop];
    if (v === undefined || v === null) {
        if (spec.unset === "encrypted" || (spec.inheritsWith ?? []).some(k => p[k] !== undefined && p[k] !== null && p[k] !== "")) {
            return undefined;
        }
        return `${spec.prop} is unset, and AWS then stores the data unencrypted; set ${spec.fix}`;
    }
    if (isUnknown(v)) {
        return `?${spec.prop} is not known until deploy`;
    }
    const on = spec.on?.(v);
    return on === true ? undefined : on === false ? `${spec.prop} is ${JSON.stringify(v)}; set ${spec.fix}`
        : `?${spec.prop} is ${JSON.stringify(v)}, which is not a value the field holds`;
}

const cacheTypes = ["aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster"];
const rdsFamily = (type: string) => type.startsWith("aws:rds/");

/** Data stores judged here (RDS and Aurora are judged by rds-storage-encrypted). */
export const otherStoreTypes = [...Object.keys(encryptionAtRest).filter(t => !rdsFamily(t)), ...cacheTypes];

/** Security Hub DocumentDB.1, Neptune.1, Redshift.10, EFS.1, ElastiCache.4/.5, Kinesis.1: data at rest encrypted, whatever the engine. */
export const dataStoresEncrypted: ResourceValidationPolicy = {
    name: "data-stores-encrypted",
    description: "Checks whether every data store other than RDS (DocumentDB, Neptune, Redshift, EFS, ElastiCache, Kinesis; "
        + "S3, DynamoDB, Secrets Manager and ECR encrypt always) encrypts data at rest, and caches in transit too "
        + "(Security Hub DocumentDB.1, Neptune.1, EFS.1, ElastiCache.4, ElastiCache.5, Kinesis.1).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes(otherStoreTypes, (props, args, report) => {
        const problems = cacheTypes.includes(args.type) ? cacheProblems(args.type, props)
            : [encryptionProblem(args.type, props)].filter((x): x is string => x !== undefined);
        const unresolved = problems.filter(x => x.startsWith("?")).map(x => x.slice(1));
        const bad = problems.filter(x => !x.startsWith("?"));
        if (bad.length > 0) {
            report(`${args.name}: data at rest (and a cache's traffic) must be encrypted, but ${bad.join("; ")}.`);
        }
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        if (unresolved.length > 0 && !accepted.includes(args.name)) {
            report(cannotBeJudged("data-stores-encrypted", args.name, unresolved.join("; ")));
        }
    }),
};

/** Types that can be given an endpoint on the internet by a flag, and the flag. */
export const publicFlags: Record<string, string> = {
    "aws:rds/instance:Instance": "publiclyAccessible",
    "aws:rds/clusterInstance:ClusterInstance": "publiclyAccessible",
    "aws:neptune/clusterInstance:ClusterInstance": "publiclyAccessible",
    "aws:redshift/cluster:Cluster": "publiclyAccessible",
};

/** Why a store is reachable from the internet, "?..." when that cannot be read, or nothing. */
export function publicProblem(type: string, p: Props): string | undefined {
    const prop = publicFlags[type];
    if (!prop) {
        return undefined;
    }
    const v = p[prop];
    if (isUnknown(v)) {
        return `?${prop} is not known until deploy`;
    }
    if (v === undefined || isFalse(v)) {
        return undefined;
    }
    return isTrue(v) ? `${prop} is true` : `?${prop} is ${JSON.stringify(v)}, which is not a value the field holds`;
}

/** Redshift.1 and Neptune's equivalent of RDS.2: a data store is reached from the app's security group only. */
export const dataStoresNotPublic: ResourceValidationPolicy = {
    name: "data-stores-not-public",
    description: "Checks whether Aurora and Neptune cluster instances and Redshift clusters are not publicly accessible "
        + "(Security Hub Redshift.1; RDS instances: rds-not-publicly-accessible).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes(Object.keys(publicFlags).filter(t => t !== "aws:rds/instance:Instance"), (props, args, report) => {
        const problem = publicProblem(args.type, props);
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        if (problem?.startsWith("?")) {
            if (!accepted.includes(args.name)) report(cannotBeJudged("data-stores-not-public", args.name, problem.slice(1)));
        } else if (problem) {
            report(`${args.name}: ${problem}; a data store must be reached from the app's security group only: set ${publicFlags[args.type]}: false.`);
        }
    }),
};
