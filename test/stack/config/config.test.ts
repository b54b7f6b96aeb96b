import { strict as assert } from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadConfig, namespaceValues, parseConfig } from "../../../stack/config";
import { problemsOf } from "./configProblems";
import { readStackConfig, ROOT } from "../../mocks";

const valid = () => ({
    regions: [
        { name: "us-west-2", vpcCidr: "10.10.0.0/16", azCount: 3 },
        { name: "us-east-2", vpcCidr: "10.20.0.0/16" },
    ] as Record<string, unknown>[],
    mode: "pilot-light",
    dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" },
    failover: { notificationEmail: "ops@example.com" } as Record<string, unknown>,
});

/** Stack file values as the program sees them, through the same decoding as loadConfig. */
const stackFile = (file: string) => namespaceValues(readStackConfig(path.join(ROOT, file)));

describe("stack config", () => {
    it("applies the documented defaults (CPU target 50, 2 AZs, one NAT per AZ, pilot-light standby at 0)", () => {
        const c = parseConfig({ ...valid(), mode: undefined });
        assert.equal(c.scaling.cpuTarget, 50);
        assert.equal(c.mode, "pilot-light");
        assert.equal(c.regions[1].azCount, 2);
        assert.equal(c.regions[1].natStrategy, "one-per-az");
        assert.deepEqual(c.regions.map((r) => [r.role, r.capacity]), [
            ["primary", { min: 2, desired: 2, max: 6 }],
            ["standby", { min: 0, desired: 0, max: 6 }],
        ]);
        assert.equal(c.app.healthPath, "/health");
        assert.equal(c.failoverCapacity, 2);
        assert.equal(c.deletionProtection, true);
        // Reserving concurrency is opt-in; automatic promotion waits 10 minutes when turned on.
        assert.equal(c.failover.reservedConcurrency, undefined);
        assert.deepEqual([c.database.autoPromote, c.database.autoPromoteAfterMinutes], [false, 10]);
    });

    it("the prod stack is pilot-light from us-west-2 to us-east-1 with 3 AZs in the primary", () => {
        const c = parseConfig(stackFile("Pulumi.prod.yaml"));
        assert.equal(c.mode, "pilot-light");
        assert.deepEqual(c.regions.map((r) => [r.name, r.role, r.azCount]), [["us-west-2", "primary", 3], ["us-east-1", "standby", 2]]);
        assert.deepEqual(c.regions[1].capacity, { min: 0, desired: 0, max: 6 });
    });

    it("the warm-standby example keeps both regions serving, primary us-east-1", () => {
        const c = parseConfig(stackFile("examples/warm-standby.yaml"));
        assert.deepEqual(c.regions.map((r) => [r.name, r.capacity.min >= 1]), [["us-east-1", true], ["us-west-2", true]]);
    });

    it("the active-active example runs three regions at full capacity", () => {
        const c = parseConfig(stackFile("examples/active-active.yaml"));
        assert.equal(c.regions.length, 3);
        assert.ok(c.regions.every((r) => r.role === "active" && r.capacity.desired === 2));
    });

    it("warm-standby defaults the standby to one instance", () => {
        const c = parseConfig({ ...valid(), mode: "warm-standby" });
        assert.deepEqual(c.regions[1].capacity, { min: 1, desired: 1, max: 6 });
    });

    it("reports every problem at once, not only the first", () => {
        const problems = problemsOf({ regions: [{ name: "nowhere", vpcCidr: "300.0.0.0/16" }], mode: "sideways" });
        assert.deepEqual(problems.map((p) => p.split(": ")[0]).sort(), ["ha-web-tier:mode", "ha-web-tier:regions[0].name", "ha-web-tier:regions[0].vpcCidr"]);
    });

    it("a typo does not hide a cross-field mistake: an unknown key and overlapping CIDRs are both reported", () => {
        const raw = valid();
        raw.regions[0].natStratgy = "single";
        raw.regions[1].vpcCidr = "10.10.64.0/20";
        assert.deepEqual(problemsOf(raw), [
            "ha-web-tier:regions[0].natStratgy: is not a known setting; did you mean natStrategy?",
            "ha-web-tier:regions[1].vpcCidr: 10.10.64.0/20 overlaps regions[0].vpcCidr (10.10.0.0/16); pick a disjoint range so the VPCs can be peered later",
        ]);
    });

    it("a refused value does not hide a cross-field mistake elsewhere", () => {
        const base = valid();
        const raw = { ...base, scaling: { cpuTarget: 120 }, failover: { ...base.failover, capacity: 9 } };
        assert.deepEqual(problemsOf(raw).map((p) => p.split(": ")[0]), ["ha-web-tier:failover.capacity", "ha-web-tier:scaling.cpuTarget"]);
    });

    it("no cross-field verdict rests on a default that replaced a refused value", () => {
        // min -1 is refused; its default (2) above desired 1 must not be reported as the user's mistake.
        assert.deepEqual(problemsOf({ ...valid(), capacity: { min: -1, desired: 1, max: 6 } }).map((p) => p.split(": ")[0]), ["ha-web-tier:capacity.min"]);
        // A refused mode leaves the region count unjudged, rather than judged against pilot-light.
        const three = valid();
        three.regions.push({ name: "eu-west-1", vpcCidr: "10.30.0.0/16" });
        assert.deepEqual(problemsOf({ ...three, mode: "active-passive" }).map((p) => p.split(": ")[0]), ["ha-web-tier:mode"]);
    });

    it("accepts as many tags as fit next to the program's own, with every character AWS allows", () => {
        const tags = Object.fromEntries(Array.from({ length: 43 }, (_, i) => [`team ${i}`, `a-b_c.d:e/f=g+h@i ${i}`]));
        tags["Kostenstelle"] = "Forschung & Entwicklung".replace("&", "und");
        assert.equal(Object.keys(parseConfig({ ...valid(), tags }).tags).length, 44);
    });

    it("accepts every commercial region, however new", () => {
        for (const name of ["eu-central-2", "ap-southeast-7", "mx-central-1", "il-central-1"]) {
            assert.equal(parseConfig({ ...valid(), regions: [valid().regions[0], { name, vpcCidr: "10.20.0.0/16" }] }).regions[1].name, name);
        }
    });

    // Each case: a change to a valid config, and the key the message must name.
    const invalid: [string, (c: Record<string, any>) => void, RegExp][] = [
        ["something that is no region name", (c) => { c.regions[0].name = "Oregon"; }, /^ha-web-tier:regions\[0\]\.name: is not an AWS region name; use a code such as us-west-2/],
        ["a misspelt region", (c) => { c.regions[0].name = "us-wset-2"; }, /^ha-web-tier:regions\[0\]\.name: us-wset-2 is not an AWS region \(the AWS SDK's region list has no such region\); did you mean us-west-2\?$/],
        ["a region that matches the pattern but does not exist", (c) => { c.regions[1].name = "us-west-9"; }, /^ha-web-tier:regions\[1\]\.name: us-west-9 is not an AWS region/],
        ["a region outside the aws partition", (c) => { c.regions[1].name = "cn-north-1"; }, /^ha-web-tier:regions\[1\]\.name: cn-north-1 is in the aws-cn partition; this stack needs us-east-1/],
        ["a tag key AWS reserves", (c) => { c.tags = { "AWS:team": "web" }; }, /^ha-web-tier:tags\.AWS:team: starts with aws:, which AWS reserves for its own tags; rename it$/],
        ["a tag value AWS reserves", (c) => { c.tags = { team: "aws:web" }; }, /^ha-web-tier:tags\.team: starts with aws:, which AWS reserves for its own tags; change it$/],
        ["a tag key longer than 128 characters", (c) => { c.tags = { ["k".repeat(129)]: "v" }; }, /^ha-web-tier:tags\.k{129}: is longer than 128 characters, AWS's limit for a tag key; shorten it$/],
        ["a tag value longer than 256 characters", (c) => { c.tags = { team: "v".repeat(257) }; }, /^ha-web-tier:tags\.team: is longer than 256 characters, AWS's limit for a tag value/],
        ["a tag key with a character AWS refuses", (c) => { c.tags = { "cost#center": "42" }; }, /^ha-web-tier:tags\.cost#center: may hold only letters, digits, spaces and _ \. : \/ = \+ - @/],
        ["a tag the program sets itself", (c) => { c.tags = { Stack: "mine" }; }, /^ha-web-tier:tags\.Stack: is a tag the program sets itself \(Project, Stack, Region, ManagedBy, Name, Tier\), which would override it; pick another key$/],
        ["more tags than fit next to the program's", (c) => { c.tags = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`t${i}`, "x"])); }, /^ha-web-tier:tags: has 45 tags; with the 4 the program puts on every resource and up to 2 per resource that exceeds AWS's 50 tags per resource; keep at most 44$/],
        ["the same region twice", (c) => { c.regions[1].name = "us-west-2"; }, /^ha-web-tier:regions\[1\]\.name: us-west-2 is listed twice/],
        ["a malformed CIDR", (c) => { c.regions[0].vpcCidr = "10.10.0.0"; }, /^ha-web-tier:regions\[0\]\.vpcCidr: is not a valid IPv4 CIDR/],
        ["a CIDR with host bits", (c) => { c.regions[0].vpcCidr = "10.10.0.1/16"; }, /^ha-web-tier:regions\[0\]\.vpcCidr: is not a valid IPv4 CIDR/],
        ["a CIDR larger than /16", (c) => { c.regions[0].vpcCidr = "10.0.0.0/8"; }, /^ha-web-tier:regions\[0\]\.vpcCidr: must be a \/16 to \/24 block/],
        ["a CIDR smaller than /24", (c) => { c.regions[0].vpcCidr = "10.0.0.0/26"; }, /^ha-web-tier:regions\[0\]\.vpcCidr: must be a \/16 to \/24 block/],
        ["overlapping VPC CIDRs", (c) => { c.regions[1].vpcCidr = "10.10.64.0/20"; }, /^ha-web-tier:regions\[1\]\.vpcCidr: 10\.10\.64\.0\/20 overlaps regions\[0\]\.vpcCidr \(10\.10\.0\.0\/16\); pick a disjoint range/],
        ["a single AZ", (c) => { c.regions[0].azCount = 1; }, /^ha-web-tier:regions\[0\]\.azCount: must be at least 2/],
        ["more AZs than the layout holds", (c) => { c.regions[0].azCount = 5; }, /^ha-web-tier:regions\[0\]\.azCount: must be at most 4/],
        ["an unknown NAT strategy", (c) => { c.regions[0].natStrategy = "two"; }, /^ha-web-tier:regions\[0\]\.natStrategy: must be one of one-per-az \| single \| none, got "two"/],
        ["no NAT with the demo image, whose first pull through the cache needs the internet", (c) => { c.regions[1].natStrategy = "none"; },
            /^ha-web-tier:regions\[1\]\.natStrategy: none leaves the private subnets without internet egress, and the first pull of the demo image through us-east-2's pull-through cache needs one; use a private ECR image/],
        ["an unknown mode", (c) => { c.mode = "hot"; }, /^ha-web-tier:mode: must be one of pilot-light \| warm-standby \| active-active/],
        ["one region in a failover mode", (c) => { c.regions.pop(); }, /^ha-web-tier:regions: pilot-light needs exactly 2 regions .*use mode single-region for one/],
        ["two regions in single-region", (c) => { c.mode = "single-region"; }, /^ha-web-tier:regions: single-region needs exactly 1 region, got 2; list one region, or use mode warm-standby or pilot-light/],
        ["three regions in a failover mode", (c) => { c.regions.push({ name: "eu-west-1", vpcCidr: "10.30.0.0/16" }); }, /^ha-web-tier:regions: pilot-light needs exactly 2 regions/],
        ["six regions active-active", (c) => { c.mode = "active-active"; for (let i = 3; i <= 6; i++) { c.regions.push({ name: `eu-west-${i % 3 + 1}`, vpcCidr: `10.${30 + i}.0.0/16` }); } }, /^ha-web-tier:regions: active-active needs 2 to 5 regions, got 6/],
        ["min above desired", (c) => { c.capacity = { min: 3, desired: 2, max: 6 }; }, /^ha-web-tier:capacity: needs min <= desired <= max, got 3 \/ 2 \/ 6/],
        ["desired above max", (c) => { c.capacity = { min: 1, desired: 8, max: 6 }; }, /^ha-web-tier:capacity: needs min <= desired <= max/],
        ["a negative capacity", (c) => { c.capacity = { min: -1 }; }, /^ha-web-tier:capacity\.min: must be 0 or more/],
        ["a running pilot-light standby", (c) => { c.capacity = { standby: { min: 0, desired: 1 } }; }, /^ha-web-tier:capacity\.standby: pilot-light keeps the standby at 0 instances/],
        ["an empty warm standby", (c) => { c.mode = "warm-standby"; c.capacity = { standby: { min: 0, desired: 0 } }; }, /^ha-web-tier:capacity\.standby\.min: warm-standby keeps the standby serving/],
        ["a standby setting in active-active", (c) => { c.mode = "active-active"; c.capacity = { standby: { min: 1, desired: 1 } }; }, /^ha-web-tier:capacity\.standby: has no effect in active-active/],
        ["a health path without a slash", (c) => { c.app = { healthPath: "health" }; }, /^ha-web-tier:app\.healthPath: must start with \/; use a path such as \/health/],
        ["port 0", (c) => { c.app = { port: 0 }; }, /^ha-web-tier:app\.port: must be a TCP port 1-65535/],
        ["port 70000", (c) => { c.app = { port: 70000 }; }, /^ha-web-tier:app\.port: must be a TCP port 1-65535/],
        ["a port given as text", (c) => { c.app = { port: "http" }; }, /^ha-web-tier:app\.port: must be a number, got "http"/],
        ["a custom image without a search string", (c) => { c.app = { image: "ghcr.io/acme/web:1" }; }, /^ha-web-tier:app\.healthSearchString: is required with a custom app\.image/],
        ["a bad environment variable name", (c) => { c.app = { environment: { "1BAD": "x" } }; }, /^ha-web-tier:app\.environment\.1BAD: is not a valid environment variable name/],
        ["a CPU target above 100", (c) => { c.scaling = { cpuTarget: 120 }; }, /^ha-web-tier:scaling\.cpuTarget: must be at most 100/],
        ["a health-check interval Route 53 does not offer", (c) => { c.failover = { healthCheckInterval: 15 }; }, /^ha-web-tier:failover\.healthCheckInterval: must be 10 or 30/],
        ["a failure threshold above 10", (c) => { c.failover = { failureThreshold: 11 }; }, /^ha-web-tier:failover\.failureThreshold: must be 1-10/],
        ["too few checker regions", (c) => { c.failover = { checkerRegions: ["us-east-1"] }; }, /^ha-web-tier:failover\.checkerRegions: must name at least 3/],
        ["a failover capacity above max", (c) => { c.failover.capacity = 9; }, /^ha-web-tier:failover\.capacity: 9 exceeds capacity\.max \(6\)/],
        ["a bad notification address", (c) => { c.failover = { notificationEmail: "ops-at-example" }; }, /^ha-web-tier:failover\.notificationEmail: is not an e-mail address/],
        ["pilot-light with the primary in us-east-1 and no warm pool", (c) => { c.regions[0].name = "us-east-1"; c.regions[1].name = "us-west-2"; c.failover.warmPool = false; },
            /^ha-web-tier:regions\[0\]\.name: pilot-light with the primary in us-east-1 is statically stable only with failover\.probe and failover\.warmPool on.*or use mode warm-standby$/],
        ["pilot-light with the primary in us-east-1 and no probe", (c) => { c.regions[0].name = "us-east-1"; c.regions[1].name = "us-west-2"; c.failover.probe = false; },
            /^ha-web-tier:regions\[0\]\.name: pilot-light with the primary in us-east-1 is statically stable only with/],
        ["pilot-light without DNS", (c) => { delete c.dns; },
            /^ha-web-tier:dns: is required in pilot-light: without failover records users keep reaching the primary's ALB and the woken standby serves nobody; set dns\.hostedZoneId and dns\.recordName/],
        ["warm-standby without DNS", (c) => { c.mode = "warm-standby"; delete c.dns; }, /^ha-web-tier:dns: is required in warm-standby:/],
        ["a failover mode nobody hears of", (c) => { c.failover = {}; },
            /^ha-web-tier:failover\.notificationEmail: is required in failover modes, so a wake, a failed wake or a dead letter reaches a person; set an address .*or set failover\.notifications: none/],
        ["notifications none next to an address", (c) => { c.failover.notifications = "none"; }, /^ha-web-tier:failover\.notifications: is none, but failover\.notificationEmail is set; remove one of them$/],
        ["a notifications value other than none", (c) => { c.failover = { notifications: "email" }; }, /^ha-web-tier:failover\.notifications: must be one of none, got "email"/],
        ["a $ in the demo site's search string", (c) => { c.app = { healthSearchString: "up $host" }; },
            /^ha-web-tier:app\.healthSearchString: contains \$, which the demo site's nginx would expand as a variable/],
        ["a control character in the search string", (c) => { c.app = { healthSearchString: "ok\tnow" }; }, /^ha-web-tier:app\.healthSearchString: must be one line without quotes, backslashes or control characters/],
        ["a standby image in another region's registry", (c) => { c.app = { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/web:1", healthSearchString: "ok" }; c.regions[1].image = "123456789012.dkr.ecr.us-west-2.amazonaws.com/web:1"; },
            /^ha-web-tier:regions\[1\]\.image: 123456789012\.dkr\.ecr\.us-west-2\.amazonaws\.com\/web:1 is not in us-east-2's own ECR registry, so us-east-2 would depend on us-west-2 to launch instances; name the image's copy in <account>\.dkr\.ecr\.us-east-2\.amazonaws\.com$/],
        ["a region image without app.image", (c) => { c.regions[1].image = "123456789012.dkr.ecr.us-east-2.amazonaws.com/web:1"; }, /^ha-web-tier:regions\[1\]\.image: overrides app\.image for one region, but app\.image is not set/],
        ["an image from outside AWS", (c) => { c.app = { image: "ghcr.io/acme/web:1", healthSearchString: "ok" }; },
            /^ha-web-tier:app\.image: ghcr\.io\/acme\/web:1 comes from ghcr\.io, outside the stack's regions, at every launch; push it to ECR in one of the stack's regions/],
        ["a private image whose home is not a stack region", (c) => { c.app = { image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1", healthSearchString: "ok" }; },
            /^ha-web-tier:regions\[0\]\.image: is not set, so us-west-2 would pull .* from eu-west-1's registry and fail with that region \(eu-west-1 is not a region of this stack, so nothing replicates it\)/],
        ["a reserved concurrency of 0", (c) => { c.failover.reservedConcurrency = 0; }, /^ha-web-tier:failover\.reservedConcurrency: must be at least 1; leave it unset to reserve no concurrency \(the default\)$/],
        ["a promotion wait of 0 minutes", (c) => { c.database = { autoPromote: true, autoPromoteAfterMinutes: 0 }; }, /^ha-web-tier:database\.autoPromoteAfterMinutes: must be at least 1 minute; see the config reference in docs\/configuration\.md$/],
        ["a promotion wait over a day", (c) => { c.database = { autoPromoteAfterMinutes: 1441 }; }, /^ha-web-tier:database\.autoPromoteAfterMinutes: must be at most 1440 minutes \(CloudWatch evaluates at most one day\)/],
        ["a bad hosted zone id", (c) => { c.dns = { hostedZoneId: "example.com", recordName: "app.example.com" }; }, /^ha-web-tier:dns\.hostedZoneId: is not a Route 53 hosted zone id/],
        ["a bad record name", (c) => { c.dns = { hostedZoneId: "Z123", recordName: "App Example" }; }, /^ha-web-tier:dns\.recordName: is not a DNS name/],
        ["a backup retention under 7 days", (c) => { c.database = { enabled: true, backupRetentionDays: 3 }; }, /^ha-web-tier:database\.backupRetentionDays: must be at least 7 days/],
        ["an unknown database engine", (c) => { c.database = { engine: "oracle" }; }, /^ha-web-tier:database\.engine: must be one of postgres \| mysql/],
        ["a database primary outside the stack", (c) => { c.database = { primaryRegion: "eu-west-1" }; }, /^ha-web-tier:database\.primaryRegion: eu-west-1 is not one of the stack's regions/],
        ["a log retention CloudWatch does not offer", (c) => { c.logRetentionDays = 10; }, /^ha-web-tier:logRetentionDays: must be a CloudWatch Logs retention period/],
        ["no primary capacity", (c) => { c.capacity = { min: 0, desired: 0, max: 6 }; }, /^ha-web-tier:capacity\.desired: must be at least 1/],
        ["a standby larger than max", (c) => { c.mode = "warm-standby"; c.capacity = { max: 2, standby: { min: 1, desired: 3 } }; }, /^ha-web-tier:capacity\.standby: needs min <= desired <= capacity\.max, got 1 \/ 3 \/ 2/],
        ["a standby that would pull from the primary's registry", (c) => { c.app = { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/web:1", healthSearchString: "ok", replicateImage: false }; },
            /^ha-web-tier:regions\[1\]\.image: is not set, so us-east-2 would pull 123456789012\.dkr\.ecr\.us-west-2\.amazonaws\.com\/web:1 from us-west-2's registry and fail with that region \(app\.replicateImage is false\); push the image to ECR in one of the stack's regions with app\.replicateImage on, or set regions\[1\]\.image to its copy in us-east-2$/],
        ["a boot grace shorter than a boot", (c) => { c.app = { bootGraceSeconds: 30 }; }, /^ha-web-tier:app\.bootGraceSeconds: must be at least 60 seconds/],
        ["a storage ceiling below the allocation", (c) => { c.database = { allocatedStorageGb: 200, maxAllocatedStorageGb: 100 }; }, /^ha-web-tier:database\.maxAllocatedStorageGb: must be at least database\.allocatedStorageGb \(200\)/],
        ["a misspelt top-level key", (c) => { c.region = []; }, /^ha-web-tier:region: is not a known setting; remove it or check its spelling/],
        ["a misspelt nested key", (c) => { c.regions[0].cidr = "10.0.0.0/16"; }, /^ha-web-tier:regions\[0\]\.cidr: is not a known setting/],
        ["no regions at all", (c) => { delete c.regions; }, /^ha-web-tier:regions: is required; set it/],
    ];
    for (const [what, change, expected] of invalid) {
        it(`rejects ${what}, naming the key and the fix`, () => {
            const raw = valid() as Record<string, any>;
            change(raw);
            const problems = problemsOf(raw);
            assert.ok(problems.some((p) => expected.test(p)), `no problem matched ${expected}:\n${problems.join("\n")}`);
        });
    }

    it("the prod stack fails over through DNS, tells a person, and keeps a warm pool and the probe", () => {
        const c = parseConfig(stackFile("Pulumi.prod.yaml"));
        assert.deepEqual(c.dns, { hostedZoneId: "Z0123456789EXAMPLE", recordName: "app.example.com" });
        assert.equal(c.failover.notificationEmail, "ops@example.com");
        assert.deepEqual([c.failover.warmPool, c.failover.probe], [true, true]);
        assert.deepEqual(c.advisories, []);
    });

    it("pilot-light with a us-east-1 primary is accepted with the probe and the warm pool (the defaults)", () => {
        const raw = valid();
        raw.regions[0].name = "us-east-1";
        raw.regions[1].name = "us-west-2";
        assert.equal(parseConfig(raw).regions[0].name, "us-east-1");
    });

    it("every region pulls from its own registry: the demo image through its cache, a private image replicated from its home", () => {
        const demo = parseConfig(valid());
        assert.deepEqual(Object.values(demo.images.sources).map((s) => s.kind), ["pull-through", "pull-through"]);
        const image = "123456789012.dkr.ecr.us-west-2.amazonaws.com/web:1";
        const raw = { ...valid(), app: { image, healthSearchString: "ok" } };
        raw.regions[1].natStrategy = "none";
        const c = parseConfig(raw);
        assert.deepEqual(c.images.replication, { home: "us-west-2", account: "123456789012", repository: "web", destinations: ["us-east-2"] });
        assert.deepEqual(c.images.sources["us-east-2"], { kind: "ecr", account: "123456789012", repository: "web", reference: ":1", replicatedFrom: "us-west-2" });
        assert.match(c.advisories[0], /^ha-web-tier:app\.image is replicated from us-west-2 to us-east-2, but ECR replicates only images pushed after replication is configured: push \(or re-push\)/);
    });

    it("an image from outside AWS is accepted when every region names its own ECR copy", () => {
        const raw = { ...valid(), app: { image: "docker.io/acme/web:1", healthSearchString: "ok" } };
        raw.regions[0].image = "123456789012.dkr.ecr.us-west-2.amazonaws.com/docker-hub/acme/web:1";
        raw.regions[1].image = "123456789012.dkr.ecr.us-east-2.amazonaws.com/docker-hub/acme/web:1";
        assert.deepEqual(Object.values(parseConfig(raw).images.sources).map((s) => s.kind), ["ecr", "ecr"]);
    });

    it("a $ is allowed in a custom app's search string (only the demo site's nginx would expand it)", () => {
        const c = parseConfig({ ...valid(), app: { image: "public.ecr.aws/acme/web:1", healthSearchString: "cost: $0" } });
        assert.equal(c.healthSearchString, "cost: $0");
    });

    it("the plan is told plainly when nothing routes between active regions, and when nobody is notified", () => {
        const aa = parseConfig({ regions: valid().regions, mode: "active-active" });
        assert.deepEqual(aa.advisories, ["ha-web-tier:dns is not set: nothing routes between the regions; each region serves only at its own ALB URL (output regions.<name>.albDnsName) and a failed region keeps its users; set dns for latency records"]);
        const quiet = parseConfig({ ...valid(), failover: { notifications: "none" } });
        assert.deepEqual(quiet.advisories, ["ha-web-tier:failover.notifications is none: nobody is subscribed to the alarm topics, so a wake, a failed wake or a dead letter reaches no one; set failover.notificationEmail"]);
    });

    it("single-region serves from its one region as the primary, at the configured capacity", () => {
        const c = parseConfig({ regions: valid().regions.slice(0, 1), mode: "single-region", capacity: { min: 1, desired: 2, max: 5 } });
        assert.deepEqual(c.regions.map((r) => [r.name, r.role, r.capacity]), [["us-west-2", "primary", { min: 1, desired: 2, max: 5 }]]);
    });

    it("single-region rejects every failover-only key that is set, even to its default, naming each", () => {
        const problems = problemsOf({
            regions: valid().regions.slice(0, 1),
            mode: "single-region",
            capacity: { standby: { min: 0, desired: 0 } },
            failover: { drill: false, capacity: 2, recoveryWindowMinutes: 15, reservedConcurrency: 1, warmPool: true, probe: false, notificationEmail: "ops@example.com", healthCheckInterval: 30 },
            database: { enabled: true, autoPromote: false, autoPromoteAfterMinutes: 10 },
        });
        const fix = "has no effect in single-region, which has no standby to fail over to; remove it (set it again when you add a second region with mode warm-standby or pilot-light)";
        assert.deepEqual(problems.sort(), [
            "capacity.standby", "database.autoPromote", "database.autoPromoteAfterMinutes", "failover.capacity", "failover.drill", "failover.probe", "failover.recoveryWindowMinutes",
            "failover.reservedConcurrency", "failover.warmPool",
        ]
            .map((key) => `ha-web-tier:${key}: ${fix}`));
    });

    it("rejects secrets in keys that end up in plain text (user data, tags)", () => {
        let e: unknown;
        try {
            parseConfig({ ...valid(), app: { environment: { TOKEN: "x" } } }, ["app"]);
        } catch (err) {
            e = err;
        }
        assert.ok(e instanceof ConfigError);
        assert.match(e.problems[0], /^ha-web-tier:app: is a secret, but it ends up in plain text/);
    });

    it("loadConfig reads only the ha-web-tier namespace from the running stack and decodes its JSON values", () => {
        pulumi.runtime.setAllConfig({
            "aws:region": "eu-west-1",
            "ha-web-tier:regions": JSON.stringify(valid().regions),
            "ha-web-tier:mode": "warm-standby",
            "ha-web-tier:dns": JSON.stringify(valid().dns),
            "ha-web-tier:failover": JSON.stringify({ notifications: "none" }),
            "ha-web-tier:deletionProtection": "false",
        });
        const c = loadConfig();
        assert.deepEqual([c.mode, c.deletionProtection, c.regions.map((r) => r.name)], ["warm-standby", false, ["us-west-2", "us-east-2"]]);
    });

    it("ConfigError prints as a clean run error, without a stack trace", () => {
        let e: ConfigError | undefined;
        try {
            parseConfig({ regions: [] });
        } catch (err) {
            e = err as ConfigError;
        }
        assert.ok(e instanceof ConfigError);
        assert.equal((e as unknown as { __pulumiRunError: boolean }).__pulumiRunError, true);
        assert.match(e.message, /^invalid stack configuration:\n {2}ha-web-tier:regions: must list at least one region/);
    });
});
