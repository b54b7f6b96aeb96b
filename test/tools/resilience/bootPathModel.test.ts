/**
 * What a booting instance of a tier needs (bootPathOf), what its boot script names (scanUserData,
 * decodeUserData) and when a need can be met during a region's failure (reachableDuring), over small
 * synthetic stacks and scripts.
 */
import * as assert from "node:assert/strict";
import { bootPathOf, decodeUserData, reachableDuring, scanUserData, type BootNeed, type BootPath } from "../../../tools/resilience/bootPath";
import type { ModelResource } from "../../../tools/resilience/graph";
import { readTopology } from "../../../tools/resilience/topology";
import { addTier, Stack, UNKNOWN } from "./synthetic";

const b64 = (text: string): string => Buffer.from(text).toString("base64");

/** eu-west-1's tier with this boot script (base64), or the user data given as is. */
function stack(script?: string, raw?: unknown): Stack {
    const s = new Stack();
    addTier(s, { region: "eu-west-1", zones: ["eu-west-1a", "eu-west-1b"], desired: 2, nat: "per-az" });
    s.set("eu-west-1-lt", { userData: raw !== undefined ? raw : script === undefined ? undefined : b64(script) });
    return s;
}
const bootOf = (s: Stack): BootPath => {
    const t = readTopology(s.resources);
    const tier = t.tiers.find((x) => x.region === "eu-west-1");
    assert.ok(tier);
    return bootPathOf(t.graph, tier);
};
const view = (n: BootNeed): Record<string, unknown> => ({
    what: n.what, via: n.via.name, ...(n.target ? { target: n.target.name } : {}), regions: n.regions ? [...n.regions].sort() : undefined,
    ...(n.internet !== undefined ? { internet: n.internet } : {}), ...(n.onCacheMiss !== undefined ? { onCacheMiss: n.onCacheMiss } : {}), fix: n.fix,
});
const needsOf = (s: Stack): Record<string, unknown>[] => bootOf(s).needs.map(view);
const IMAGE_FIX = "pull from a registry in the instance's own region (ECR replication or a pull-through cache there)";
const resource = (s: Stack, name: string): ModelResource => {
    const r = s.resources.find((x) => x.name === name);
    assert.ok(r, `no ${name}`);
    return r;
};
/** Grants the tier's role a policy (`doc`) naming `targets` by dependency. */
function grant(s: Stack, doc: unknown, targets: string[]): void {
    s.add("aws:iam/rolePolicy:RolePolicy", "app-policy", "eu-west-1", { policy: doc }, { role: ["eu-west-1-app"], policy: targets });
}

describe("resilience model: what a booting instance needs", () => {
    it("user data is read as a script, cloud-config or MIME text as it is, as base64 (line-wrapped too), and not at all when binary or neither", () => {
        assert.equal(decodeUserData("  \n#!/bin/bash\necho hi\n"), "#!/bin/bash\necho hi");
        assert.equal(decodeUserData("#cloud-config\npackages: [docker]"), "#cloud-config\npackages: [docker]");
        assert.equal(decodeUserData("Content-Type: multipart/mixed\n\n--x"), "Content-Type: multipart/mixed\n\n--x");
        assert.equal(decodeUserData("IyEvYmluL2Jhc2gK\nZWNobyBoaQo="), "#!/bin/bash\necho hi\n");
        // Not at a line start, or past the first 200 characters: not a script marker.
        assert.equal(decodeUserData("echo #!x"), undefined);
        assert.equal(decodeUserData("x #cloud-config"), undefined);
        assert.equal(decodeUserData("x Content-Type: text"), undefined);
        assert.equal(decodeUserData(`${"x".repeat(250)}\n#!/bin/bash`), undefined);
        assert.equal(decodeUserData("@@aGVsbG8="), undefined);
        assert.equal(decodeUserData("aGVsbG8=@@"), undefined);
        assert.equal(decodeUserData("H4sIAAAAAAAAA1NW1E/KzNNPSizO4EpNzshXyMjkAgCwlYsVFAAAAA=="), undefined);
    });

    it("finds the images a script pulls, flags and all (a flag without a value never takes the image for one), and the one each docker run ends with", () => {
        const script = [
            "docker  pull  reg.example.com/a:1",
            "docker pull -q reg.example.com/b:1",
            "docker pull --quiet  reg.example.com/c:1",
            "docker pull --platform=linux/amd64 reg.example.com/d:1",
            "docker pull --platform  linux/arm64 reg.example.com/e:1",
            "docker pull ''",
            "docker  run  -d --name app \\",
            "  --network host \\",
            "  'reg.example.com/f:1'  ",
            "docker run -d\\",
            "reg.example.com/g:1",
            "docker run --help",
        ].join("\n");
        assert.deepEqual(scanUserData(script).images, ["reg.example.com/a:1", "reg.example.com/b:1", "reg.example.com/c:1", "reg.example.com/d:1", "reg.example.com/e:1", "reg.example.com/f:1", "reg.example.com/g:1"]);
        assert.deepEqual(scanUserData("docker run -d \"reg.example.com/h:1\"").images, ["reg.example.com/h:1"]);
        // Quoted in part: the shell joins the pieces, so the registry is the ECR host, not a host ending in a quote.
        assert.deepEqual(scanUserData("docker pull \"123456789012.dkr.ecr.us-west-2.amazonaws.com\"/app:1\ndocker run -d 'reg.example.com'/i:'1'").images,
            ["123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1", "reg.example.com/i:1"]);
    });

    it("finds regions in ECR hosts, CLI flags, SDK variables and ARNs, in every partition", () => {
        const scan = scanUserData([
            "docker login 123456789012.dkr.ecr.us-gov-west-1.amazonaws.com",
            "aws s3 ls --region 'eu-west-3'",
            "AWS_REGION=ap-northeast-1 aws sts get-caller-identity",
            "aws ssm get-parameter --name arn:aws-cn:ssm:cn-north-1:123456789012:parameter/x",
            "aws ssm get-parameter --name arn:aws-us-gov:ssm:us-gov-east-1:123456789012:parameter/y",
        ].join("\n"));
        assert.deepEqual(scan.ecrHosts, [{ host: "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com", region: "us-gov-west-1" }]);
        assert.deepEqual(scan.regions, ["eu-west-3", "ap-northeast-1", "cn-north-1", "us-gov-east-1"]);
        assert.deepEqual(scanUserData("aws s3 ls --region us-gov-east-1").regions, ["us-gov-east-1"]);
    });

    it("an image's registry is its first path part when that has a dot, a port or is localhost; Docker Hub otherwise", () => {
        const hosts = ["localhost:5000/app:1", "localhost/app:1", "library/nginx:1", "nginx:1", "registry.example.com/app:1"]
            .map((image) => needsOf(stack(`docker pull ${image}`))[0]?.what);
        assert.deepEqual(hosts, [
            "pulls its image localhost:5000/app:1 from localhost:5000 over the internet", "pulls its image localhost/app:1 from localhost over the internet",
            "pulls its image library/nginx:1 from docker.io over the internet", "pulls its image nginx:1 from docker.io over the internet",
            "pulls its image registry.example.com/app:1 from registry.example.com over the internet",
        ]);
    });

    it("an ECR image is needed in its registry's region; ECR Public in us-east-1 over the internet; other registries over the internet", () => {
        assert.deepEqual(needsOf(stack("docker pull 123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1\ndocker login 123456789012.dkr.ecr.us-west-2.amazonaws.com")), [
            { what: "pulls its image from 123456789012.dkr.ecr.us-west-2.amazonaws.com (ECR in us-west-2)", via: "eu-west-1-lt", regions: ["us-west-2"], fix: IMAGE_FIX },
        ]);
        assert.deepEqual(needsOf(stack("docker pull public.ecr.aws/nginx/nginx:1")), [
            { what: "pulls its image from ECR Public (public.ecr.aws, homed in us-east-1)", via: "eu-west-1-lt", regions: ["us-east-1"], internet: true, fix: IMAGE_FIX },
        ]);
        assert.deepEqual(needsOf(stack("docker pull nginx:1")), [
            { what: "pulls its image nginx:1 from docker.io over the internet", via: "eu-west-1-lt", regions: undefined, internet: true, fix: IMAGE_FIX },
        ]);
    });

    it("a registry the script names without pulling from it is needed once; a region the script calls other than its own is needed", () => {
        const host = "123456789012.dkr.ecr.us-west-2.amazonaws.com";
        assert.deepEqual(needsOf(stack(`docker pull nginx:1\ndocker login ${host}\npodman pull ${host}/app:1\naws s3 ls --region eu-west-1\naws s3 ls --region us-east-2`)), [
            { what: "pulls its image nginx:1 from docker.io over the internet", via: "eu-west-1-lt", regions: undefined, internet: true, fix: IMAGE_FIX },
            { what: `names the registry ${host} (ECR in us-west-2)`, via: "eu-west-1-lt", regions: ["us-west-2"], fix: IMAGE_FIX },
            { what: "calls AWS APIs in us-east-2 from its user data (--region us-east-2)", via: "eu-west-1-lt", regions: ["us-east-2"], fix: "call the instance's own region (its AWS_REGION) from the boot script" },
        ]);
    });

    it("a pull-through cache in the registry's region for the image's prefix adds what a cache miss reaches", () => {
        const cached = (cache: { region: string; prefix: string; upstream: unknown }): Record<string, unknown>[] => {
            const s = stack("docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/hub/library/nginx:1");
            s.add("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "cache", cache.region, { ecrRepositoryPrefix: cache.prefix, upstreamRegistryUrl: cache.upstream });
            return needsOf(s).slice(1);
        };
        const fix = "keep the tags the standby needs in the cache (pull them ahead, e.g. from a scheduled probe) or replicate the image into the region";
        assert.deepEqual(cached({ region: "eu-west-1", prefix: "hub", upstream: "registry-1.docker.io" }), [{
            what: 'a first pull of a tag through the pull-through cache "cache" fetches it from registry-1.docker.io', via: "cache", regions: undefined, internet: true, onCacheMiss: true, fix,
        }]);
        assert.deepEqual(cached({ region: "eu-west-1", prefix: "hub", upstream: "public.ecr.aws" }), [{
            what: 'a first pull of a tag through the pull-through cache "cache" fetches it from public.ecr.aws', via: "cache", regions: ["us-east-1"], internet: false, onCacheMiss: true, fix,
        }]);
        assert.deepEqual(cached({ region: "eu-west-2", prefix: "hub", upstream: "public.ecr.aws" }), []);
        assert.deepEqual(cached({ region: "eu-west-1", prefix: "quay", upstream: "public.ecr.aws" }), []);
        assert.deepEqual(cached({ region: "eu-west-1", prefix: "hub", upstream: UNKNOWN }), []);
    });

    it("what the role may read is needed where it lives, with the fix for its kind; databases and global services are not", () => {
        const s = stack();
        s.add("aws:secretsmanager/secret:Secret", "secret", "us-west-2", { replicas: [{ region: "eu-central-1" }] });
        s.add("aws:kms/key:Key", "key", "us-west-2");
        s.add("aws:kms/replicaKey:ReplicaKey", "key-replica", "eu-central-1", {}, { primaryKeyArn: ["key"] });
        s.add("aws:dynamodb/table:Table", "table", "us-west-2");
        s.add("aws:rds/instance:Instance", "db", "us-west-2", {});
        s.add("aws:route53/zone:Zone", "zone", "us-east-1");
        s.add("aws:ssm/parameter:Parameter", "param", "us-west-2", {}, { value: ["table", "db"] });
        // Only a parameter is followed to what it holds: an API key's value is a credential, not an address.
        s.add("aws:secretsmanager/secretVersion:SecretVersion", "generated", "us-east-2");
        s.add("aws:apigateway/apiKey:ApiKey", "api-key", "us-west-2", {}, { value: ["generated"] });
        grant(s, { Statement: [{ Effect: "Allow", Action: "*" }] }, ["secret", "key", "table", "db", "zone", "param", "param", "api-key"]);
        assert.deepEqual(needsOf(s), [
            { what: 'may read Secret "secret"', via: "app-policy", target: "secret", regions: ["eu-central-1", "us-west-2"], fix: 'replicate Secret "secret" to the instance\'s region (its replicas)' },
            { what: 'may read Key "key"', via: "app-policy", target: "key", regions: ["eu-central-1", "us-west-2"], fix: "use a key in the instance's region (a multi-Region replica key)" },
            { what: 'may read Table "table"', via: "app-policy", target: "table", regions: ["us-west-2"], fix: 'give the instance\'s region its own copy of Table "table"' },
            { what: 'may read Parameter "param"', via: "app-policy", target: "param", regions: ["us-west-2"], fix: "give the instance's region a parameter of its own" },
            { what: 'holds the address of Table "table"', via: "param", target: "table", regions: ["us-west-2"], fix: 'give the instance\'s region its own copy of Table "table"' },
            { what: 'may read ApiKey "api-key"', via: "app-policy", target: "api-key", regions: ["us-west-2"], fix: 'give the instance\'s region its own copy of ApiKey "api-key"' },
        ]);
    });

    it("only policies attached to the instances' role count: another role's policy that merely names it, or a role that is not an IAM role, grants nothing", () => {
        const s = stack();
        s.add("aws:secretsmanager/secret:Secret", "secret", "us-west-2");
        s.add("aws:iam/role:Role", "deployer", "eu-west-1");
        s.add("aws:iam/rolePolicy:RolePolicy", "pass-app-role", "eu-west-1", { policy: { Statement: [{ Effect: "Allow", Action: "iam:PassRole" }] } },
            { role: ["deployer"], policy: ["eu-west-1-app", "secret"] });
        assert.deepEqual(needsOf(s), []);
        const component = stack();
        component.add("ha-web-tier:index:AppRole", "app-role", "eu-west-1");
        resource(component, "eu-west-1-profile").propertyDependencies = { role: [resource(component, "app-role").urn] };
        assert.deepEqual(bootOf(component), { needs: [], unknown: [] });
    });

    it("an ARN of another region in a policy document is needed once per region, written as JSON text or as an object", () => {
        const arn = (region: string): string => `arn:aws:ssm:${region}:123456789012:parameter/app`;
        const fix = "grant the instance's own region's copy (an ARN in its region)";
        const doc = { Statement: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: [arn("us-west-2"), `${arn("us-west-2")}-2`, arn("eu-west-1"), arn("us-east-2")] }] };
        const need = (region: string): Record<string, unknown> => ({ what: `may read arn:aws:ssm:${region}:… (an ARN in ${region})`, via: "app-policy", regions: [region], fix });
        for (const written of [doc, JSON.stringify(doc)]) {
            const s = stack();
            grant(s, written, []);
            assert.deepEqual(needsOf(s), [need("us-west-2"), need("us-east-2")]);
        }
    });

    it("whatever the launch template names in another region is needed at launch, but not its instance profile or a global resource", () => {
        const s = stack();
        s.add("aws:ec2/amiCopy:AmiCopy", "ami", "us-west-2");
        s.add("aws:ec2/amiCopy:AmiCopy", "local-ami", "eu-west-1");
        s.add("aws:iam/role:Role", "global-role", "global");
        resource(s, "eu-west-1-lt").propertyDependencies = { ...resource(s, "eu-west-1-lt").propertyDependencies, imageId: [resource(s, "ami").urn, resource(s, "local-ami").urn, resource(s, "global-role").urn] };
        resource(s, "eu-west-1-profile").region = "us-west-2";
        assert.deepEqual(needsOf(s), [
            { what: 'launches with AmiCopy "ami"', via: "eu-west-1-lt", target: "ami", regions: ["us-west-2"], fix: 'give the instance\'s region its own copy of AmiCopy "ami"' },
        ]);
    });

    it("what the plan cannot read is said: no launch template, user data known only after deploy or not text; none when unset", () => {
        const noTemplate = stack();
        noTemplate.resources.splice(noTemplate.resources.findIndex((r) => r.name === "eu-west-1-lt"), 1);
        assert.deepEqual(bootOf(noTemplate), { needs: [], unknown: ['what Group "eu-west-1-asg" launches: it has no launch template the plan can follow'] });
        assert.deepEqual(bootOf(stack(undefined, UNKNOWN)).unknown, ['which registry LaunchTemplate "eu-west-1-lt" pulls its image from: its user data is only known after deploy']);
        assert.deepEqual(bootOf(stack(undefined, "H4sIAAAAAAAAA1NW1E/KzNNPSizO4EpNzshXyMjkAgCwlYsVFAAAAA==")).unknown,
            ['which registry LaunchTemplate "eu-west-1-lt" pulls from: its user data is not text the plan can read']);
        assert.deepEqual(bootOf(stack()), { needs: [], unknown: [] });
    });

    it("a need is met during a failure from the instance's own region, from any other region than the failed one, or from anywhere", () => {
        const need = (regions?: string[]): BootNeed => ({ what: "x", via: {} as ModelResource, regions: regions ? new Set(regions) : undefined, fix: "" });
        assert.equal(reachableDuring(need(), "eu-west-1", "us-west-2"), true);
        assert.equal(reachableDuring(need(["eu-west-1"]), "eu-west-1", "eu-west-1"), true);
        assert.equal(reachableDuring(need(["us-west-2", "eu-central-1"]), "eu-west-1", "us-west-2"), true);
        assert.equal(reachableDuring(need(["us-west-2"]), "eu-west-1", "us-west-2"), false);
        assert.equal(reachableDuring(need(["us-west-2"]), "eu-west-1", "us-east-1"), true);
    });
});
