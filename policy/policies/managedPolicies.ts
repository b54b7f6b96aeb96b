/**
 * AWS managed policies that grant administrator access, or write access to every resource of a service,
 * from AWS's published lists as read on 2026-12-07:
 * - AWS Managed Policy Reference Guide, https://docs.aws.amazon.com/aws-managed-policy/latest/reference/
 *   (each policy's page, e.g. PowerUserAccess: `NotAction` iam:*, organizations:*, account:* on "*");
 * - IAM User Guide, "AWS managed policies for job functions",
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html.
 * Policies are named for what they grant: every `*FullAccess` policy (AmazonS3FullAccess,
 * AWSLambda_FullAccess, IAMFullAccess, ...) allows every action of its service on "*", and so do the
 * `*ReadWrite` and `*PowerUser` ones (SecretsManagerReadWrite, AWSKeyManagementServicePowerUser), so
 * those name patterns are part of the table. An AWS managed policy matching neither the list nor a
 * pattern is taken as AWS documents it: scoped to its job (service-role and read-only policies).
 */

/** What a managed policy grants that the identity rules refuse. */
export type ManagedGrant = "administrator" | "write on every resource";

/** Managed policies by name (the part after `policy/`, job-function path included). */
export const managedPolicyGrants: Readonly<Record<string, ManagedGrant>> = {
    "AdministratorAccess": "administrator",
    "AdministratorAccess-Amplify": "administrator",
    "AdministratorAccess-AWSElasticBeanstalk": "administrator",
    // Everything but IAM, Organizations and Account: with iam:PassRole-free paths (Lambda, EC2) still administrator in practice.
    "PowerUserAccess": "administrator",
    "job-function/SystemAdministrator": "administrator",
    "job-function/NetworkAdministrator": "write on every resource",
    "job-function/DatabaseAdministrator": "write on every resource",
    "job-function/DataScientist": "write on every resource",
    // Lets its holder create and attach any policy: administrator one call away.
    "IAMFullAccess": "administrator",
    "AWSOrganizationsFullAccess": "administrator",
    // Documented as for the Elastic Beanstalk service role only: broad writes and passing any role.
    "AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy": "write on every resource",
};

/** Name patterns of managed policies that allow every (write) action of a service on "*". */
const writeAllPatterns = [/FullAccess/, /ReadWrite$/, /PowerUser$/];

/** `arn:<partition>:iam::aws:policy/<path/>Name`: the ARN of an AWS managed policy. */
const awsManagedArn = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::aws:policy\/(.+)$/;

/** True when the ARN names an AWS managed policy (whatever it grants). */
export function isAwsManaged(arn: string): boolean {
    return awsManagedArn.test(arn);
}

/** What an AWS managed policy grants that the rules refuse, or undefined when it is scoped (or not AWS managed). */
export function managedGrant(arn: string): ManagedGrant | undefined {
    const m = awsManagedArn.exec(arn);
    const path = m?.[2];
    if (!path) {
        return undefined;
    }
    const name = path.split("/").pop() ?? path;
    const listed = managedPolicyGrants[path] ?? managedPolicyGrants[name];
    if (listed) {
        return listed;
    }
    // Service-role and service-linked policies are written for one service's role, not for people or apps.
    if (path.startsWith("service-role/") || path.startsWith("aws-service-role/")) {
        return undefined;
    }
    return writeAllPatterns.some((p) => p.test(name)) ? "write on every resource" : undefined;
}
