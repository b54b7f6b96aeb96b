/** AWS managed policies as the identity rules judge them (policy/policies/managedPolicies.ts), in every partition. */
import * as assert from "node:assert/strict";
import { isAwsManaged, managedGrant } from "../../policy/policies/managedPolicies";

describe("policy pack: AWS managed policies", () => {
    it("an AWS managed policy is recognised in every partition, and only under the aws account", () => {
        const arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws-cn:iam::aws:policy/x", "arn:aws-us-gov:iam::aws:policy/x", "arn:aws-iso:iam::aws:policy/x",
            "arn:aws-iso-b:iam::aws:policy/x", "arn:aws-eu:iam::aws:policy/x", "arn:aws:iam::123456789012:policy/AdministratorAccess", "xarn:aws:iam::aws:policy/x",
            "arn:aws:iam::aws:policy/"];
        assert.deepEqual(arns.map(isAwsManaged), [true, true, true, true, true, false, false, false, false]);
    });

    it("a policy's grant comes from the table by path or name, else from its name unless it is a service role's", () => {
        const p = (path: string) => `arn:aws:iam::aws:policy/${path}`;
        const table: [string, ReturnType<typeof managedGrant>][] = [
            [p("AdministratorAccess"), "administrator"], [p("job-function/SystemAdministrator"), "administrator"],
            [p("job-function/NetworkAdministrator"), "write on every resource"], [p("some/path/IAMFullAccess"), "administrator"],
            [p("AmazonS3FullAccess"), "write on every resource"], [p("AmazonDynamoDBReadWrite"), "write on every resource"],
            [p("AmazonDynamoDBReadWriteX"), undefined], [p("ServicePowerUser"), "write on every resource"], [p("ServicePowerUserX"), undefined],
            [p("service-role/AmazonS3FullAccess"), undefined], [p("aws-service-role/AmazonS3FullAccess"), undefined], [p("x/service-role/AmazonS3FullAccess"), "write on every resource"],
            [p("ReadOnlyAccess"), undefined], ["arn:aws:iam::123456789012:policy/AmazonS3FullAccess", undefined],
        ];
        assert.deepEqual(table.map(([arn]) => managedGrant(arn)), table.map(([, g]) => g));
    });
});
