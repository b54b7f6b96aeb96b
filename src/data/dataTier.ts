import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Database } from "./database";
import { DatabaseCredentials } from "./databaseCredentials";
import { databaseParameterNames, finalSnapshotName } from "./databaseSettings";

/** What the data tier needs from one region's web tier. */
export interface DataTierRegion {
    /** AWS region code. */
    name: string;
    /** The region's provider; every data-tier resource of the region is created with it. */
    provider: aws.Provider;
    /** The region's VPC. */
    vpcId: pulumi.Input<string>;
    /** The region's private subnets. */
    privateSubnetIds: pulumi.Input<string>[];
    /** The app instances' security group. */
    appSecurityGroupId: pulumi.Input<string>;
    /** The app instances' IAM role name. */
    instanceRoleName: pulumi.Input<string>;
}

/** The database's settings, shared by the writer and its replicas. */
export interface DataTierSettings {
    /** RDS engine. */
    engine: "postgres" | "mysql";
    /** Engine version; unset takes RDS's default for the engine. */
    engineVersion?: string;
    /** RDS instance class, e.g. `db.t4g.medium`. */
    instanceClass: string;
    /** gp3 storage in GiB at creation. */
    allocatedStorageGb: number;
    /** Storage autoscaling's ceiling in GiB. */
    maxAllocatedStorageGb: number;
    /** Days of automated backups (point-in-time recovery window). */
    backupRetentionDays: number;
    /** Weekly maintenance window, `ddd:hh:mm-ddd:hh:mm` in UTC. */
    maintenanceWindow: string;
    /** The region of the writer; one of `regions`. @default the first region */
    primaryRegion?: string;
}

/** Inputs of {@link createDataTier}. */
export interface DataTierArgs {
    /** Project name, the first part of the SSM parameter path. */
    project: string;
    /** Stack name, in parameter and snapshot names so stacks never collide. */
    stack: string;
    /** The database's settings. */
    database: DataTierSettings;
    /** Deletion protection on every instance. */
    deletionProtection: boolean;
    /** The stack's regions; the first is the credentials' home, which does not move on a flip. */
    regions: DataTierRegion[];
    /** When this run plans, for the final snapshot's name (kept from the first run by ignoreChanges). @default now */
    now?: Date;
}

/** A replica the failover function may promote. */
export interface PromotableReplica {
    /** RDS DB instance identifier (the function's REPLICA_DB_IDENTIFIER). */
    identifier: pulumi.Output<string>;
    /** DB instance ARN, to scope `rds:PromoteReadReplica`/`rds:DescribeDBInstances`. */
    arn: pulumi.Output<string>;
}

/** What the program exports and the failover wiring uses. */
export interface DataTier {
    /** The region that holds the writer (`database.primaryRegion`, default the first region). */
    primaryRegion: string;
    /** The writer. */
    primary: Database;
    /** Per replica region, what the failover function promotes there. */
    replicas: Record<string, PromotableReplica>;
}

/**
 * Builds the data tier: master credentials in the first region (replicated to the others), the writer
 * in `database.primaryRegion`, and a read replica of it in every other region. Call it only when
 * `database.enabled` is true.
 */
export function createDataTier(args: DataTierArgs): DataTier {
    const db = args.database;
    const names = args.regions.map((r) => r.name);
    const home = args.regions[0];
    const credentials = new DatabaseCredentials(`${home.name}-db-credentials`, {
        replicaRegions: names.slice(1),
    }, { provider: home.provider });
    const parameterNames = databaseParameterNames(args.project, args.stack);

    const build = (region: DataTierRegion, primary?: Database): Database => {
        const name = `${region.name}-db`;
        return new Database(name, {
            role: primary ? "replica" : "primary",
            sourceDbArn: primary?.arn,
            writerAddress: primary?.address,
            engine: db.engine,
            engineVersion: db.engineVersion,
            instanceClass: db.instanceClass,
            storage: { allocatedGb: db.allocatedStorageGb, maxAllocatedGb: db.maxAllocatedStorageGb },
            backupRetentionDays: db.backupRetentionDays,
            maintenanceWindow: db.maintenanceWindow,
            deletionProtection: args.deletionProtection,
            finalSnapshotIdentifier: finalSnapshotName(args.project, args.stack, name, args.now ?? new Date()),
            network: { vpcId: region.vpcId, subnetIds: region.privateSubnetIds, appSecurityGroupId: region.appSecurityGroupId },
            credentials: {
                username: credentials.username,
                password: primary ? undefined : credentials.password,
                secretArn: credentials.secretArnIn(region.name),
            },
            app: { instanceRoleName: region.instanceRoleName, parameterNames },
        }, { provider: region.provider });
    };

    // config.ts has checked that primaryRegion is one of the stack's regions.
    const primaryRegion = db.primaryRegion ?? names[0];
    const primary = build(args.regions.find((r) => r.name === primaryRegion)!);
    const replicas: Record<string, PromotableReplica> = {};
    for (const region of args.regions.filter((r) => r.name !== primaryRegion)) {
        const replica = build(region, primary);
        replicas[region.name] = { identifier: replica.identifier, arn: replica.arn };
    }
    return { primaryRegion, primary, replicas };
}
