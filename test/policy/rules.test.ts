import * as assert from "node:assert/strict";
import { analyze } from "../../tools/plan/analyze";
import { runCases, type Case } from "./helpers";
import { rec, U, worldWithHttps } from "./factories";

const cases: Case[] = [
    { requirement: "app instances must only live in private subnets (ASG in a subnet routed to the IGW)",
        policy: "app-instances-private-subnets-only",
        change: w => { w.asg.propertyDependencies.vpcZoneIdentifiers = [w.publicA.urn, w.privateB.urn]; return { at: w.asg }; } },
    { requirement: "a subnet becomes public when its route table gets an inline route to the internet gateway",
        policy: "app-instances-private-subnets-only",
        change: w => {
            w.privateRt.inputs.routes = [{ cidrBlock: "0.0.0.0/0", gatewayId: U }];
            w.privateRt.propertyDependencies.routes = [w.igw.urn];
            return { at: w.asg };
        } },
    { requirement: "an ASG must not use availabilityZones without subnets (the default VPC's public subnets)",
        policy: "app-instances-private-subnets-only",
        change: w => {
            delete w.asg.inputs.vpcZoneIdentifiers;
            delete w.asg.propertyDependencies.vpcZoneIdentifiers;
            w.asg.inputs.availabilityZones = ["eu-west-1a", "eu-west-1b"];
            return { at: w.asg };
        } },
    { requirement: "an EC2 instance in a public subnet is stopped",
        policy: "app-instances-private-subnets-only",
        change: w => {
            const i = rec("aws:ec2/instance:Instance", "euw1-bastion", { ami: "ami-1", instanceType: "t3.micro",
                subnetId: U, vpcSecurityGroupIds: [U], metadataOptions: { httpTokens: "required" },
                rootBlockDevice: { encrypted: true } }, { subnetId: [w.publicA], vpcSecurityGroupIds: [w.appSg] });
            return { at: i, extra: [i] };
        } },
    { requirement: "subnets must not map public IPs on launch", policy: "subnet-no-auto-assign-public-ip",
        change: w => { w.publicB.inputs.mapPublicIpOnLaunch = true; return { at: w.publicB }; } },
    { requirement: "the default security group must have no rules", policy: "default-security-group-no-rules",
        change: w => { w.defaultSg.inputs.egress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }];
            return { at: w.defaultSg }; } },
    { requirement: "every VPC has a flow log", policy: "vpc-flow-logs-enabled", level: "advisory",
        change: w => { w.flowLog.propertyDependencies.vpcId = []; return { at: w.vpc }; } },
    { requirement: "launch templates must reference security groups by id, not by name", policy: "security-groups-by-id",
        change: w => { w.lt.inputs.securityGroupNames = ["app"]; return { at: w.lt }; } },
    { requirement: "a security group name in a launch template's network interface is caught", policy: "security-groups-by-id",
        change: w => { (w.lt.inputs.networkInterfaces as { securityGroups: unknown }[])[0].securityGroups = ["app-sg"]; return { at: w.lt }; } },
    { requirement: "load balancers must reference security groups by id", policy: "security-groups-by-id",
        change: w => { w.alb.inputs.securityGroups = ["alb-sg"]; return { at: w.alb }; } },
    { requirement: "DB instances must reference security groups by id", policy: "security-groups-by-id",
        change: w => { w.db.inputs.vpcSecurityGroupIds = ["default"]; return { at: w.db }; } },
    { requirement: "SG rules that reference another group do so by id", policy: "security-groups-by-id",
        change: w => { w.appIn.inputs.referencedSecurityGroupId = "alb-sg"; return { at: w.appIn }; } },
    { requirement: "the app must not be opened to the internet (0.0.0.0/0 on the app group)",
        policy: "public-ingress-only-on-lb-ports",
        change: w => { w.appIn.inputs.cidrIpv4 = "0.0.0.0/0"; delete w.appIn.inputs.referencedSecurityGroupId;
            w.appIn.propertyDependencies.referencedSecurityGroupId = []; return { at: w.appIn }; } },
    { requirement: "the ALB group may not open a port other than the public ports to ::/0",
        policy: "public-ingress-only-on-lb-ports",
        change: w => { w.albIn443.inputs.fromPort = 8443; w.albIn443.inputs.toPort = 8443;
            w.albIn443.inputs.cidrIpv6 = "::/0"; delete w.albIn443.inputs.cidrIpv4; return { at: w.albIn443 }; } },
    { requirement: "inline ingress from 0.0.0.0/0 on a non-LB group is stopped", policy: "public-ingress-only-on-lb-ports",
        change: w => { w.appSg.inputs.ingress = [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] }];
            return { at: w.appSg }; } },
    { requirement: "a SecurityGroupRule resource opening the app to the world is stopped", policy: "public-ingress-only-on-lb-ports",
        change: w => {
            const r = rec("aws:ec2/securityGroupRule:SecurityGroupRule", "euw1-app-open", { type: "ingress", protocol: "tcp",
                fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"], securityGroupId: U }, { securityGroupId: [w.appSg] });
            return { at: r, extra: [r] };
        } },
    { requirement: "no SSH ingress at all, even from inside the VPC", policy: "no-admin-port-ingress",
        change: w => {
            const r = rec("aws:ec2/securityGroupRule:SecurityGroupRule", "euw1-ssh", { type: "ingress", protocol: "tcp",
                fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/16"], securityGroupId: U }, { securityGroupId: [w.appSg] });
            return { at: r, extra: [r] };
        } },
    { requirement: "no RDP ingress through a port range on a standalone rule", policy: "no-admin-port-ingress",
        change: w => { w.appIn.inputs.fromPort = 3000; w.appIn.inputs.toPort = 4000; return { at: w.appIn }; } },
    { requirement: "launch templates must not assign public IPs", policy: "launch-template-no-public-ip",
        change: w => { (w.lt.inputs.networkInterfaces as { associatePublicIpAddress: string }[])[0].associatePublicIpAddress = "true";
            return { at: w.lt }; } },
    { requirement: "launch templates must require IMDSv2", policy: "imdsv2-required",
        change: w => { (w.lt.inputs.metadataOptions as { httpTokens: string }).httpTokens = "optional"; return { at: w.lt }; } },
    { requirement: "launch template EBS volumes must be encrypted", policy: "ebs-volumes-encrypted",
        change: w => { (w.lt.inputs.blockDeviceMappings as { ebs: { encrypted: string } }[])[0].ebs.encrypted = "false";
            return { at: w.lt }; } },
    { requirement: "an ASG attached to a target group must use ELB health checks", policy: "asg-elb-health-check",
        change: w => { w.asg.inputs.healthCheckType = "EC2"; return { at: w.asg }; } },
    { requirement: "an ASG must span at least two AZs", policy: "asg-multi-az",
        change: w => { w.asg.inputs.vpcZoneIdentifiers = [U]; w.asg.propertyDependencies.vpcZoneIdentifiers = [w.privateA.urn];
            return { at: w.asg }; } },
    { requirement: "ALBs must drop invalid header fields (aws:alb spelling too)", policy: "alb-drop-invalid-header-fields",
        change: w => { w.alb.type = "aws:alb/loadBalancer:LoadBalancer"; w.alb.inputs.dropInvalidHeaderFields = false;
            return { at: w.alb }; } },
    { requirement: "an ALB must deliver access logs: enabled false stops delivery even with a bucket", policy: "lb-access-logs-enabled",
        change: w => { w.alb.inputs.accessLogs = { bucket: U, prefix: "alb", enabled: false }; return { at: w.alb }; } },
    { requirement: "an ALB without an accessLogs block (aws:alb spelling) logs nothing", policy: "lb-access-logs-enabled",
        change: w => { w.alb.type = "aws:alb/loadBalancer:LoadBalancer"; delete w.alb.inputs.accessLogs; w.alb.propertyDependencies.accessLogs = [];
            return { at: w.alb }; } },
    { requirement: "an ALB whose access logs name no bucket logs nothing", policy: "lb-access-logs-enabled",
        change: w => { w.alb.inputs.accessLogs = { bucket: "", enabled: true }; w.alb.propertyDependencies.accessLogs = []; return { at: w.alb }; } },
    { requirement: "an ALB's access logs left at the provider default (enabled unset) are off", policy: "lb-access-logs-enabled",
        change: w => { w.alb.inputs.accessLogs = { bucket: U, prefix: "alb" }; return { at: w.alb }; } },
    { requirement: "a classic load balancer with access logs turned off is caught", policy: "lb-access-logs-enabled",
        change: w => {
            const elb = rec("aws:elb/loadBalancer:LoadBalancer", "euw1-classic", { subnets: [U, U],
                listeners: [{ instancePort: 8080, instanceProtocol: "tcp", lbPort: 8443, lbProtocol: "tcp" }],
                accessLogs: { bucket: "euw1-logs", enabled: false } }, { subnets: [w.publicA, w.publicB] }, { provider: w.alb.provider });
            return { at: elb, extra: [elb] };
        } },
    { requirement: "ALBs have deletion protection by default", policy: "alb-deletion-protection", level: "advisory",
        change: w => { w.alb.inputs.enableDeletionProtection = false; return { at: w.alb }; } },
    { requirement: "HTTP must redirect to HTTPS when the ALB has an HTTPS listener", policy: "alb-http-redirects-to-https",
        change: w => { w.http.inputs.defaultActions = [{ type: "forward", targetGroupArn: U }]; return { at: w.http }; } },
    { requirement: "HTTPS listeners must use a TLS 1.2+ policy", policy: "https-listener-modern-tls",
        change: w => { w.https.inputs.sslPolicy = "ELBSecurityPolicy-2016-08"; return { at: w.https }; } },
    { requirement: "target groups health-check an explicit path", policy: "target-group-health-check-path", level: "advisory",
        change: w => { w.tg.inputs.healthCheck = { enabled: true }; return { at: w.tg }; } },
    { requirement: "a PRIMARY failover record must carry a health check", policy: "failover-primary-has-health-check",
        change: w => { delete w.primaryRecord.inputs.healthCheckId; w.primaryRecord.propertyDependencies.healthCheckId = [];
            return { at: w.primaryRecord }; } },
    { requirement: "Route 53 health-check alarms must be created in us-east-1", policy: "route53-alarm-in-us-east-1",
        change: w => { w.alarm.provider = w.asg.provider; return { at: w.alarm }; } },
    { requirement: "SNS topics must be encrypted with a customer KMS key", policy: "sns-topic-kms-encrypted",
        change: w => { w.topic.inputs.kmsMasterKeyId = "alias/aws/sns"; w.topic.propertyDependencies = {}; return { at: w.topic }; } },
    { requirement: "SQS queues must not turn encryption off", policy: "sqs-queue-encrypted",
        change: w => { w.queue.inputs.sqsManagedSseEnabled = false; return { at: w.queue }; } },
    { requirement: "Lambda runtimes must not be deprecated", policy: "lambda-runtime-supported",
        change: w => { w.fn.inputs.runtime = "nodejs16.x"; return { at: w.fn }; } },
    { requirement: "no Lambda permission lets any principal invoke", policy: "lambda-no-public-invoke",
        change: w => { w.permission.inputs.principal = "*"; return { at: w.permission }; } },
    { requirement: "a service principal must be scoped with sourceArn", policy: "lambda-no-public-invoke",
        change: w => { delete w.permission.inputs.sourceArn; return { at: w.permission }; } },
    { requirement: "no IAM statement allows * on * (inline role policy)", policy: "iam-no-full-admin",
        change: w => { (w.fnRole.inputs.inlinePolicies as { policy: string }[])[0].policy =
            JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }); return { at: w.fnRole }; } },
    { requirement: "no IAM statement allows NotAction on *", policy: "iam-no-full-admin",
        change: w => { w.flowPolicy.inputs.policy = { Statement: [{ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }] };
            return { at: w.flowPolicy }; } },
    { requirement: "no role gets AdministratorAccess through an attachment", policy: "iam-no-full-admin",
        change: w => {
            const a = rec("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "euw1-admin",
                { role: U, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, { role: [w.fnRole] });
            return { at: a, extra: [a] };
        } },
    { requirement: "no role gets AdministratorAccess through managedPolicyArns", policy: "iam-no-full-admin",
        change: w => { w.fnRole.inputs.managedPolicyArns = ["arn:aws:iam::aws:policy/AdministratorAccess"]; return { at: w.fnRole }; } },
    { requirement: "a Route 53 alarm's own region setting wins over its provider's", policy: "route53-alarm-in-us-east-1",
        change: w => { w.alarm.inputs.region = "us-west-2"; return { at: w.alarm }; } },
    { requirement: "the aws/sns key by ARN is caught too", policy: "sns-topic-kms-encrypted",
        change: w => { w.topic.inputs.kmsMasterKeyId = "arn:aws:kms:us-east-1:123456789012:alias/aws/sns"; w.topic.propertyDependencies = {};
            return { at: w.topic }; } },
    { requirement: "Node.js 20 is a deprecated Lambda runtime", policy: "lambda-runtime-supported",
        change: w => { w.fn.inputs.runtime = "nodejs20.x"; return { at: w.fn }; } },
    { requirement: "an HTTP listener without an explicit protocol must still redirect", policy: "alb-http-redirects-to-https",
        change: w => { delete w.http.inputs.protocol; w.http.inputs.defaultActions = [{ type: "forward", targetGroupArn: U }];
            return { at: w.http }; } },
    { requirement: "no write action on resource * (policy given as an object)", policy: "iam-no-write-on-any-resource",
        change: w => { w.flowPolicy.inputs.policy = { Statement: [{ Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: ["*"] }] };
            return { at: w.flowPolicy }; } },
    { requirement: "RDS must not be publicly accessible", policy: "rds-not-publicly-accessible",
        change: w => { w.db.inputs.publiclyAccessible = true; return { at: w.db }; } },
    { requirement: "RDS storage must be encrypted", policy: "rds-storage-encrypted",
        change: w => { w.db.inputs.storageEncrypted = false; return { at: w.db }; } },
    { requirement: "RDS deletion protection is on by default", policy: "rds-deletion-protection", level: "advisory",
        change: w => { w.db.inputs.deletionProtection = false; return { at: w.db }; } },
    { requirement: "RDS keeps backups for at least 7 days", policy: "rds-backup-retention", level: "advisory",
        change: w => { w.db.inputs.backupRetentionPeriod = 1; return { at: w.db }; } },
    { requirement: "the primary database is Multi-AZ", policy: "rds-primary-multi-az", level: "advisory",
        change: w => { w.db.inputs.multiAz = false; return { at: w.db }; } },
    { requirement: "a Lambda function URL must not let anyone invoke it (authorizationType NONE)", policy: "lambda-no-public-invoke",
        change: w => {
            const url = rec("aws:lambda/functionUrl:FunctionUrl", "failover-fn-url", { functionName: U, authorizationType: "NONE" },
                { functionName: [w.fn] }, { provider: w.fn.provider });
            return { at: url, extra: [url] };
        } },
    { requirement: "an EC2 instance's root volume must be encrypted", policy: "ebs-volumes-encrypted",
        change: w => {
            const i = rec("aws:ec2/instance:Instance", "euw1-worker", { ami: "ami-1", instanceType: "t3.micro",
                subnetId: U, vpcSecurityGroupIds: [U], metadataOptions: { httpTokens: "required" },
                rootBlockDevice: { encrypted: false } }, { subnetId: [w.privateA], vpcSecurityGroupIds: [w.appSg] },
            { provider: w.asg.provider });
            return { at: i, extra: [i] };
        } },
    { requirement: "a standalone EBS volume must be encrypted", policy: "ebs-volumes-encrypted",
        change: w => {
            const v = rec("aws:ebs/volume:Volume", "euw1-data", { availabilityZone: "eu-west-1a", size: 20, encrypted: false },
                {}, { provider: w.asg.provider });
            return { at: v, extra: [v] };
        } },
    { requirement: "an ingress rule for all protocols (-1) opens SSH and RDP too, whatever its port fields say",
        policy: "no-admin-port-ingress",
        change: w => { w.appIn.inputs.ipProtocol = "-1"; return { at: w.appIn }; } },
    { requirement: "no role gets PowerUserAccess through an attachment", policy: "iam-no-full-admin",
        change: w => {
            const a = rec("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "euw1-poweruser",
                { role: U, policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }, { role: [w.fnRole] });
            return { at: a, extra: [a] };
        } },
    { requirement: "an unencrypted source database is reported once, on the source, not again on its replica that inherits it",
        policy: "rds-storage-encrypted",
        change: w => { w.db.inputs.storageEncrypted = false; delete w.replica.inputs.storageEncrypted; return { at: w.db }; } },
];

describe("policy pack: one change, one rule", () => {
    runCases(cases);

    it("a launch template with the metadata endpoint disabled needs no IMDSv2 setting: there is no IMDS to reach", async () => {
        const w = worldWithHttps();
        w.lt.inputs.metadataOptions = { httpEndpoint: "disabled", httpTokens: "optional" };
        assert.deepEqual(await analyze(w.all()), []);
    });

    it("a classic load balancer whose accessLogs block leaves enabled unset logs (its provider default is true)", async () => {
        const w = worldWithHttps();
        const elb = rec("aws:elb/loadBalancer:LoadBalancer", "euw1-classic", { subnets: [U, U],
            listeners: [{ instancePort: 8080, instanceProtocol: "tcp", lbPort: 8443, lbProtocol: "tcp" }],
            accessLogs: { bucket: "euw1-logs", interval: 60 } }, { subnets: [w.publicA, w.publicB] }, { provider: w.alb.provider });
        assert.deepEqual(await analyze([...w.all(), elb]), []);
    });

    it("a network load balancer needs no access logs from this rule (ELB.5 covers application and classic)", async () => {
        const w = worldWithHttps();
        w.alb.inputs.loadBalancerType = "network";
        delete w.alb.inputs.accessLogs;
        delete w.alb.inputs.dropInvalidHeaderFields;
        assert.deepEqual((await analyze(w.all())).filter(v => v.policy === "lb-access-logs-enabled"), []);
    });

    it("a read replica without storageEncrypted inherits its source's encryption and is not reported", async () => {
        const w = worldWithHttps();
        delete w.replica.inputs.storageEncrypted;
        assert.deepEqual(await analyze(w.all()), []);
    });
});
