import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, isTrue, isUnknown, type Props } from "./util";

const dbType = "aws:rds/instance:Instance";

function isReplica(props: Props): boolean {
    return props.replicateSourceDb !== undefined;
}

/** RDS.2: the database is reached only from the app security group inside the VPC. */
export const rdsNotPublic: ResourceValidationPolicy = {
    name: "rds-not-publicly-accessible",
    description: "Checks whether RDS instances are not publicly accessible (Security Hub RDS.2).",
    enforcementLevel: "mandatory",
    validateResource: forTypes([dbType], (props, _args, report) => {
        if (isTrue(props.publiclyAccessible)) {
            report("publiclyAccessible must be false; the database is reached from the app security group only.");
        }
    }),
};

/** RDS.3: replicas inherit encryption from their source, so only non-replicas must say so. */
export const rdsStorageEncrypted: ResourceValidationPolicy = {
    name: "rds-storage-encrypted",
    description: "Checks whether RDS instances encrypt storage at rest (Security Hub RDS.3).",
    enforcementLevel: "mandatory",
    validateResource: forTypes([dbType], (props, _args, report) => {
        const enc = props.storageEncrypted;
        if (isUnknown(enc) || isTrue(enc) || (isReplica(props) && enc === undefined)) {
            return;
        }
        report("storageEncrypted must be true (with kmsKeyId in the replica's region for a cross-region replica).");
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
    validateResource: forTypes(["aws:kms/key:Key"], (props, args, report) => {
        const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        const usage = props.keyUsage ?? "ENCRYPT_DECRYPT";
        const rotatable = spec === "SYMMETRIC_DEFAULT" && usage === "ENCRYPT_DECRYPT"
            && props.customKeyStoreId === undefined && props.xksKeyId === undefined;
        if (rotatable && !isTrue(props.enableKeyRotation) && !isUnknown(props.enableKeyRotation)) {
            report(`${args.name}: enableKeyRotation must be true so KMS rotates the key material every year (or every `
                + "rotationPeriodInDays); set enableKeyRotation: true.");
        }
    }),
};

/** The data rules, in report order. */
export const dataPolicies = [rdsNotPublic, rdsStorageEncrypted, rdsDeletionProtection, rdsBackupRetention,
    rdsPrimaryMultiAz, kmsKeyRotation];
