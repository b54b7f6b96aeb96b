/**
 * The config's rules and facts over inputs at the edge of what they are handed: a region whose image the
 * plan refuses (so the plan has no source for it), a refused primary name that stands in as "", and, for
 * the exported rules called on their own, no regions at all or raw values without them. parseConfig
 * refuses an empty region list before any rule runs (salvage never takes a region entry out), but the
 * rules' types allow one, and a rule that throws would replace every problem with a stack trace.
 */
import { strict as assert } from "assert";
import { nearest } from "../../../stack/config/facts";
import { crossFieldProblems, managedPathProblems, networkProblems } from "../../../stack/config/rules";
import { configSchema, type Parsed } from "../../../stack/config/schema";
import { problemsOf } from "./configProblems";

const twoRegions = (first: string) => [{ name: first, vpcCidr: "10.10.0.0/16" }, { name: "us-west-2", vpcCidr: "10.20.0.0/16" }];

/** A parsed config (the schema's defaults filled in) with `regions` replaced afterwards, as only a direct caller could. */
function parsed(raw: Record<string, unknown>, regions?: Parsed["regions"]): Parsed {
    const c = configSchema.parse({ regions: twoRegions("us-east-1"), ...raw });
    return regions === undefined ? c : { ...c, regions };
}

const keysOf = (problems: readonly (readonly [string, string])[]): string[] => problems.map(([path]) => path);

describe("stack config: rules over regions the image plan or the schema left partial", () => {
    it("a region with natStrategy none whose image the plan refuses is told about the image, and the run goes on", () => {
        const raw = {
            mode: "warm-standby",
            regions: twoRegions("us-east-2").map((r) => ({ ...r, natStrategy: "none" })),
            app: { image: "docker.io/library/nginx:1.27", healthSearchString: "ok" },
            dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" },
            failover: { notificationEmail: "ops@example.com" },
        };
        assert.deepEqual(problemsOf(raw).map((p) => p.slice(0, p.indexOf(": "))), ["ha-web-tier:app.image"]);
    });

    it("a pilot-light primary whose name the schema refuses is not judged as us-east-1 by the rules that name it", () => {
        const raw = {
            regions: [{ name: 7, vpcCidr: "10.10.0.0/16" }, { name: "us-west-2", vpcCidr: "10.20.0.0/16" }],
            frontDoor: "global-accelerator",
            failover: { notificationEmail: "ops@example.com", probe: false, engine: "arc-region-switch" },
        };
        assert.deepEqual(problemsOf(raw).map((p) => p.slice(0, p.indexOf(": "))), ["ha-web-tier:regions[0].name"]);
    });

    it("an empty region list is refused by the schema alone, before any rule runs", () => {
        assert.deepEqual(problemsOf({ regions: [] }), ["ha-web-tier:regions: must list at least one region; the first is the primary"]);
    });
});

describe("stack config: the exported rules called with no regions judge what is there and do not throw", () => {
    const noImages = { sources: {}, problems: [] };
    const cases: { name: string; problems: () => readonly (readonly [string, string])[]; keys: string[] }[] = [
        {
            name: "cross-field rules, pilot-light without the probe: the region count only",
            problems: () => crossFieldProblems(parsed({ failover: { notificationEmail: "ops@example.com", probe: false }, dns: { hostedZoneId: "Z1", recordName: "a.example.com" } }, []), noImages),
            keys: ["regions"],
        },
        {
            name: "managed-path rules, pilot-light with Region switch: nothing about a us-east-1 primary",
            problems: () => managedPathProblems({}, parsed({ failover: { engine: "arc-region-switch" } }, [])),
            keys: [],
        },
        {
            name: "managed-path rules, pilot-light behind Global Accelerator without dns: nothing about a us-east-1 primary",
            problems: () => managedPathProblems({}, parsed({ frontDoor: "global-accelerator" }, [])),
            keys: [],
        },
        {
            name: "network rules, an existing VPC with raw values that hold no regions: no key reported as set beside it",
            problems: () => networkProblems({}, parsed({ regions: [{ name: "us-east-1", existingVpc: { vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-0000000a", "subnet-0000000b"], privateSubnetIds: ["subnet-0000000c", "subnet-0000000d"] } }] })),
            keys: [],
        },
    ];
    for (const { name, problems, keys } of cases) {
        it(name, () => {
            assert.deepEqual(keysOf(problems()), keys);
        });
    }
});

describe("stack config: a near miss needs something to be near", () => {
    it("an empty value, or no candidates, suggests nothing", () => {
        assert.equal(nearest("", ["t3", "ab"]), undefined);
        assert.equal(nearest("t3.smal", []), undefined);
        assert.equal(nearest("t3.smal", ["t3.small"]), "t3.small");
    });
});
