import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { randomBytes } from "crypto";
import { generatePassword, secretArnInRegion } from "./databaseSettings";

/** Arguments for {@link DatabaseCredentials}. */
export interface DatabaseCredentialsArgs {
    /** Regions (other than this component's own) that get a read replica of the secret. */
    replicaRegions: string[];
}

/**
 * The child resources of a {@link DatabaseCredentials}, for callers that attach to or extend them. Kept outside the
 * class's fields: the component provider infers a schema output from every field, and a resource has
 * no schema type of its own there.
 */
export interface DatabaseCredentialsResources {
    /** The secret (replicated to every region of the stack). */
    secret: aws.secretsmanager.Secret;
}

const DATABASECREDENTIALS_RESOURCES = new WeakMap<DatabaseCredentials, DatabaseCredentialsResources>();

/**
 * The database's master credentials in one Secrets Manager secret, replicated to every other region
 * of the stack.
 *
 * Why not the RDS-managed master password: RDS refuses to create a read replica of a PostgreSQL or
 * MySQL instance whose password it manages ("Creating read replicas for source instance ... where
 * ManageMasterUserPassword is enabled is not supported"), and the managed secret would live only in
 * the primary's region, unreadable exactly when that region fails. A multi-Region secret is readable
 * from its regional replica while its home region is down.
 *
 * The password is generated once, when the secret version is created; later runs generate a new one
 * that `ignoreChanges` drops, so the stored value (and the database's password) never churns. It is
 * a Pulumi secret in state and never printed. Create the component with the provider of the stack's
 * first region; that home does not move when the database's primary region is flipped.
 */
export class DatabaseCredentials extends pulumi.ComponentResource {
    /** The child resources: secret. */
    public get resources(): DatabaseCredentialsResources {
        return DATABASECREDENTIALS_RESOURCES.get(this)!;
    }

    /** The master user name. */
    public readonly username: string;
    /** The master password as stored in the secret (a Pulumi secret). */
    public readonly password: pulumi.Output<string>;
    /** ARN of the secret in its home region. */
    public readonly secretArn: pulumi.Output<string>;

    constructor(name: string, args: DatabaseCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:DatabaseCredentials", name, {}, opts);
        const res = {} as DatabaseCredentialsResources;
        // Every region's instance shares it through replication.
        this.username = "dbadmin";

        const secret = new aws.secretsmanager.Secret(`${name}-secret`, {
            description: "Master credentials of the ha-web-tier database (username, password), replicated to every region of the stack",
            recoveryWindowInDays: 30,
            // The AWS-managed key in every region: a customer key per region would make each region's
            // key a dependency of this secret before the databases that own those keys exist.
            replicas: args.replicaRegions.map((region) => ({ region })),
        }, { parent: this, protect: true });

        const initial = pulumi.secret(JSON.stringify({ username: this.username, password: generatePassword(randomBytes) }));
        const version = new aws.secretsmanager.SecretVersion(`${name}-secret-version`, {
            secretId: secret.id,
            secretString: initial,
        }, { parent: this, ignoreChanges: ["secretString"] });

        // Read back what the secret holds, so the database always gets the stored password.
        this.password = pulumi.secret(version.secretString.apply((s) => (JSON.parse(s ?? "{}") as { password?: string }).password ?? ""));
        this.secretArn = secret.arn;
        res.secret = secret;
        DATABASECREDENTIALS_RESOURCES.set(this, res);
        this.registerOutputs({ username: this.username, password: this.password, secretArn: this.secretArn, secret });
    }

    /** The ARN under which app instances in `region` read the secret (its replica there, or the secret itself). */
    secretArnIn(region: string): pulumi.Output<string> {
        return this.secretArn.apply((arn) => secretArnInRegion(arn, region));
    }
}
