/**
 * Where each region's instances pull their container image from. Pure, so the config checks and the
 * tests share one answer: every region pulls from its own region's ECR registry, through a
 * pull-through cache (ECR Public images), a replica (a private ECR image of the stack's account), or
 * an image named for that region. A standby that would pull from another region is a config error.
 */

/** A container image reference split into registry host, repository path and tag or digest. */
export interface ImageRef {
    /** Registry host, `docker.io` when the reference names none. */
    host: string;
    /** Repository path inside the registry (`nginx/nginx`, `library/nginx`). */
    repository: string;
    /** `:tag` or `@sha256:...`; `:latest` when the reference names neither. */
    reference: string;
}

/** The pull-through cache's upstream for ECR Public, which needs no credentials. */
export const ECR_PUBLIC_HOST = "public.ecr.aws";

const ECR_HOST_RE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/** Splits an image reference the way Docker does: the first path part is a host if it has a dot or a port. */
export function parseImage(image: string): ImageRef {
    const slash = image.indexOf("/");
    const first = slash < 0 ? "" : image.slice(0, slash);
    const hasHost = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
    const host = hasHost ? first : "docker.io";
    let rest = hasHost ? image.slice(slash + 1) : image;
    let reference = ":latest";
    const at = rest.indexOf("@");
    if (at >= 0) {
        reference = rest.slice(at);
        rest = rest.slice(0, at);
    } else {
        const colon = rest.lastIndexOf(":");
        if (colon > rest.lastIndexOf("/")) {
            reference = rest.slice(colon);
            rest = rest.slice(0, colon);
        }
    }
    const repository = host === "docker.io" && !rest.includes("/") ? `library/${rest}` : rest;
    return { host, repository, reference };
}

/** The private ECR registry a host names (account and region), or undefined for any other registry. */
export function ecrHost(host: string): { account: string; region: string } | undefined {
    const m = ECR_HOST_RE.exec(host);
    return m ? { account: m[1], region: m[2] } : undefined;
}

/** How one region gets its image; `repository` and `reference` are what to pull from that region's registry. */
export type ImageSource =
    /** Through this stack's pull-through cache rule in the region (upstream ECR Public). */
    | { kind: "pull-through"; upstream: string; repository: string; reference: string }
    /** A private ECR image in this region: pushed here, replicated here, or named per region. */
    | { kind: "ecr"; account: string; repository: string; reference: string; replicatedFrom?: string };

/** What the image plan needs to know of the stack config. */
export interface ImagePlanInput {
    /** `app.image`; undefined runs the demo site on `demoImage`. */
    image?: string;
    /** The demo site's image (ECR Public). */
    demoImage: string;
    /** `app.replicateImage`: replicate a private ECR image from its home region to the other regions. */
    replicate: boolean;
    /** The stack's regions in order, each with its optional `image` override. */
    regions: { name: string; image?: string }[];
}

/** Replication the program must configure: in `home`, for `repository`, to every region in `destinations`. */
export interface ReplicationPlan {
    /** The image's home region, where the registry's replication configuration lives. */
    home: string;
    /** The account whose registry holds the image (replication copies within it). */
    account: string;
    /** The repository to replicate (a prefix filter). */
    repository: string;
    /** Every other region of the stack. */
    destinations: string[];
}

/** The image plan: a source per region, the replication to set up, and what is wrong with the config. */
export interface ImagePlan {
    /** Per region name, where its instances pull from. */
    sources: Record<string, ImageSource>;
    /** The replication to configure, when a private image is replicated. */
    replication?: ReplicationPlan;
    /** `[config path, message]` pairs for the config's error list. */
    problems: [string, string][];
}

/**
 * Resolves where each region pulls from. A region never pulls from another region's registry or from
 * the internet at launch: ECR Public images go through the region's pull-through cache, a private
 * ECR image is replicated from its home region (when that is a stack region and replication is on),
 * and anything else needs an image per region.
 */
export function planImages(input: ImagePlanInput): ImagePlan {
    const sources: Record<string, ImageSource> = {};
    const problems: [string, string][] = [];
    const names = input.regions.map((r) => r.name);
    const base = parseImage(input.image ?? input.demoImage);
    const baseEcr = ecrHost(base.host);
    let replication: ReplicationPlan | undefined;
    let foreignReported = false;

    input.regions.forEach((r, i) => {
        if (r.image !== undefined) {
            if (input.image === undefined) {
                problems.push([`regions[${i}].image`, "overrides app.image for one region, but app.image is not set; set app.image too (the image's name in its home registry)"]);
                return;
            }
            const own = parseImage(r.image);
            const ecr = ecrHost(own.host);
            if (!ecr || ecr.region !== r.name) {
                problems.push([`regions[${i}].image`, `${r.image} is not in ${r.name}'s own ECR registry, so ${r.name} would depend on ${ecr ? ecr.region : own.host} to launch instances; name the image's copy in <account>.dkr.ecr.${r.name}.amazonaws.com`]);
                return;
            }
            sources[r.name] = { kind: "ecr", account: ecr.account, repository: own.repository, reference: own.reference };
            return;
        }
        if (base.host === ECR_PUBLIC_HOST) {
            sources[r.name] = { kind: "pull-through", upstream: ECR_PUBLIC_HOST, repository: base.repository, reference: base.reference };
            return;
        }
        if (baseEcr && baseEcr.region === r.name) {
            sources[r.name] = { kind: "ecr", account: baseEcr.account, repository: base.repository, reference: base.reference };
            return;
        }
        if (baseEcr && input.replicate && names.includes(baseEcr.region)) {
            sources[r.name] = { kind: "ecr", account: baseEcr.account, repository: base.repository, reference: base.reference, replicatedFrom: baseEcr.region };
            replication ??= { home: baseEcr.region, account: baseEcr.account, repository: base.repository, destinations: [] };
            replication.destinations.push(r.name);
            return;
        }
        if (baseEcr) {
            const why = !names.includes(baseEcr.region)
                ? `${baseEcr.region} is not a region of this stack, so nothing replicates it`
                : "app.replicateImage is false";
            problems.push([`regions[${i}].image`, `is not set, so ${r.name} would pull ${input.image} from ${baseEcr.region}'s registry and fail with that region (${why}); push the image to ECR in one of the stack's regions with app.replicateImage on, or set regions[${i}].image to its copy in ${r.name}`]);
            return;
        }
        if (!foreignReported) {
            foreignReported = true;
            problems.push(["app.image", `${input.image} comes from ${base.host}, outside the stack's regions, at every launch; push it to ECR in one of the stack's regions (the program replicates it to the others), use an ECR Public image (cached in each region), or give every region its own ECR image in regions[i].image (for Docker Hub, a pull-through cache rule with a secret named ecr-pullthroughcache/...; see README)`]);
        }
    });
    return { sources, replication, problems };
}

/**
 * The pull-through cache rule's repository prefix for a stack. A prefix is unique per registry
 * (account and region), so it carries the stack name; ECR allows 2-30 characters of lower-case
 * letters, digits and `.`/`_`/`-` between them (CreatePullThroughCacheRule, ecrRepositoryPrefix).
 */
export function cachePrefix(stack: string): string {
    const clean = stack.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "stack";
    const prefix = `hwt-${clean}`;
    if (prefix.length <= 30) {
        return prefix;
    }
    // Long stack names keep a stable hash so two of them cannot truncate to the same prefix.
    let h = 0x811c9dc5;
    for (const c of stack) {
        h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    }
    return `${prefix.slice(0, 21).replace(/-+$/, "")}-${h.toString(16).padStart(8, "0")}`;
}

/** The repository path a region pulls: the cache's path under the prefix, or the ECR repository itself. */
export function repositoryInRegion(source: ImageSource, prefix: string): string {
    return source.kind === "pull-through" ? `${prefix}/${source.repository}` : source.repository;
}
