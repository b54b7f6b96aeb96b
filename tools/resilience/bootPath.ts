/** What a new instance of a tier needs while it boots and serves: its image registry, AWS endpoints named in its user data, and what its role lets it read. */
import { availableIn, Graph, isGlobal, isKnown, label, plain, str, T, type ModelResource } from "./graph";
import type { Tier } from "./topology";

/** ECR Public's API and its auth endpoint live in us-east-1 (AWS CLI: `aws ecr-public get-login-password --region us-east-1`). */
export const ECR_PUBLIC_HOME = "us-east-1";

/** One thing a booting instance reaches. */
export interface BootNeed {
    /** What, for messages ("pulls its image from 123456789012.dkr.ecr.us-west-2.amazonaws.com"). */
    what: string;
    /** The resource that says so: the launch template, a role policy, a parameter. */
    via: ModelResource;
    /** The stack's resource that is needed, when there is one. */
    target?: ModelResource;
    /** Regions where it can be reached; undefined when reachable from anywhere. */
    regions?: Set<string>;
    /** Reached over the internet, outside AWS's failure domains. */
    internet?: boolean;
    /** Needed only when a pull-through cache misses (the first pull of a tag). */
    onCacheMiss?: boolean;
    /** What to change so the tier's own region provides it. */
    fix: string;
}

/** A tier's boot path: what is needed, and what the plan cannot tell. */
export interface BootPath {
    needs: BootNeed[];
    /** What cannot be read before deploy, as sentences. */
    unknown: string[];
}

const IMAGE_FIX = "pull from a registry in the instance's own region (ECR replication or a pull-through cache there)";

/** How to give a region its own copy of a resource. */
function fixFor(target: ModelResource): string {
    if (T.secret.includes(target.type as never)) return `replicate ${label(target)} to the instance's region (its replicas)`;
    if (T.kmsKey.includes(target.type as never)) return `use a key in the instance's region (a multi-Region replica key)`;
    if (T.parameter.includes(target.type as never)) return `give the instance's region a parameter of its own`;
    return `give the instance's region its own copy of ${label(target)}`;
}

/** Decodes user data as the provider takes it (base64), or undefined when it is not text. */
export function decodeUserData(value: string): string | undefined {
    const t = value.trim();
    if (/^#!|^#cloud-config|^Content-Type:/m.test(t.slice(0, 200))) {
        return t;
    }
    if (!/^[A-Za-z0-9+/=\s]+$/.test(t)) {
        return undefined;
    }
    const text = Buffer.from(t, "base64").toString("utf8");
    return /[^\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]/.test(text) ? undefined : text;
}

/** An image reference's registry host, Docker's rules: a first path part with a dot or colon, or localhost. */
function registryHost(image: string): string {
    const first = image.split("/")[0] ?? "";
    return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

/** Regions named inside ARNs in a text (`arn:<partition>:<service>:<region>:`); as match arrays, group 1 the region. */
function arnRegions(text: string): RegExpMatchArray[] {
    return [...text.matchAll(/\barn:aws(?:-[a-z-]+)?:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d):/g)];
}

/** Images and AWS regions a boot script reaches. Pure; exported for its tests. */
export function scanUserData(script: string): { images: string[]; ecrHosts: { host: string; region: string }[]; regions: string[] } {
    // The shell removes quotes wherever they stand in a word: "reg.example.com"/app:1 pulls reg.example.com/app:1.
    const unquote = (s: string): string => s.replace(/['"]/g, "");
    const images = new Set<string>();
    // `docker pull`'s only option with a value is --platform (docker-pull(1): -a/--all-tags[=false],
    // --disable-content-trust[=true], --platform="", -q/--quiet[=false]): any other flag takes no separate word.
    for (const m of script.matchAll(/docker\s+pull\s+(?:(?:--platform\s+\S+|--?[a-z-]+(?:=\S+)?)\s+)*(\S+)/g)) {
        images.add(unquote(m[1] ?? ""));
    }
    // `docker run` ends with the image, after backslash-continued flags; the last non-flag word of the command.
    for (const m of script.matchAll(/docker\s+run\s+((?:[^\n]*\\\n)*[^\n]*)/g)) {
        const words = (m[1] ?? "").replace(/\\\n/g, " ").trim().split(/\s+/);
        const last = words[words.length - 1];
        if (last && !last.startsWith("-")) images.add(unquote(last));
    }
    const ecrHosts = [...script.matchAll(/(\d{12}\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?)/g)]
        .map((m) => ({ host: m[1] ?? "", region: m[2] ?? "" }));
    // A region named by the CLI flag, the SDKs' environment variables, or inside an ARN (`arn:aws:ssm:us-west-2:...`).
    const regions = [...script.matchAll(/(?:--region[= ]|\bAWS_(?:DEFAULT_)?REGION=)['"]?([a-z]{2}(?:-[a-z]+)+-\d)\b/g), ...arnRegions(script)]
        .map((m) => m[1] ?? "");
    return { images: [...images].filter(Boolean), ecrHosts, regions: [...new Set(regions)] };
}

function userDataNeeds(g: Graph, tier: Tier, lt: ModelResource, script: string): BootNeed[] {
    const scan = scanUserData(script);
    const needs: BootNeed[] = [];
    const caches = g.ofType(T.pullThroughCache);
    for (const image of scan.images) {
        const host = registryHost(image);
        const ecr = scan.ecrHosts.find((h) => h.host === host);
        if (ecr) {
            needs.push({ what: `pulls its image from ${host} (ECR in ${ecr.region})`, via: lt, regions: new Set([ecr.region]), fix: IMAGE_FIX });
            const prefix = image.slice(host.length + 1).split("/")[0];
            const cache = caches.find((c) => c.region === ecr.region && str(c.inputs.ecrRepositoryPrefix) === prefix);
            const upstream = cache ? str(cache.inputs.upstreamRegistryUrl) : undefined;
            if (cache && upstream) {
                needs.push({
                    what: `a first pull of a tag through the pull-through cache "${cache.name}" fetches it from ${upstream}`,
                    via: cache, onCacheMiss: true, internet: upstream !== "public.ecr.aws",
                    regions: upstream === "public.ecr.aws" ? new Set([ECR_PUBLIC_HOME]) : undefined,
                    fix: "keep the tags the standby needs in the cache (pull them ahead, e.g. from a scheduled probe) or replicate the image into the region",
                });
            }
        } else if (host === "public.ecr.aws") {
            needs.push({ what: `pulls its image from ECR Public (public.ecr.aws, homed in ${ECR_PUBLIC_HOME})`, via: lt, regions: new Set([ECR_PUBLIC_HOME]), internet: true, fix: IMAGE_FIX });
        } else {
            needs.push({ what: `pulls its image ${image} from ${host} over the internet`, via: lt, internet: true, fix: IMAGE_FIX });
        }
    }
    // A registry the script names without a `docker pull` of it (podman, a compose file, a login) is reached all the same.
    for (const ecr of scan.ecrHosts.filter((h) => !scan.images.some((i) => registryHost(i) === h.host))) {
        if (!needs.some((n) => n.what.includes(ecr.host))) {
            needs.push({ what: `names the registry ${ecr.host} (ECR in ${ecr.region})`, via: lt, regions: new Set([ecr.region]), fix: IMAGE_FIX });
        }
    }
    for (const region of scan.regions.filter((r) => r !== tier.region)) {
        needs.push({ what: `calls AWS APIs in ${region} from its user data (--region ${region})`, via: lt, regions: new Set([region]), fix: "call the instance's own region (its AWS_REGION) from the boot script" });
    }
    return needs;
}

/**
 * The documents that grant a role its permissions, with the property that holds each: its inline
 * `RolePolicy` resources, managed policies attached to it, and the role's own `inlinePolicies`.
 */
function policyDocuments(g: Graph, role: ModelResource): { via: ModelResource; prop: string }[] {
    const attached = g.referrers(role, T.rolePolicyAttachment).flatMap((a) => g.refs(a, "policyArn", T.policy));
    return [
        ...g.referrers(role, T.rolePolicy, "role").map((via) => ({ via, prop: "policy" })),
        ...attached.map((via) => ({ via, prop: "policy" })),
        ...(T.role.includes(role.type as never) ? [{ via: role, prop: "inlinePolicies" }] : []),
    ];
}

/** What the tier's instances may read through their role: parameters, secrets, keys, and what parameters point at. */
function roleNeeds(g: Graph, tier: Tier, lt: ModelResource): BootNeed[] {
    const needs: BootNeed[] = [];
    const seen = new Set<string>();
    const add = (via: ModelResource, target: ModelResource, what: string): void => {
        const key = `${via.urn}|${target.urn}`;
        if (seen.has(key) || isGlobal(target)) return;
        seen.add(key);
        needs.push({ what, via, target, regions: availableIn(g, target), fix: fixFor(target) });
    };
    const roles = g.allRefs(lt, T.instanceProfile).flatMap((p) => g.refs(p, "role"));
    for (const { via: policy, prop } of roles.flatMap((role) => policyDocuments(g, role))) {
        for (const target of g.refs(policy, prop)) {
            // A database is the data path (promotion), not something a booting instance waits for.
            if (T.rds.includes(target.type as never)) continue;
            add(policy, target, `may read ${label(target)}`);
            if (T.parameter.includes(target.type as never)) {
                for (const pointed of g.refs(target, "value").filter((x) => !T.rds.includes(x.type as never))) {
                    add(target, pointed, `holds the address of ${label(pointed)}`);
                }
            }
        }
        // A resource written as a literal ARN of another region is needed there just the same.
        const document = plain(policy.inputs[prop]);
        for (const m of arnRegions(typeof document === "string" ? document : JSON.stringify(document ?? ""))) {
            const region = m[1] ?? "";
            const key = `${policy.urn}|${region}`;
            if (region !== tier.region && !seen.has(key)) {
                seen.add(key);
                needs.push({ what: `may read ${m[0]}… (an ARN in ${region})`, via: policy, regions: new Set([region]),
                    fix: "grant the instance's own region's copy (an ARN in its region)" });
            }
        }
    }
    return needs;
}

/** The boot path of a tier's launch template. */
export function bootPathOf(g: Graph, tier: Tier): BootPath {
    const lt = tier.launchTemplate;
    if (!lt) {
        return { needs: [], unknown: [`what ${label(tier.asg)} launches: it has no launch template the plan can follow`] };
    }
    const needs: BootNeed[] = [];
    const unknown: string[] = [];
    const userData = plain(lt.inputs.userData);
    if (typeof userData === "string" && isKnown(userData)) {
        const script = decodeUserData(userData);
        if (script === undefined) {
            unknown.push(`which registry ${label(lt)} pulls from: its user data is not text the plan can read`);
        } else {
            needs.push(...userDataNeeds(g, tier, lt, script));
        }
    } else if (userData !== undefined) {
        unknown.push(`which registry ${label(lt)} pulls its image from: its user data is only known after deploy`);
    }
    // Anything else the template names in another region (an AMI copy, a key) is needed at launch too.
    for (const ref of g.allRefs(lt)) {
        if (!isGlobal(ref) && ref.region !== tier.region && !T.instanceProfile.includes(ref.type as never)) {
            needs.push({ what: `launches with ${label(ref)}`, via: lt, target: ref, regions: availableIn(g, ref), fix: fixFor(ref) });
        }
    }
    needs.push(...roleNeeds(g, tier, lt));
    return { needs, unknown };
}

/** True when a need can be met from `region` while `failed` is down. */
export function reachableDuring(need: BootNeed, region: string, failed: string): boolean {
    if (!need.regions) {
        return true;
    }
    if (need.regions.has(region)) {
        return true;
    }
    return [...need.regions].some((r) => r !== failed);
}
