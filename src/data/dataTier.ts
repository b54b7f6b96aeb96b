import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Database } from "./database";
import { DatabaseCredentials } from "./databaseCredentials";
import { databaseParameterNames, finalSnapshotName } from "./databaseSettings";

/** What the data tier needs from one region's web tier. */
export interface DataTierRegion {
    /** AWS region code; `opts.providers` holds this region's provider under it. */
    name: string;
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

/** Arguments for {@link DataTier}. */
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

/**
 * Options of {@link DataTier}. The tier spans regions, so it takes one aws provider per region in
 * `providers`, keyed by region code (Pulumi's own map is keyed by package and holds one aws provider).
 * Each region's children are created with that region's provider; the map is not passed to the engine.
 */
export interface DataTierOptions extends Omit<pulumi.ComponentResourceOptions, "provider" | "providers"> {
    /** One aws provider per region of `args.regions`, keyed by region code. */
    providers: Record<string, aws.Provider>;
}

/**
 * The data tier: master credentials in the first region (replicated to the others), the writer in
 * `database.primaryRegion`, and a read replica of it in every other region. Create it only when the
 * stack has a database. Its children were once created at the stack's root, hence their aliases.
 */
export class DataTier extends pulumi.ComponentResource {
    /** The region that holds the writer (`database.primaryRegion`, default the first region). */
    public readonly primaryRegion: string;
    /** The master credentials (their home is the first region). */
    public readonly credentials: DatabaseCredentials;
    /** The writer. */
    public readonly primary: Database;
    /** Every region's database (the writer and the replicas), by region. */
    public readonly databases: Record<string, Database>;
    /** Per replica region, what the failover function promotes there. */
    public readonly replicas: Record<string, PromotableReplica>;

    constructor(name: string, args: DataTierArgs, opts: DataTierOptions) {
        const { providers, ...rest } = opts;
        super("ha-web-tier:index:DataTier", name, {}, rest);
        const missing = args.regions.filter((r) => !providers?.[r.name]).map((r) => r.name);
        if (missing.length > 0) {
            throw new Error(`DataTier ${name}: opts.providers has no provider for ${missing.join(", ")}; pass one aws provider per region, keyed by region code`);
        }
        const primaryRegion = args.database.primaryRegion ?? args.regions[0]?.name;
        if (!args.regions.some((r) => r.name === primaryRegion)) {
            throw new Error(`DataTier ${name}: database.primaryRegion ${String(primaryRegion)} is not one of its regions (${args.regions.map((r) => r.name).join(", ")})`);
        }
        // Created at the stack's root before the data tier was a component: the alias keeps their URNs.
        const child = (region: string): pulumi.ComponentResourceOptions => ({
            parent: this, provider: providers[region], aliases: [{ parent: pulumi.rootStackResource }],
        });
        const built = buildDataTier(args, primaryRegion, child);
        this.primaryRegion = primaryRegion;
        this.credentials = built.credentials;
        this.primary = built.databases[primaryRegion];
        this.databases = built.databases;
        this.replicas = Object.fromEntries(Object.entries(built.databases).filter(([region]) => region !== primaryRegion)
            .map(([region, db]) => [region, { identifier: db.identifier, arn: db.arn }]));
        this.registerOutputs({
            primaryRegion: this.primaryRegion,
            credentials: this.credentials,
            primary: this.primary,
            databases: this.databases,
            replicas: this.replicas,
        });
    }
}

/** The credentials and every region's database; the writer first, so replicas can name it. */
function buildDataTier(args: DataTierArgs, primaryRegion: string, child: (region: string) => pulumi.ComponentResourceOptions,
): { credentials: DatabaseCredentials; databases: Record<string, Database> } {
    const db = args.database;
    const names = args.regions.map((r) => r.name);
    const home = args.regions[0];
    const credentials = new DatabaseCredentials(`${home.name}-db-credentials`, { replicaRegions: names.slice(1) }, child(home.name));
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
        }, child(region.name));
    };

    const primary = build(args.regions.find((r) => r.name === primaryRegion)!);
    const databases: Record<string, Database> = { [primaryRegion]: primary };
    for (const region of args.regions.filter((r) => r.name !== primaryRegion)) {
        databases[region.name] = build(region, primary);
    }
    return { credentials, databases };
}
