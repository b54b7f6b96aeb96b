/**
 * Pure rules of the data tier: engine ports, versions and log types, which instance classes can run
 * Performance Insights, which region holds the writer, and the names apps look up. Kept free of
 * Pulumi resources so they are unit-tested directly.
 */

/**
 * The engines the data tier supports (RDS for PostgreSQL and RDS for MySQL); an object as well as a
 * type, so the component provider's schema (src/provider) can infer it as an enum.
 */
export const DatabaseEngine = { Postgres: "postgres", Mysql: "mysql" } as const;
/** One of {@link DatabaseEngine}'s values. */
export type DatabaseEngine = (typeof DatabaseEngine)[keyof typeof DatabaseEngine];

/** What a region's database is: the writer, or a cross-region read replica of it (an object as well as a type, for the provider's schema). */
export const DatabaseRole = { Primary: "primary", Replica: "replica" } as const;
/** One of {@link DatabaseRole}'s values. */
export type DatabaseRole = (typeof DatabaseRole)[keyof typeof DatabaseRole];

/** The port each engine listens on; the security group opens only this one. */
export function enginePort(engine: DatabaseEngine): number {
    return engine === "postgres" ? 5432 : 3306;
}

/**
 * The major version used when `database.engineVersion` is unset. Major only, so RDS picks the current
 * minor and `autoMinorVersionUpgrade` keeps it patched; MySQL 8.0 left standard support in July 2026.
 */
export function defaultEngineVersion(engine: DatabaseEngine): string {
    return engine === "postgres" ? "17" : "8.4";
}

/**
 * Log types exported to CloudWatch Logs. `general` (MySQL) is left out: it logs every statement and
 * costs more than it tells; `audit` needs an option group.
 */
export function logExports(engine: DatabaseEngine): string[] {
    return engine === "postgres" ? ["postgresql", "upgrade"] : ["error", "slowquery"];
}

/**
 * Whether the class can run Performance Insights: RDS rejects it on the smallest burstable sizes
 * (db.t2.*, and micro/small of db.t3 and db.t4g), and enabling it there fails the create.
 */
export function supportsPerformanceInsights(instanceClass: string): boolean {
    const [, family = "", size = ""] = instanceClass.split(".");
    if (family === "t2") {
        return false;
    }
    return !((family === "t3" || family === "t4g") && (size === "micro" || size === "small"));
}

/** The SSM parameters through which a region's app instances find their database. */
export interface DatabaseParameterNames {
    /** This region's instance address: the writer in the primary region, a read-only replica elsewhere. */
    endpoint: string;
    /** The writer's address, for writes from every region (active-active sends all writes there). */
    writerEndpoint: string;
    /** The engine port. */
    port: string;
    /** ARN of the master credentials secret as readable in this region (a regional replica of it). */
    secretArn: string;
}

/**
 * Parameter names, under `/<project>/<stack>/database/` so two stacks in one account never read each
 * other's database. The same names exist in every region, each with that region's values.
 */
export function databaseParameterNames(project: string, stack: string): DatabaseParameterNames {
    const prefix = `/${project}/${stack}/database`;
    return {
        endpoint: `${prefix}/endpoint`,
        writerEndpoint: `${prefix}/writer-endpoint`,
        port: `${prefix}/port`,
        secretArn: `${prefix}/secret-arn`,
    };
}

/**
 * The ARN of a Secrets Manager secret's replica in another region: replicas keep the name and the
 * random suffix, only the region field changes.
 */
export function secretArnInRegion(secretArn: string, region: string): string {
    const parts = secretArn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        throw new Error(`not an ARN: ${secretArn}`);
    }
    parts[3] = region;
    return parts.join(":");
}

/**
 * The final snapshot's name. It must be unique in the region when the instance is deleted, start
 * with a letter, hold only letters, digits and single hyphens, and not end with a hyphen. The time the
 * instance was first planned makes it unique per instance: a stack destroyed, recreated and destroyed
 * again would otherwise collide with its first final snapshot (DBSnapshotAlreadyExists).
 */
export function finalSnapshotName(project: string, stack: string, name: string, createdAt: Date): string {
    const stamp = createdAt.toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const clean = `${project}-${stack}-${name}-final`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
    const id = /^[a-z]/.test(clean) ? clean : `db-${clean}`;
    return `${id.slice(0, 255 - stamp.length - 1).replace(/-+$/, "")}-${stamp}`;
}

/**
 * A master password RDS accepts for both engines: 32 characters from letters and digits only (no
 * `/`, `@`, `"` or spaces, which RDS rejects; MySQL allows at most 41).
 */
export function generatePassword(randomBytes: (n: number) => Buffer): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const out: string[] = [];
    while (out.length < 32) {
        for (const b of randomBytes(64)) {
            // Rejection sampling keeps every character equally likely (248 = 4 * 62).
            if (b < 248 && out.length < 32) {
                out.push(alphabet[b % alphabet.length]);
            }
        }
    }
    return out.join("");
}
