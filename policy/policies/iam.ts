import type { ResourceValidationPolicy } from "@pulumi/policy";
import { blocks, forTypes, isUnknown, list, type Props } from "./util";

/** Identity-policy resources and the property that holds the document. */
const documentProps: Record<string, string> = {
    "aws:iam/policy:Policy": "policy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
};
const roleType = "aws:iam/role:Role";

/** Allow statements of every identity policy document a resource carries; unknown documents are skipped. */
function allowStatements(type: string, props: Props): Props[] {
    const docs = type === roleType ? blocks(props.inlinePolicies).map(p => p.policy) : [props[documentProps[type]]];
    const result: Props[] = [];
    for (const raw of docs) {
        let doc: unknown = raw;
        if (typeof raw === "string") {
            if (isUnknown(raw)) {
                continue;
            }
            try {
                doc = JSON.parse(raw);
            } catch {
                continue;
            }
        }
        const statements = blocks((doc as Props | undefined)?.Statement);
        result.push(...statements.filter(s => s.Effect === "Allow"));
    }
    return result;
}

function strings(v: unknown): string[] {
    return list(v).filter((x): x is string => typeof x === "string" && !isUnknown(x));
}

const types = [...Object.keys(documentProps), roleType];

/** AWS-managed policies that amount to administrator access. */
const adminManagedPolicies = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

/** Where a managed policy is attached to an identity, and the property that names it. */
const attachmentProps: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
};

/**
 * IAM.1: `*` on `*` is account administrator, whatever the role is meant for; so is Allow with
 * NotAction on `*` (everything but a few actions), and so are the AWS-managed admin policies.
 */
export const iamNoFullAdmin: ResourceValidationPolicy = {
    name: "iam-no-full-admin",
    description: "Checks whether identity policies avoid allowing \"*\" actions (or NotAction) on \"*\" resources, and "
        + "whether identities avoid the AWS-managed AdministratorAccess, PowerUserAccess and IAMFullAccess policies "
        + "(Security Hub IAM.1).",
    enforcementLevel: "mandatory",
    validateResource: forTypes([...types, ...Object.keys(attachmentProps)], (props, args, report) => {
        if (allowStatements(args.type, props).some(s => strings(s.Resource).includes("*")
            && (strings(s.Action).includes("*") || s.NotAction !== undefined))) {
            report("A policy statement must not allow Action \"*\" (or NotAction) on Resource \"*\"; list the actions "
                + "the role needs and the ARNs it needs them on.");
        }
        const managed = args.type === roleType ? strings(props.managedPolicyArns) : strings(props[attachmentProps[args.type]]);
        const admin = managed.filter(arn => adminManagedPolicies.test(arn));
        if (admin.length > 0) {
            report(`An identity must not get administrator access through ${admin.join(", ")}; attach a policy that `
                + "lists the actions and ARNs it needs.");
        }
    }),
};

/** Read-only verbs; wildcards after them (ec2:Describe*) stay read-only. */
const readVerbs = /^(Describe|Get|List|BatchGet|Head|Lookup|Search|Query|Scan|Select|View)/;

/** Actions AWS only grants on "*" (no resource-level permissions); the default of `allowedActions`. */
export const actionsOnlyOnAnyResource = [
    "cloudwatch:PutMetricData", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses", "logs:CreateLogDelivery", "logs:PutResourcePolicy",
];

/** Tunables of {@link iamNoWriteOnAnyResource}. */
export interface WriteOnAnyResourceConfig {
    /** Actions allowed on "*" because AWS supports no narrower resource for them. */
    allowedActions: string[];
}

/** Least privilege: a write action on "*" reaches every resource of that service in the account. */
export const iamNoWriteOnAnyResource: ResourceValidationPolicy = {
    name: "iam-no-write-on-any-resource",
    description: "Checks whether identity policies keep write actions off Resource \"*\" (only Describe/Get/List-style "
        + "reads and the configured actions AWS grants on \"*\" alone are allowed).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedActions: { type: "array", items: { type: "string" }, default: actionsOnlyOnAnyResource },
        },
    },
    validateResource: forTypes(types, (props, args, report) => {
        const allowed = new Set((args.getConfig<Partial<WriteOnAnyResourceConfig>>().allowedActions
            ?? actionsOnlyOnAnyResource).map(a => a.toLowerCase()));
        const writes = new Set<string>();
        for (const s of allowStatements(args.type, props)) {
            const actions = strings(s.Action);
            // Action "*" on "*" is iam-no-full-admin's finding; reporting it twice would hide which rule to fix.
            if (!strings(s.Resource).includes("*") || actions.includes("*")) {
                continue;
            }
            for (const a of actions) {
                const verb = a.split(":")[1] ?? "";
                if (!readVerbs.test(verb) && !allowed.has(a.toLowerCase())) {
                    writes.add(a);
                }
            }
        }
        if (writes.size > 0) {
            report(`Write actions must be scoped to resource ARNs, but ${[...writes].join(", ")} `
                + "allowed on \"*\"; list the ARNs, or add the action to this policy's allowedActions if AWS "
                + "grants it only on \"*\".");
        }
    }),
};

/** The IAM rules, in report order. */
export const iamPolicies = [iamNoFullAdmin, iamNoWriteOnAnyResource];
