import type { ResourceValidationPolicy } from "@pulumi/policy";
import { encryptionProblem, publicProblem } from "./dataStores";
import { acceptUnresolvedSchema, cannotBeJudged, forTypes, isTrue, isUnknown, unresolvedFor, type Props, type UnresolvedConfig } from "./util";

const dbType = "aws:rds/instance:Instance";

function isReplica(props: Props): boolean {
    return props.replicateSourceDb !== undefined;
}

/** RDS.2: the database is reached only from the app security group inside the VPC. */
export const rdsNotPublic: ResourceValidationPolicy = {
    name: "rds-not-publicly-accessible",
    description: "Checks whether RDS instances are not publicly accessible (Security Hub RDS.2).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([dbType], (props, args, report) => {
        const problem = publicProblem(args.type, props);
        if (problem?.startsWith("?")) {
            if (!(args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? []).includes(args.name)) {
                report(cannotBeJudged("rds-not-publicly-accessible", args.name, problem.slice(1)));
            }
        } else if (problem) {
            report("publiclyAccessible must be false; the database is reached from the app security group only.");
        }
    }),
};

/** The RDS family: instances, Aurora clusters and global clusters (replicas and members inherit from their source). */
const rdsEncryptedTypes = [dbType, "aws:rds/cluster:Cluster", "aws:rds/globalCluster:GlobalCluster"];

/** RDS.3 and RDS.27: every RDS instance and Aurora cluster stores its data encrypted. */
export const rdsStorageEncrypted: ResourceValidationPolicy = {
    name: "rds-storage-encrypted",
    description: "Checks whether RDS instances, Aurora clusters and global clusters encrypt storage at rest (replicas and "
        + "global members inherit it from their source) (Security Hub RDS.3, RDS.27).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes(rdsEncryptedTypes, (props, args, report) => {
        const problem = encryptionProblem(args.type, props);
        if (problem?.startsWith("?")) {
            if (!(args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? []).includes(args.name)) {
                report(cannotBeJudged("rds-storage-encrypted", args.name, problem.slice(1)));
            }
        } else if (problem) {
            report(`${args.name}: storage must be encrypted at rest, but ${problem}.`);
        }
    }),
};

/** Tunables of {@link rdsDeletionProtection}. */
export interface RdsDeletionProtectionConfig {
    /** Whether deletion protection must be on. */
    required: boolean;
}

/** RDS.8: the data outlives any single `pulumi destroy`. */
export const rdsDeletionProtection: ResourceValidationPolicy = {
    name: "rds-deletion-protection",
    description: "Checks whether RDS instances have deletion protection enabled when the config requires it "
        + "(Security Hub RDS.8).",
    enforcementLevel: "advisory",
    configSchema: { properties: { required: { type: "boolean", default: true } } },
    validateResource: forTypes([dbType], (props, args, report) => {
        const required = args.getConfig<Partial<RdsDeletionProtectionConfig>>().required ?? true;
        if (required && !isTrue(props.deletionProtection) && !isUnknown(props.deletionProtection)) {
            report("deletionProtection must be true; set it, or set this policy's `required` to false for "
                + "disposable stacks.");
        }
    }),
};

/** Tunables of {@link rdsBackupRetention}. */
export interface BackupRetentionConfig {
    /** Minimum automated backup retention in days. */
    minimumDays: number;
}

/** RDS.11: point-in-time recovery needs automated backups kept long enough to notice a bad write. */
export const rdsBackupRetention: ResourceValidationPolicy = {
    name: "rds-backup-retention",
    description: "Checks whether RDS instances (other than read replicas) keep automated backups for at least the "
        + "configured number of days (Security Hub RDS.11).",
    enforcementLevel: "advisory",
    configSchema: { properties: { minimumDays: { type: "integer", minimum: 1, maximum: 35, default: 7 } } },
    validateResource: forTypes([dbType], (props, args, report) => {
        const min = args.getConfig<Partial<BackupRetentionConfig>>().minimumDays ?? 7;
        const days = props.backupRetentionPeriod;
        if (isReplica(props) || isUnknown(days)) {
            return;
        }
        if (typeof days !== "number" || days < min) {
            report(`backupRetentionPeriod must be at least ${min} days, but it is ${days === undefined ? "unset" : JSON.stringify(days)}.`);
        }
    }),
};

/** RDS.5: a single-AZ primary turns an AZ outage into a regional failover. */
export const rdsPrimaryMultiAz: ResourceValidationPolicy = {
    name: "rds-primary-multi-az",
    description: "Checks whether primary RDS instances (not read replicas) are Multi-AZ (Security Hub RDS.5).",
    enforcementLevel: "advisory",
    validateResource: forTypes([dbType], (props, _args, report) => {
        if (!isReplica(props) && !isTrue(props.multiAz) && !isUnknown(props.multiAz)) {
            report("multiAz must be true on the primary database so an AZ outage fails over within the region.");
        }
    }),
};

/**
 * KMS.4: automatic rotation applies to symmetric encryption keys whose material KMS generated; keys
 * in a custom or external key store, asymmetric and HMAC keys cannot rotate automatically (AWS KMS
 * developer guide, "Rotate AWS KMS keys"), so only those are exempt.
 */
export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Checks whether customer-managed symmetric KMS keys have automatic key rotation enabled (Security Hub KMS.4).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes(["aws:kms/key:Key"], (props, args, report) => {
        const unresolved = unresolvedFor("kms-key-rotation", args, report);
        if ([props.customerMasterKeySpec, props.keyUsage, props.customKeyStoreId, props.xksKeyId].some(isUnknown)) {
            unresolved("the key's spec, usage or key store is not known until deploy");
            return;
        }
        const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        const usage = props.keyUsage ?? "ENCRYPT_DECRYPT";
        const rotatable = spec === "SYMMETRIC_DEFAULT" && usage === "ENCRYPT_DECRYPT"
            && props.customKeyStoreId === undefined && props.xksKeyId === undefined;
        if (rotatable && isUnknown(props.enableKeyRotation)) {
            unresolved("enableKeyRotation is not known until deploy");
        } else if (rotatable && !isTrue(props.enableKeyRotation)) {
            report(`${args.name}: enableKeyRotation must be true so KMS rotates the key material every year (or every `
                + "rotationPeriodInDays); set enableKeyRotation: true.");
        }
    }),
};

/** The data rules, in report order. */
export const dataPolicies = [rdsNotPublic, rdsStorageEncrypted, rdsDeletionProtection, rdsBackupRetention,
    rdsPrimaryMultiAz, kmsKeyRotation];
