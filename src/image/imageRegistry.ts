import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ImageSource, repositoryInRegion } from "./imageSource";

/** An IAM statement's effect (an object as well as a type, for the provider's schema). */
export const PolicyEffect = { Allow: "Allow", Deny: "Deny" } as const;
/** One of {@link PolicyEffect}'s values. */
export type PolicyEffect = (typeof PolicyEffect)[keyof typeof PolicyEffect];

/** One IAM policy statement, as the instance role's image policy holds them. */
export interface PolicyStatement {
    /** What the statement is for. */
    Sid: string;
    /** Allow (the statements RegionImage makes only allow). */
    Effect: PolicyEffect;
    /** The ECR actions. */
    Action: string[];
    /** The repositories, or "*" for the calls that support no resource-level permissions. */
    Resource: pulumi.Input<pulumi.Input<string>[]> | "*";
}

/** Arguments for {@link RegionImage}. */
export interface RegionImageArgs {
    /** The region this component's provider deploys to. */
    region: string;
    /** Where the region's instances pull from (imageSource.ts). */
    source: ImageSource;
    /** This stack's pull-through cache prefix (`cachePrefix(stack)`). */
    cachePrefix: string;
    /**
     * Set in the home region of a replicated private image: the repository and the regions ECR copies
     * it to. ECR keeps one replication configuration per registry (account and region), so this
     * replaces any other rules of that registry.
     */
    replication?: { account: string; repository: string; destinations: string[] };
}

/**
 * The image a region's instances pull, always from the region's own ECR registry: a pull-through
 * cache rule with upstream ECR Public (no credentials; ECR creates the cached repository on the first
 * pull), or a private repository that replication fills. In the image's home region it also holds the
 * registry's replication configuration. Create it with the region's provider.
 */
export class RegionImage extends pulumi.ComponentResource {
    /** The image URI in this region's registry, for the user data. */
    public readonly imageUri: pulumi.Output<string>;
    /** What the instance role needs to pull it (and nothing in another region). */
    public readonly pullStatements: PolicyStatement[];
    /** Resources the first pull needs in place (the cache rule); instances wait for them. */
    public readonly ready: pulumi.Resource[] = [];

    constructor(name: string, args: RegionImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:RegionImage", name, {}, opts);
        const parent = { parent: this };
        const src = args.source;
        const partition = aws.getPartitionOutput({}, parent);
        const caller = aws.getCallerIdentityOutput({}, parent).accountId;
        // A cached image lives in the deploying account's registry; a private image in its own account's.
        const account: pulumi.Input<string> = src.kind === "pull-through" ? caller : src.account;
        const repository = repositoryInRegion(src, args.cachePrefix);

        if (src.kind === "pull-through") {
            this.ready.push(new aws.ecr.PullThroughCacheRule(`${name}-cache`, {
                ecrRepositoryPrefix: args.cachePrefix,
                upstreamRegistryUrl: src.upstream,
            }, parent));
        }

        if (args.replication) {
            const r = args.replication;
            // Replication writes to the deploying account's registry; an image of another account would
            // never be copied, so the mismatch fails the deployment here rather than at the first wake.
            const registryId = caller.apply((acct) => {
                if (acct !== r.account) {
                    throw new Error(`ha-web-tier:app.image: is in account ${r.account}, but the stack deploys to account ${acct}, whose ECR replication cannot copy it; set regions[i].image to a copy in each region, or push the image to account ${acct}`);
                }
                return acct;
            });
            new aws.ecr.ReplicationConfiguration(`${name}-replication`, {
                replicationConfiguration: {
                    rules: [{
                        destinations: r.destinations.map((region) => ({ region, registryId })),
                        repositoryFilters: [{ filter: r.repository, filterType: "PREFIX_MATCH" }],
                    }],
                },
            }, parent);
        }

        this.imageUri = pulumi.interpolate`${account}.dkr.ecr.${args.region}.${partition.dnsSuffix}/${repository}${src.reference}`;
        const repoArn = pulumi.interpolate`arn:${partition.partition}:ecr:${args.region}:${account}:repository/${src.kind === "pull-through" ? `${args.cachePrefix}/*` : repository}`;
        const pull = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];
        this.pullStatements = [
            // GetAuthorizationToken has no resource-level permissions: it must name "*".
            { Sid: "RegistryLogin", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
            {
                Sid: "PullFromThisRegion",
                Effect: "Allow",
                // The first pull through a cache rule imports the image and creates its repository, with the
                // puller's permissions (ECR user guide, "IAM permissions required to sync an upstream registry").
                Action: src.kind === "pull-through" ? [...pull, "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"] : pull,
                Resource: [repoArn],
            },
        ];
        this.registerOutputs({ imageUri: this.imageUri, pullStatements: this.pullStatements, ready: this.ready });
    }
}
