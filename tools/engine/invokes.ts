/**
 * Offline answers for the provider functions (invokes) the program calls. A real preview runs these
 * against AWS; offline they answer from the provider's region with fixed, plausible values. Any
 * other invoke throws, so a new lookup cannot silently return junk: add its answer here.
 */

/** What an invoke needs answering: its token, its arguments, and the region of its provider. */
export interface InvokeCall {
    token: string;
    inputs: Record<string, unknown>;
    /** The `region` input of the provider the invoke was sent with (or the stack's `aws:region`). */
    region: string | undefined;
}

/** The placeholder account the offline plan pretends to deploy into. */
const PLAN_ACCOUNT_ID = "123456789012";

// Zone letters per region as most accounts see them; the real list is account-specific, and a
// region not listed here gets a, b and c.
const AZ_LETTERS: Record<string, string> = {
    "us-east-1": "abcdef",
    "us-east-2": "abc",
    "us-west-1": "ac",
    "us-west-2": "abcd",
    "ca-central-1": "abd",
    "eu-central-1": "abc",
    "eu-west-1": "abc",
    "eu-west-2": "abc",
    "eu-west-3": "abc",
    "eu-north-1": "abc",
    "ap-northeast-1": "acd",
    "ap-northeast-2": "abcd",
    "ap-south-1": "abc",
    "ap-southeast-1": "abc",
    "ap-southeast-2": "abc",
    "sa-east-1": "abc",
};

/** The image id public AMI parameters resolve to offline. */
const PLAN_AMI_ID = "ami-0123456789abcdef0";

/** `us-west-2` -> `usw2`, the prefix AWS uses for zone ids. */
function zoneIdPrefix(region: string): string {
    const [geo, direction = "", num = ""] = region.split("-");
    const abbrev = direction.replace("north", "n").replace("south", "s").replace("east", "e").replace("west", "w").replace("central", "c");
    return `${geo}${abbrev}${num}`;
}

function partitionOf(region: string): { partition: string; dnsSuffix: string } {
    if (region.startsWith("cn-")) {
        return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
    }
    if (region.startsWith("us-gov-")) {
        return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" };
    }
    return { partition: "aws", dnsSuffix: "amazonaws.com" };
}

function requireRegion(call: InvokeCall): string {
    if (!call.region) {
        throw new Error(`invoke ${call.token} has no region: pass an explicit provider with a region (or set aws:region)`);
    }
    return call.region;
}

type Answer = (call: InvokeCall) => Record<string, unknown>;

const answers: Record<string, Answer> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": (call) => {
        const region = requireRegion(call);
        const letters = [...(AZ_LETTERS[region] ?? "abc")];
        return {
            id: region,
            names: letters.map((l) => `${region}${l}`),
            zoneIds: letters.map((_, i) => `${zoneIdPrefix(region)}-az${i + 1}`),
            groupNames: [region],
            state: call.inputs.state,
        };
    },
    "aws:ssm/getParameter:getParameter": (call) => {
        const region = requireRegion(call);
        const name = String(call.inputs.name);
        // Public AMI parameters answer with an image id; anything else with a marker value.
        const value = name.startsWith("/aws/service/") && name.includes("ami")
            ? PLAN_AMI_ID
            : `plan-parameter-value:${name}`;
        return {
            id: name, name, value, insecureValue: value, type: "String", version: 1,
            arn: `arn:${partitionOf(region).partition}:ssm:${region}:${PLAN_ACCOUNT_ID}:parameter${name.startsWith("/") ? "" : "/"}${name}`,
            withDecryption: call.inputs.withDecryption ?? true,
        };
    },
    "aws:index/getCallerIdentity:getCallerIdentity": (call) => ({
        id: PLAN_ACCOUNT_ID,
        accountId: PLAN_ACCOUNT_ID,
        arn: `arn:${partitionOf(call.region ?? "us-east-1").partition}:iam::${PLAN_ACCOUNT_ID}:user/plan`,
        userId: "AIDAPLANPLANPLANPLAN",
    }),
    "aws:index/getPartition:getPartition": (call) => {
        const { partition, dnsSuffix } = partitionOf(call.region ?? "us-east-1");
        return { id: partition, partition, dnsSuffix, reverseDnsPrefix: dnsSuffix.split(".").reverse().join(".") };
    },
    "aws:index/getRegion:getRegion": (call) => {
        const region = requireRegion(call);
        return {
            id: region, name: region, region,
            endpoint: `ec2.${region}.${partitionOf(region).dnsSuffix}`,
            description: region,
        };
    },
};

/** Answers an invoke as AWS would for a fresh stack, or throws naming the invoke it cannot answer. */
export function answerInvoke(call: InvokeCall): Record<string, unknown> {
    const answer = answers[call.token];
    if (!answer) {
        throw new Error(`the offline plan has no answer for invoke ${call.token}; add one to tools/engine/invokes.ts`);
    }
    return answer(call);
}
