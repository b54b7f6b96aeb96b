/**
 * Rules written over their class, not over the one type the program uses: each case adds a sibling
 * type (or another spelling) to the compliant tier and expects exactly its rule to refuse it.
 */
import * as assert from "node:assert/strict";
import { analyze } from "../../tools/plan/analyze";
import type { RecordedResource } from "../../tools/engine/recorded";
import { rec, U, worldWithHttps } from "./factories";
import { runCases, type Case, type Compliant, type World } from "./helpers";

const FOREIGN = "999988887777";

/** A record in the tier's region with its provider; `deps` maps a property to the records it came from. */
function add(w: World, type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}): RecordedResource {
    return rec(type, name, inputs, deps, { provider: w.alb.provider });
}

/** One new resource that its rule must refuse. */
function one(type: string, name: string, inputs: (w: World) => Record<string, unknown>,
    deps: (w: World) => Record<string, RecordedResource[]> = () => ({})): Case["change"] {
    return (w) => {
        const r = add(w, type, name, inputs(w), deps(w));
        return { at: r, extra: [r] };
    };
}

const dataCases: Case[] = [
    { requirement: "an Aurora cluster left at its provider default stores data unencrypted", policy: "rds-storage-encrypted",
        change: one("aws:rds/cluster:Cluster", "euw1-aurora", () => ({ engine: "aurora-postgresql", masterUsername: "app" })) },
    { requirement: "an Aurora cluster instance must not be publicly accessible", policy: "data-stores-not-public",
        change: one("aws:rds/clusterInstance:ClusterInstance", "euw1-aurora-1", () => ({ clusterIdentifier: U, instanceClass: "db.r6g.large",
            engine: "aurora-postgresql", publiclyAccessible: true })) },
    { requirement: "a DocumentDB cluster without storageEncrypted is stored in plain text", policy: "data-stores-encrypted",
        change: one("aws:docdb/cluster:Cluster", "euw1-docs", () => ({ masterUsername: "app" })) },
    { requirement: "a Redis replication group at the provider's defaults is encrypted neither at rest nor in transit",
        policy: "data-stores-encrypted", message: /atRestEncryptionEnabled is off; transitEncryptionEnabled is off/,
        change: one("aws:elasticache/replicationGroup:ReplicationGroup", "euw1-sessions", () => ({ engine: "redis", nodeType: "cache.t4g.small",
            description: "sessions" })) },
    { requirement: "a Kinesis stream written \"none\" is unencrypted (AWS compares the enumeration in any case)", policy: "data-stores-encrypted",
        change: one("aws:kinesis/stream:Stream", "euw1-events", () => ({ shardCount: 1, encryptionType: "none" })) },
    { requirement: "an EFS file system without encrypted is stored in plain text", policy: "data-stores-encrypted",
        change: one("aws:efs/fileSystem:FileSystem", "euw1-fs", () => ({})) },
    { requirement: "a Redshift cluster must not be publicly accessible", policy: "data-stores-not-public",
        change: one("aws:redshift/cluster:Cluster", "euw1-warehouse", () => ({ clusterIdentifier: "w", nodeType: "ra3.xlplus", publiclyAccessible: true })) },
    { requirement: "a database flag that is not a value the field holds cannot be judged", policy: "rds-not-publicly-accessible",
        message: /cannot be judged: publiclyAccessible is "maybe"/,
        change: (w) => { w.db.inputs.publiclyAccessible = "maybe"; return { at: w.db }; } },
    { requirement: "block public access with a flag left unset turns that protection off", policy: "s3-no-public-access",
        change: one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "euw1-logs-pab", () => ({ bucket: U, blockPublicAcls: true,
            blockPublicPolicy: true, ignorePublicAcls: true }), (w) => ({ bucket: [w.logBucket] })) },
    { requirement: "a bucket ACL of public-read lets anyone read", policy: "s3-no-public-access",
        change: one("aws:s3/bucketAclV2:BucketAclV2", "euw1-logs-acl", () => ({ bucket: U, acl: "public-read" }), (w) => ({ bucket: [w.logBucket] })) },
    { requirement: "a grant to every authenticated AWS user is public", policy: "s3-no-public-access",
        change: one("aws:s3/bucketAclV2:BucketAclV2", "euw1-logs-grant", () => ({ bucket: U, accessControlPolicy: { owner: { id: "o" },
            grants: [{ permission: "READ", grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" } }] } })) },
    { requirement: "an object with a public-read ACL is public", policy: "s3-no-public-access",
        change: one("aws:s3/bucketObjectv2:BucketObjectv2", "euw1-env", () => ({ bucket: U, key: "env", content: "x", acl: "public-read" })) },
    { requirement: "website hosting serves a bucket over plain HTTP to anonymous readers", policy: "s3-no-public-access",
        change: one("aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2", "euw1-site", () => ({ bucket: U,
            indexDocument: { suffix: "index.html" } })) },
    { requirement: "a password kept as a String parameter is stored in plain text", policy: "secret-parameters-encrypted",
        change: (w) => { w.param.inputs.name = "/app/db/password"; return { at: w.param }; } },
];

const dataCompliant: Compliant[] = [
    { requirement: "a Valkey replication group with transit encryption is encrypted at rest by its default",
        change: (w) => [add(w, "aws:elasticache/replicationGroup:ReplicationGroup", "euw1-cache", { engine: "valkey", nodeType: "cache.t4g.small",
            description: "c", transitEncryptionEnabled: true })] },
    { requirement: "a parameter that holds where a secret is (its ARN) may be a String",
        change: (w) => { w.param.inputs.name = "/app/db/secret-arn"; } },
    { requirement: "DynamoDB tables and secrets are always encrypted",
        change: (w) => [add(w, "aws:dynamodb/table:Table", "euw1-state", { hashKey: "pk", billingMode: "PAY_PER_REQUEST",
            attributes: [{ name: "pk", type: "S" }] }), add(w, "aws:secretsmanager/secret:Secret", "euw1-secret", {})] },
];

const doc = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

const identityCases: Case[] = [
    { requirement: "an AWS managed administrator policy attached by an exclusive attachment is administrator", policy: "iam-no-full-admin",
        change: one("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "euw1-app-exclusive", () => ({ roleName: U,
            policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess-Amplify"] }), (w) => ({ roleName: [w.instanceRole] })) },
    { requirement: "everything but IAM on everything but one bucket (NotAction, NotResource) is administrator", policy: "iam-no-full-admin",
        change: (w) => { w.fnRole.inputs.inlinePolicies = [{ name: "x", policy: doc([{ Effect: "Allow", NotAction: "iam:*",
            NotResource: "arn:aws:s3:::audit" }]) }]; return { at: w.fnRole }; } },
    { requirement: "a customer managed policy the stack does not declare cannot be judged", policy: "iam-no-full-admin",
        message: /cannot be judged.*allowedPolicyArns: \["arn:aws:iam::123456789012:policy\/ops"\]/,
        change: (w) => { w.ssmAttach.inputs.policyArn = "arn:aws:iam::123456789012:policy/ops"; return { at: w.ssmAttach }; } },
    { requirement: "iam:* on arn:aws:iam::*:* writes every IAM resource of every account", policy: "iam-no-write-on-any-resource",
        change: (w) => { w.fnRole.inputs.inlinePolicies = [{ name: "x", policy: doc([{ Effect: "Allow", Action: "iam:*",
            Resource: "arn:aws:iam::*:*" }]) }]; return { at: w.fnRole }; } },
    { requirement: "reading every secret value (a Get on \"*\") is refused like a write", policy: "iam-no-write-on-any-resource",
        change: (w) => { w.fnRole.inputs.inlinePolicies = [{ name: "x", policy: doc([{ Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "s3:Get*"], Resource: "*" }]) }]; return { at: w.fnRole }; } },
    { requirement: "an AWS managed *FullAccess policy writes every resource of its service", policy: "iam-no-write-on-any-resource",
        change: (w) => { w.ssmAttach.inputs.policyArn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"; return { at: w.ssmAttach }; } },
    { requirement: "decrypting with every key under a tag condition that may be absent (StringNotEquals) reaches every key",
        policy: "iam-no-write-on-any-resource",
        change: (w) => { w.fnRole.inputs.inlinePolicies = [{ name: "x", policy: doc([{ Effect: "Allow", Action: "kms:Decrypt",
            Resource: "arn:aws:kms:eu-west-1:123456789012:key/*", Condition: { StringNotEquals: { "aws:ResourceTag/team": "other" } } }]) }];
        return { at: w.fnRole }; } },
];

/** Grants that name their resources, by ARN or by an exact resource condition: not grants on every resource. */
const identityCompliant: Compliant[] = [
    { requirement: "reading one bucket's objects (arn:aws:s3:::<bucket>/*) is one bucket, not every resource",
        change: (w) => { w.fnRole.inputs.inlinePolicies = [{ name: "x", policy: doc([{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"],
            Resource: "arn:aws:s3:::ha-web-tier-state-123456789012-eu-west-1/*" }]) }]; } },
    { requirement: "decrypting with the key an exact kms:ResourceAliases condition names is that key only",
        change: (w) => { w.fnRole.inputs.inlinePolicies = [{ name: "x", policy: doc([{ Effect: "Allow", Action: "kms:Decrypt",
            Resource: "arn:aws:kms:eu-west-1:123456789012:key/*",
            Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/ha-web-tier-state" } } }]) }]; } },
];

const principalCases: Case[] = [
    { requirement: "a bucket policy that allows any principal is public", policy: "no-public-or-foreign-principals",
        change: one("aws:s3/bucketPolicy:BucketPolicy", "euw1-logs-policy", () => ({ bucket: U, policy: doc([{ Effect: "Allow",
            Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: U }]) }), (w) => ({ bucket: [w.logBucket], policy: [w.logBucket] })) },
    { requirement: "NotPrincipal in an Allow lets in the world", policy: "no-public-or-foreign-principals",
        change: one("aws:sqs/queuePolicy:QueuePolicy", "dlq-policy", () => ({ queueUrl: U, policy: doc([{ Effect: "Allow",
            NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sqs:SendMessage", Resource: "*" }]) })) },
    { requirement: "a role another account can assume is refused", policy: "no-public-or-foreign-principals",
        message: new RegExp(`lets account ${FOREIGN}.*trustedAccounts`),
        change: (w) => { w.instanceRole.inputs.assumeRolePolicy = doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` },
            Action: "sts:AssumeRole" }]); return { at: w.instanceRole }; } },
    { requirement: "a role GitHub's OIDC provider may issue tokens for without a subject condition admits every repository",
        policy: "no-public-or-foreign-principals", message: /without pinning the token's subject/,
        change: (w) => { w.instanceRole.inputs.assumeRolePolicy = doc([{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
            Condition: { StringLike: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:*" } } }]);
        return { at: w.instanceRole }; } },
    { requirement: "a Lambda permission for another account is refused", policy: "no-public-or-foreign-principals",
        change: (w) => { w.permission.inputs.principal = FOREIGN; return { at: w.permission }; } },
    { requirement: "a topic delivering to a queue in another account is refused", policy: "no-public-or-foreign-principals",
        change: (w) => { w.subscription.inputs.protocol = "sqs"; w.subscription.inputs.endpoint = `arn:aws:sqs:us-east-1:${FOREIGN}:copy`;
            w.subscription.propertyDependencies.endpoint = []; return { at: w.subscription }; } },
    { requirement: "a function sending its failures to another account's queue is refused", policy: "no-public-or-foreign-principals",
        change: one("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "failover-fn-async", () => ({ functionName: U,
            destinationConfig: { onFailure: { destination: `arn:aws:sqs:eu-west-2:${FOREIGN}:failures` } } }), (w) => ({ functionName: [w.fn] })) },
    { requirement: "a permission for S3 must name the bucket's account, which a bucket ARN does not", policy: "lambda-no-public-invoke",
        change: (w) => { w.permission.inputs.principal = "s3.amazonaws.com"; return { at: w.permission }; } },
];

const principalCompliant: Compliant[] = [
    { requirement: "a role only one repository's environment may assume through GitHub's OIDC provider is within the stack",
        change: (w) => { w.instanceRole.inputs.assumeRolePolicy = doc([{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
            Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": ["repo:ha-web-tier/ha-web-tier:environment:prod"] } } }]); } },
    { requirement: "any principal pinned to the stack's own account (proven by its key policy) by aws:SourceAccount is not public",
        change: (w) => [add(w, "aws:sqs/queuePolicy:QueuePolicy", "dlq-policy", { queueUrl: U, policy: doc([{ Effect: "Allow", Principal: "*",
            Action: "sqs:SendMessage", Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }]) })] },
    { requirement: "a role the stack's own account (proven by its key policy) may assume is within the stack",
        change: (w) => { w.instanceRole.inputs.assumeRolePolicy = doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "sts:AssumeRole" }]); } },
];

const computeCases: Case[] = [
    { requirement: "an ECS service must not give its tasks public IPs", policy: "containers-no-public-ip",
        change: one("aws:ecs/service:Service", "euw1-svc", () => ({ cluster: U, taskDefinition: U, launchType: "FARGATE",
            networkConfiguration: { subnets: [U, U], securityGroups: [U], assignPublicIp: true } }),
        (w) => ({ networkConfiguration: [w.privateA, w.privateB, w.appSg] })) },
    { requirement: "a schedule's ECS task with assignPublicIp ENABLED gets a public IP", policy: "containers-no-public-ip",
        change: one("aws:scheduler/schedule:Schedule", "euw1-batch", () => ({ scheduleExpression: "rate(1 hour)", flexibleTimeWindow: { mode: "OFF" },
            target: { arn: U, roleArn: U, ecsParameters: { taskDefinitionArn: U, networkConfiguration: { subnets: [U], assignPublicIp: "ENABLED" } } } }),
        (w) => ({ target: [w.fnRole, w.privateA] })) },
    { requirement: "a privileged task container is root on its host", policy: "containers-not-privileged",
        change: one("aws:ecs/taskDefinition:TaskDefinition", "euw1-agent", () => ({ family: "agent", networkMode: "host",
            containerDefinitions: JSON.stringify([{ name: "agent", image: "agent", privileged: true }]) })) },
    { requirement: "an EKS cluster's endpoint is public to 0.0.0.0/0 by default", policy: "eks-endpoint-private",
        change: one("aws:eks/cluster:Cluster", "euw1-eks", () => ({ roleArn: U, vpcConfig: { subnetIds: [U, U] } })) },
    { requirement: "a node group with an SSH key and no source groups opens port 22 to the world", policy: "eks-nodes-no-open-ssh",
        change: one("aws:eks/nodeGroup:NodeGroup", "euw1-nodes", () => ({ clusterName: U, nodeRoleArn: U, subnetIds: [U, U],
            scalingConfig: { desiredSize: 1, maxSize: 1, minSize: 1 }, remoteAccess: { ec2SshKey: "ops" } }), (w) => ({ subnetIds: [w.privateA, w.privateB] })) },
    { requirement: "a launch template's associatePublicIpAddress \"1\" is true to the provider", policy: "launch-template-no-public-ip",
        change: (w) => { w.lt.inputs.networkInterfaces = [{ associatePublicIpAddress: "1", securityGroups: [U] }]; return { at: w.lt }; } },
];

const lbCases: Case[] = [
    { requirement: "an internal NLB an accelerator serves is on the internet: it must not forward to a host registered by hand",
        policy: "public-lb-targets-are-app", message: /euw1-inner-l on the internet-facing euw1-inner forwards to euw1-inner-host/,
        change: (w) => {
            const nlb = add(w, "aws:lb/loadBalancer:LoadBalancer", "euw1-inner", { loadBalancerType: "network", internal: true, subnets: [U, U],
                enableDeletionProtection: true }, { subnets: [w.publicA, w.publicB] });
            const tg = add(w, "aws:lb/targetGroup:TargetGroup", "euw1-inner-tg", { port: 6379, protocol: "TCP", vpcId: U });
            const listener = add(w, "aws:lb/listener:Listener", "euw1-inner-l", { loadBalancerArn: U, port: 6379, protocol: "TCP",
                defaultActions: [{ type: "forward", targetGroupArn: U }] }, { loadBalancerArn: [nlb], defaultActions: [tg] });
            const group = add(w, "aws:globalaccelerator/endpointGroup:EndpointGroup", "front-door-euw1", { listenerArn: "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/l",
                endpointGroupRegion: "eu-west-1", endpointConfigurations: [{ endpointId: U, clientIpPreservationEnabled: true }] },
            { endpointConfigurations: [nlb] });
            return { at: listener, extra: [nlb, tg, listener, group, add(w, "aws:lb/targetGroupAttachment:TargetGroupAttachment", "euw1-inner-host",
                { targetGroupArn: U, targetId: "i-1" }, { targetGroupArn: [tg] })] };
        } },
    { requirement: "an HTTPS listener spelled \"https\" is judged as HTTPS", policy: "https-listener-modern-tls",
        change: (w) => { w.https.inputs.protocol = "https"; w.https.inputs.sslPolicy = "ELBSecurityPolicy-2016-08"; return { at: w.https }; } },
    { requirement: "an HTTP listener spelled \"http\" must redirect next to HTTPS", policy: "alb-http-redirects-to-https",
        change: (w) => { w.http.inputs.protocol = "http"; w.http.inputs.defaultActions = [{ type: "forward", targetGroupArn: U }];
            w.http.propertyDependencies.defaultActions = [w.tg.urn]; return { at: w.http }; } },
    { requirement: "access logs whose enabled flag is not known until deploy cannot be shown on", policy: "lb-access-logs-enabled",
        message: /cannot be judged: accessLogs\.enabled is not known until deploy/,
        change: (w) => { w.alb.inputs.accessLogs = { bucket: U, enabled: U }; return { at: w.alb }; } },
    { requirement: "a classic HTTPS listener without a listener policy negotiates TLS 1.0", policy: "https-listener-modern-tls",
        change: one("aws:elb/loadBalancer:LoadBalancer", "euw1-classic", () => ({ subnets: [U, U], internal: true,
            listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 8080, instanceProtocol: "http", sslCertificateId: U }],
            accessLogs: { bucket: U, enabled: true } }), (w) => ({ subnets: [w.publicA, w.publicB], accessLogs: [w.logBucket] })) },
    { requirement: "an internet-facing NLB listener forwarding to a host registered by hand publishes that host", policy: "public-lb-targets-are-app",
        change: (w) => {
            const nlb = add(w, "aws:lb/loadBalancer:LoadBalancer", "euw1-nlb", { loadBalancerType: "network", internal: false, subnets: [U, U], enableDeletionProtection: true },
                { subnets: [w.publicA, w.publicB] });
            const tg = add(w, "aws:lb/targetGroup:TargetGroup", "euw1-redis", { port: 6379, protocol: "TCP", vpcId: U, targetType: "instance" });
            const host = add(w, "aws:lb/targetGroupAttachment:TargetGroupAttachment", "euw1-redis-host", { targetGroupArn: U,
                targetId: "i-0123456789abcdef0", port: 6379 }, { targetGroupArn: [tg] });
            const listener = add(w, "aws:lb/listener:Listener", "euw1-nlb-443", { loadBalancerArn: U, port: 443, protocol: "TCP",
                defaultActions: [{ type: "forward", targetGroupArn: U }] }, { loadBalancerArn: [nlb], defaultActions: [tg] });
            return { at: listener, extra: [nlb, tg, host, listener] };
        } },
];

const networkCases: Case[] = [
    { requirement: "a default subnet left at AWS's default maps public IPs", policy: "subnet-no-auto-assign-public-ip",
        change: one("aws:ec2/defaultSubnet:DefaultSubnet", "euw1-default-a", () => ({ availabilityZone: "eu-west-1a" })) },
    { requirement: "a route to a gateway the stack does not declare is judged as an internet route", policy: "app-instances-private-subnets-only",
        change: (w) => { w.privateRoute.inputs = { routeTableId: U, destinationCidrBlock: "0.0.0.0/0", gatewayId: U };
            w.privateRoute.propertyDependencies = { routeTableId: [w.privateRt.urn] }; return { at: w.asg }; } },
    { requirement: "an ingress CIDR not known until deploy is judged as the whole internet", policy: "public-ingress-only-on-lb-ports",
        message: /a CIDR not known until deploy \(judged as the whole internet\)/,
        change: one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "euw1-app-partner", () => ({ securityGroupId: U,
            ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: U }), (w) => ({ securityGroupId: [w.appSg] })) },
    { requirement: "a prefix list the stack does not declare is judged as the whole internet", policy: "public-ingress-only-on-lb-ports",
        change: one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "euw1-app-pl", () => ({ securityGroupId: U,
            ipProtocol: "tcp", fromPort: 5432, toPort: 5432, prefixListId: "pl-0123456789abcdef0" }), (w) => ({ securityGroupId: [w.appSg] })) },
    { requirement: "a rule on a group from another stack is not on a load balancer's group", policy: "public-ingress-only-on-lb-ports",
        change: one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "euw1-shared-db", () => ({ securityGroupId: U,
            ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })) },
    { requirement: "a rule on the adopted default VPC's default group (DefaultVpc.defaultSecurityGroupId) adds rules to a default group",
        policy: "default-security-group-no-rules",
        change: (w) => {
            const defaultVpc = add(w, "aws:ec2/defaultVpc:DefaultVpc", "euw1-default-vpc", {});
            const r = add(w, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "euw1-default-db", { securityGroupId: U,
                ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/8" }, { securityGroupId: [defaultVpc] });
            return { at: r, extra: [defaultVpc, r] };
        } },
    { requirement: "SSH written with protocol \"TCP\" is SSH", policy: "no-admin-port-ingress",
        change: one("aws:ec2/securityGroupRule:SecurityGroupRule", "euw1-ssh", () => ({ type: "ingress", securityGroupId: U, protocol: "TCP",
            fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }), (w) => ({ securityGroupId: [w.appSg] })) },
    { requirement: "a database on a security group the stack does not declare cannot be judged", policy: "security-groups-by-id",
        message: /sg-0123456789abcdef0, a group this stack does not declare/,
        change: (w) => { w.db.inputs.vpcSecurityGroupIds = ["sg-0123456789abcdef0"]; w.db.propertyDependencies.vpcSecurityGroupIds = []; return { at: w.db }; } },
];

describe("policy pack: data stores of every engine", () => runCases(dataCases, dataCompliant));
describe("policy pack: every way to give an identity a policy", () => runCases(identityCases, identityCompliant));
describe("policy pack: principals outside the stack", () => {
    runCases(principalCases, principalCompliant);

    it("a partner account listed in trustedAccounts may be granted access", async () => {
        const w = worldWithHttps();
        w.permission.inputs.principal = FOREIGN;
        assert.deepEqual(await analyze(w.all(), { config: { "no-public-or-foreign-principals": { trustedAccounts: [FOREIGN] } } }), []);
    });

    it("with two accounts in key policies and none declared, neither is proven the stack's own", async () => {
        const w = worldWithHttps();
        w.key.inputs.policy = doc([{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:root", `arn:aws:iam::${FOREIGN}:root`] },
            Action: "kms:*", Resource: "*" }]);
        const v = await analyze(w.all());
        assert.deepEqual(v.map((x) => [x.policy, x.urn]), [["no-public-or-foreign-principals", w.key.urn]]);
        assert.match(v[0]?.message ?? "", /grants account 123456789012.*grants account 999988887777/);
    });
});
describe("policy pack: every way to run code", () => runCases(computeCases));
describe("policy pack: every load balancer and listener kind", () => {
    runCases(lbCases, [{ requirement: "an internal NLB may forward to a host registered by hand", change: (w) => {
        const nlb = add(w, "aws:lb/loadBalancer:LoadBalancer", "euw1-inner", { loadBalancerType: "network", internal: true, subnets: [U, U], enableDeletionProtection: true },
            { subnets: [w.publicA, w.publicB] });
        const tg = add(w, "aws:lb/targetGroup:TargetGroup", "euw1-inner-tg", { port: 6379, protocol: "TCP", vpcId: U });
        return [nlb, tg, add(w, "aws:lb/targetGroupAttachment:TargetGroupAttachment", "euw1-inner-host", { targetGroupArn: U, targetId: "i-1" },
            { targetGroupArn: [tg] }), add(w, "aws:lb/listener:Listener", "euw1-inner-l", { loadBalancerArn: U, port: 6379, protocol: "TCP",
            defaultActions: [{ type: "forward", targetGroupArn: U }] }, { loadBalancerArn: [nlb], defaultActions: [tg] })];
    } }]);
});
describe("policy pack: networks and security groups, unresolved at their worst", () => runCases(networkCases));

describe("policy pack: a whole rule list not known until deploy", () => {
    it("is judged as all traffic from anywhere: SSH and RDP, the internet on a group no load balancer uses, groups unread", async () => {
        const w = worldWithHttps();
        w.appSg.inputs.ingress = U;
        const v = await analyze(w.all());
        // The groups such rules would reference cannot be read either.
        assert.deepEqual(v.map((x) => [x.policy, x.urn]).sort(), [["no-admin-port-ingress", w.appSg.urn], ["public-ingress-only-on-lb-ports", w.appSg.urn],
            ["security-groups-by-id", w.appSg.urn]]);
        assert.match(v.find((x) => x.policy === "public-ingress-only-on-lb-ports")?.message ?? "", /ingress rules not known until deploy \(judged as the whole internet\)/);
    });
});
