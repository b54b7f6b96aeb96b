import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    type DatabaseEngine, type DatabaseParameterNames, type DatabaseRole,
    defaultEngineVersion, enginePort, logExports, supportsPerformanceInsights,
} from "./databaseSettings";

/** Where the database lives and who may reach it. */
export interface DatabaseNetworkArgs {
    /** The region's VPC. */
    vpcId: pulumi.Input<string>;
    /** Private subnets (at least two AZs) for the DB subnet group; never public ones. */
    subnetIds: pulumi.Input<string>[];
    /** The app instances' security group, the only source admitted on the engine port. */
    appSecurityGroupId: pulumi.Input<string>;
}

/** Master credentials, shared by every region through replication. */
export interface DatabaseCredentialArgs {
    /** The master user name; the same in every region, so a promoted replica keeps it. */
    username: string;
    /** The master password (primary only; a replica has the source's password). */
    password?: pulumi.Input<string>;
    /** ARN of the credentials secret as readable in this region. */
    secretArn: pulumi.Input<string>;
}

/** How the region's app instances find the database. */
export interface DatabaseAppArgs {
    /** Name of the app instances' IAM role, which may read the parameters and the secret below. */
    instanceRoleName: pulumi.Input<string>;
    /** Names of the SSM parameters to publish in this region. */
    parameterNames: DatabaseParameterNames;
}

/** gp3 storage of an instance. */
export interface DatabaseStorage {
    /** Size at creation, in GiB. */
    allocatedGb: number;
    /** Storage autoscaling's ceiling, in GiB. */
    maxAllocatedGb: number;
}

/** Arguments for {@link Database}. */
export interface DatabaseArgs {
    /** The writer, or a cross-region read replica of `sourceDbArn`. */
    role: DatabaseRole;
    /** ARN of the primary instance to replicate (required for, and only used by, a replica). */
    sourceDbArn?: pulumi.Input<string>;
    /** The writer's address, published as the writer endpoint in a replica's region. Unused by the primary, which publishes its own. */
    writerAddress?: pulumi.Input<string>;
    /** RDS engine. */
    engine: DatabaseEngine;
    /** Engine version (major, or major.minor); a replica inherits its source's. @default "17" for postgres, "8.4" for mysql */
    engineVersion?: string;
    /** Instance class; Performance Insights is turned off on classes that cannot run it. */
    instanceClass: string;
    /** gp3 storage: initial size and the autoscaling ceiling, in GiB. */
    storage: DatabaseStorage;
    /** Days of automated backups; a replica keeps them too, so it is promotable with point-in-time recovery. */
    backupRetentionDays: number;
    /** Weekly maintenance window (UTC). */
    maintenanceWindow: string;
    /** Deletion protection on the instance. */
    deletionProtection: boolean;
    /** Name of the snapshot RDS takes when the primary is deleted (a replica cannot take one); unique per instance. */
    finalSnapshotIdentifier: string;
    /** The region's network. */
    network: DatabaseNetworkArgs;
    /** Master credentials. */
    credentials: DatabaseCredentialArgs;
    /** App wiring. */
    app: DatabaseAppArgs;
}

/**
 * The child resources of a {@link Database}, for callers that attach to or extend them. Kept outside the
 * class's fields: the component provider infers a schema output from every field, and a resource has
 * no schema type of its own there.
 */
export interface DatabaseResources {
    /** The RDS instance. */
    instance: aws.rds.Instance;
    /** The KMS key of its storage and Performance Insights. */
    key: aws.kms.Key;
    /** Its security group, open to the app instances' group only. */
    securityGroup: aws.ec2.SecurityGroup;
    /** Its DB subnet group. */
    subnetGroup: aws.rds.SubnetGroup;
}

const DATABASE_RESOURCES = new WeakMap<Database, DatabaseResources>();

/**
 * One region's database: a KMS key, a DB subnet group, a security group open to the app instances
 * only, and an RDS instance that is the writer (Multi-AZ) or an encrypted cross-region read replica of
 * it; plus the SSM parameters and the IAM permissions through which the region's app finds it.
 * Create it with the region's provider. Child names do not depend on the role, so flipping the
 * primary region keeps the promoted replica the same resource.
 */
export class Database extends pulumi.ComponentResource {
    /** The child resources: instance, key, securityGroup, subnetGroup. */
    public get resources(): DatabaseResources {
        return DATABASE_RESOURCES.get(this)!;
    }

    /** The RDS instance identifier (what the failover function promotes). */
    public readonly identifier: pulumi.Output<string>;
    /** The instance's ARN, the source of the replicas when this is the primary. */
    public readonly arn: pulumi.Output<string>;
    /** The instance's DNS address. */
    public readonly address: pulumi.Output<string>;
    /** The engine port. */
    public readonly port: number;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:Database", name, {}, opts);
        const res = {} as DatabaseResources;
        const parent = { parent: this };
        const replica = args.role === "replica";
        if (replica && args.sourceDbArn === undefined) {
            throw new Error(`${name}: a replica needs sourceDbArn (the primary instance's ARN)`);
        }
        if (!replica && args.credentials.password === undefined) {
            throw new Error(`${name}: the primary needs credentials.password`);
        }
        const { engine, instanceClass, storage } = args;
        this.port = enginePort(engine);

        const key = new aws.kms.Key(`${name}-key`, {
            description: `ha-web-tier ${engine} storage and Performance Insights (${name})`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
        }, parent);
        const subnets = new aws.rds.SubnetGroup(`${name}-subnets`, {
            description: "Private subnets only",
            subnetIds: args.network.subnetIds,
        }, parent);
        // No egress rules: the database answers connections and opens none.
        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.network.vpcId,
            description: `Database: ${engine} port from the app instances only`,
            tags: { Name: name },
        }, parent);
        new aws.vpc.SecurityGroupIngressRule(`${name}-from-app`, {
            securityGroupId: sg.id, ipProtocol: "tcp", fromPort: this.port, toPort: this.port,
            referencedSecurityGroupId: args.network.appSecurityGroupId, description: "From the app instances only",
        }, parent);
        // The app group allows only HTTPS out (the provider strips the default allow-all egress), so the
        // path to the database is opened here, by id, on the engine port alone.
        new aws.vpc.SecurityGroupEgressRule(`${name}-app-to-db`, {
            securityGroupId: args.network.appSecurityGroupId, ipProtocol: "tcp", fromPort: this.port, toPort: this.port,
            referencedSecurityGroupId: sg.id, description: "App instances to the database",
        }, parent);

        const pi = supportsPerformanceInsights(instanceClass);
        // Settings both roles share; keeping them identical means a flip changes only what the role must.
        const common: aws.rds.InstanceArgs = {
            engine,
            instanceClass,
            allocatedStorage: storage.allocatedGb,
            maxAllocatedStorage: storage.maxAllocatedGb,
            storageType: "gp3",
            storageEncrypted: true,
            kmsKeyId: key.arn,
            port: this.port,
            dbSubnetGroupName: subnets.name,
            vpcSecurityGroupIds: [sg.id],
            publiclyAccessible: false,
            // The writer gets a standby in a second AZ; a replica is the cross-region copy.
            multiAz: !replica,
            backupRetentionPeriod: args.backupRetentionDays,
            maintenanceWindow: args.maintenanceWindow,
            deletionProtection: args.deletionProtection,
            copyTagsToSnapshot: true,
            autoMinorVersionUpgrade: true,
            enabledCloudwatchLogsExports: logExports(engine),
            performanceInsightsEnabled: pi,
            performanceInsightsKmsKeyId: pi ? key.arn : undefined,
            performanceInsightsRetentionPeriod: pi ? 7 : undefined,
            tags: { Name: name },
        };
        const roleArgs: Partial<aws.rds.InstanceArgs> = replica
            ? {
                // A cross-region replica takes the source's ARN and a key in its own region; it may not
                // set a username, password or database name, and RDS refuses a final snapshot of it.
                replicateSourceDb: args.sourceDbArn,
                skipFinalSnapshot: true,
            }
            : {
                engineVersion: args.engineVersion ?? defaultEngineVersion(engine),
                username: args.credentials.username,
                password: args.credentials.password,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: args.finalSnapshotIdentifier,
            };
        // The final snapshot's name carries the time of the first plan; later runs keep the stored one, and
        // an instance that gains it later (a promoted replica) takes the value of that run.
        const db = new aws.rds.Instance(`${name}-instance`, { ...common, ...roleArgs }, { parent: this, protect: true, ignoreChanges: ["finalSnapshotIdentifier"] });

        this.identifier = db.identifier;
        this.arn = db.arn;
        this.address = db.address;
        res.instance = db;
        res.key = key;
        res.securityGroup = sg;
        res.subnetGroup = subnets;
        this.publish(name, args, replica ? args.writerAddress ?? db.address : db.address);
        DATABASE_RESOURCES.set(this, res);
        this.registerOutputs({
            identifier: this.identifier, arn: this.arn, address: this.address, port: this.port,
            instance: db, key, securityGroup: sg, subnetGroup: subnets,
        });
    }

    /** SSM parameters for the region's app, and a role policy that reads exactly those and the secret. */
    private publish(name: string, args: DatabaseArgs, writerAddress: pulumi.Input<string>): void {
        const parent = { parent: this };
        const names = args.app.parameterNames;
        const values: [keyof DatabaseParameterNames, pulumi.Input<string>, string][] = [
            ["endpoint", this.address, args.role === "replica" ? "This region's read replica (read-only)" : "The writer"],
            ["writerEndpoint", writerAddress, "The writer, for writes from any region"],
            ["port", String(this.port), "Engine port"],
            ["secretArn", args.credentials.secretArn, "Master credentials secret, readable in this region"],
        ];
        const params = values.map(([key, value, description]) => new aws.ssm.Parameter(`${name}-param-${kebab(key)}`, {
            name: names[key], type: "String", value, description,
        }, parent));
        new aws.iam.RolePolicy(`${name}-app-access`, {
            role: args.app.instanceRoleName,
            // A document object, not a JSON string: its actions and resources stay checkable in a preview
            // while the ARNs are still unknown.
            policy: {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "DatabaseParameters", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: params.map((p) => p.arn) },
                    { Sid: "DatabaseCredentials", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: [args.credentials.secretArn] },
                ],
            },
        }, parent);
    }
}

function kebab(s: string): string {
    return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
