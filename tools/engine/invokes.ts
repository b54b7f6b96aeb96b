/**
 * Offline answers for the provider functions (invokes) the program calls. A real preview runs these
 * against AWS; offline they answer from the provider's region: zones and instance type offerings
 * from the sourced table in aws-zones.ts, the rest with fixed, plausible values. Any other invoke
 * (or a filter an answer does not understand) throws, so a new lookup cannot silently return junk.
 */

/** What an invoke needs answering: its token, its arguments, and the region of its provider. */
export interface InvokeCall {
    token: string;
    inputs: Record<string, unknown>;
    /** The `region` input of the provider the invoke was sent with (or the stack's `aws:region`). */
    region: string | undefined;
}

import { zonesOf } from "./aws-zones";

/** The placeholder account the offline plan pretends to deploy into. */
const PLAN_ACCOUNT_ID = "123456789012";

/** The image id public AMI parameters resolve to offline. */
const PLAN_AMI_ID = "ami-0123456789abcdef0";

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

type Filter = { name?: unknown; values?: unknown };

const filtersOf = (call: InvokeCall): Filter[] => (Array.isArray(call.inputs.filters) ? call.inputs.filters as Filter[] : []);

const filterNames = (call: InvokeCall): string[] => filtersOf(call).map((f) => String(f.name));

/** The values of the filter named `name` (undefined when there is none). */
function filterValues(call: InvokeCall, name: string): string[] | undefined {
    const f = filtersOf(call).find((x) => x.name === name);
    return f ? (Array.isArray(f.values) ? f.values.map(String) : []) : undefined;
}

/**
 * Whether every filter admits a zone with these attributes. A filter on anything else throws: an
 * answer that ignored it would be made up.
 */
function matchesFilters(call: InvokeCall, attributes: Record<string, string>): boolean {
    return filtersOf(call).every((f) => {
        const name = String(f.name);
        const value = attributes[name];
        if (value === undefined) {
            throw new Error(`the offline plan cannot answer ${call.token} filtered on ${name}; add it to tools/engine/invokes.ts`);
        }
        return (filterValues(call, name) ?? []).includes(value);
    });
}

const answers: Record<string, Answer> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": (call) => {
        const region = requireRegion(call);
        // Every zone in the table is an available Availability Zone (AZs are always opt-in-not-required).
        const zones = zonesOf(region).filter(() => matchesFilters(call, {
            "opt-in-status": "opt-in-not-required", "zone-type": "availability-zone", state: "available", "region-name": region,
        }) && (call.inputs.state === undefined || call.inputs.state === "available"));
        return {
            id: region,
            names: zones.map((z) => z.name),
            zoneIds: zones.map((z) => z.id),
            groupNames: zones.map(() => region),
            state: call.inputs.state,
        };
    },
    "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": (call) => {
        const region = requireRegion(call);
        const locationType = typeof call.inputs.locationType === "string" ? call.inputs.locationType : "region";
        const types = filterValues(call, "instance-type");
        if (!types || filterNames(call).some((n) => n !== "instance-type" && n !== "location")) {
            throw new Error(`the offline plan answers ${call.token} only for an instance-type filter (and optionally location); add the others to tools/engine/invokes.ts`);
        }
        if (locationType !== "availability-zone" && locationType !== "availability-zone-id") {
            throw new Error(`the offline plan answers ${call.token} only by availability-zone or availability-zone-id, not ${locationType}`);
        }
        const locations = filterValues(call, "location");
        const offers = zonesOf(region).filter((z) => z.offersInstanceTypes)
            .map((z) => (locationType === "availability-zone-id" ? z.id : z.name))
            .filter((l) => !locations || locations.includes(l));
        const rows = types.flatMap((type) => offers.map((location) => ({ type, location })));
        return {
            id: region,
            instanceTypes: rows.map((r) => r.type),
            locations: rows.map((r) => r.location),
            locationTypes: rows.map(() => locationType),
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
