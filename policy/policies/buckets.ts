/**
 * S3 public access through every spelling: a bucket's block public access settings (bucket or account
 * level), ACLs on buckets and objects, and website hosting; bucket policies are judged by
 * no-public-or-foreign-principals. Plus parameters that hold secrets in plain text.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { acceptUnresolvedSchema, blocks, cannotBeJudged, forTypes, get, isTrue, isUnknown, type UnresolvedConfig } from "./util";

/** Block public access resources: the bucket's and the account's. */
const blockTypes = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"];
const blockFlags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** Resources that carry a canned ACL or grants. */
const aclTypes = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2", "aws:s3/bucketObject:BucketObject",
    "aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/objectCopy:ObjectCopy", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** Canned ACLs that grant the world or every AWS account (S3 user guide, "Canned ACL"). */
const publicAcls = ["public-read", "public-read-write", "authenticated-read"];

/** The grantee groups that are everyone and every authenticated AWS user. */
const publicGrantees = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

const websiteTypes = ["aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
    "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2"];

/**
 * S3.1, S3.2, S3.3, S3.8: new buckets block public access and disable ACLs by default (since April
 * 2023); a block public access resource with any flag off, a public canned ACL or grant, or website
 * hosting (an HTTP-only endpoint meant for anonymous readers) is what makes one public.
 */
export const s3NoPublicAccess: ResourceValidationPolicy = {
    name: "s3-no-public-access",
    description: "Checks whether bucket and account block public access settings keep all four flags on, no bucket or object "
        + "ACL grants everyone or every AWS account, and no bucket is turned into a website (Security Hub S3.1, S3.2, S3.3, S3.8).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([...blockTypes, ...aclTypes, ...websiteTypes], (props, args, report) => {
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        const unresolved = (missing: string) => !accepted.includes(args.name) && report(cannotBeJudged("s3-no-public-access", args.name, missing));
        if (blockTypes.includes(args.type)) {
            // The provider's default for each flag is false: unset turns that protection off.
            const off = blockFlags.filter(f => !isTrue(props[f]) && !isUnknown(props[f]));
            const unknown = blockFlags.filter(f => isUnknown(props[f]));
            if (off.length > 0) {
                report(`${args.name}: block public access must keep all four flags on, but ${off.join(", ")} ${off.length > 1 ? "are" : "is"} off `
                    + "(unset means false here); set each to true.");
            }
            if (unknown.length > 0) unresolved(`${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not known until deploy`);
            return;
        }
        if (websiteTypes.includes(args.type)) {
            report(`${args.name}: website hosting serves the bucket over plain HTTP to anyone its policy admits; serve it through `
                + "CloudFront with origin access control, which keeps the bucket private.");
            return;
        }
        const acl = props.acl;
        if (isUnknown(acl)) {
            unresolved("acl is not known until deploy");
        } else if (typeof acl === "string" && publicAcls.includes(acl.toLowerCase())) {
            report(`${args.name}: acl ${JSON.stringify(acl)} lets ${acl.toLowerCase() === "authenticated-read" ? "every AWS account" : "anyone"} `
                + "read it; use \"private\" (or no ACL: buckets disable ACLs by default).");
        }
        const grants = blocks(get(props.accessControlPolicy, "grants"));
        const uriOf = (g: unknown): string => { const u = get(g, "grantee", "uri"); return typeof u === "string" ? u : ""; };
        const open = grants.filter(g => publicGrantees.test(uriOf(g)));
        if (open.length > 0) {
            report(`${args.name}: accessControlPolicy grants ${open.map(g => `${JSON.stringify(g.permission)} to ${uriOf(g)}`).join(", ")}; `
                + "grant to the bucket owner's account only.");
        }
    }),
};

/** Parameter names that say they hold a secret. */
const secretName = /(password|passwd|secret|token|credential|api[-_]?key|private[-_]?key)/i;

/** A name that ends in a reference (`.../secret-arn`, `tokenId`, `password_name`) names where a secret is, not the secret. */
const referenceSuffix = /(arn|id|name|path|url)$/i;

/** True when a parameter name says it holds a secret value. */
function namesSecret(name: string): boolean {
    // Any segment may say so (/app/db-password/current); the last one says whether it is the secret or a reference to it.
    const segments = name.split(/[/.:]/).filter(Boolean);
    const last = segments[segments.length - 1] ?? name;
    return segments.some(s => secretName.test(s)) && !referenceSuffix.test(last);
}

/**
 * SSM.x: a parameter holding a secret must be a SecureString (KMS-encrypted, and only readable with
 * decrypt permission). The pack cannot see Pulumi's secret marking (the policy server unwraps it), so
 * a parameter is taken to hold a secret when its name or logical name says so.
 */
export const secretParametersEncrypted: ResourceValidationPolicy = {
    name: "secret-parameters-encrypted",
    description: "Checks whether SSM parameters whose name says they hold a secret (password, secret, token, credential, key; "
        + "not an ARN, id or name of one) are SecureString parameters.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes(["aws:ssm/parameter:Parameter"], (props, args, report) => {
        const named = [props.name, args.name].filter((n): n is string => typeof n === "string" && !isUnknown(n));
        if (!named.some(namesSecret)) {
            return;
        }
        if (isUnknown(props.type)) {
            if (!(args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? []).includes(args.name)) {
                report(cannotBeJudged("secret-parameters-encrypted", args.name, "type is not known until deploy"));
            }
        } else if (props.type !== "SecureString") {
            report(`${args.name}: ${named[0]} holds a secret by its name but is a ${JSON.stringify(props.type)} parameter, stored and shown in `
                + "plain text; use type \"SecureString\" (or Secrets Manager).");
        }
    }),
};
