/**
 * Which region names the stack accepts: the ones the AWS SDK's partition metadata lists
 * (@aws-sdk/util-endpoints, kept current with every SDK release), not a pattern that also admits
 * regions that do not exist, such as us-west-9.
 */
import { partition } from "@aws-sdk/util-endpoints";

/** The shape of a region code; which codes exist comes from the SDK. */
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * What is wrong with a region name, with its fix, or undefined. It must be a region the SDK lists, in
 * the commercial `aws` partition: the stack needs us-east-1, where Route 53's health-check metrics
 * and so the failover alarms live, and a partition is a boundary no provider of the stack crosses.
 */
export function regionProblem(name: string): string | undefined {
    if (!REGION_RE.test(name)) {
        return "is not an AWS region name; use a code such as us-west-2 or eu-central-1";
    }
    // A listed region's own entry (its description) is merged into the answer; a name that merely
    // matches a partition's pattern gets none. Tests pin both, so an SDK change cannot pass silently.
    const known = partition(name) as ReturnType<typeof partition> & { description?: string };
    if (known.description === undefined) {
        return `${name} is not an AWS region (the AWS SDK's region list has no such region); use a code such as us-west-2 or eu-central-1`;
    }
    if (known.name !== "aws") {
        return `${name} is in the ${known.name} partition; this stack needs us-east-1 (Route 53 health-check metrics live only there), so pick regions of the aws partition`;
    }
    return undefined;
}
