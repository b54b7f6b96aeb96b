import { strict as assert } from "assert";
import * as path from "path";
import type { RecordedResource } from "../../tools/engine/recorded";
import { byId, ofType, policyDocument, publicSubnetIds, readStackConfig, Recorded, ROOT, runProgram, withConfig } from "../mocks";

const PROD = readStackConfig(path.join(ROOT, "Pulumi.prod.yaml"));
const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

describe("HaWebTier (prod stack under mocks)", () => {
    let resources: Recorded[];
    let records: RecordedResource[];
    before(async () => {
        ({ resources, records } = await runProgram(PROD, "prod"));
    });

    it("app instances must only live in private subnets", () => {
        const ids = byId(resources);
        const pub = publicSubnetIds(resources);
        const asgs = ofType(resources, "aws:autoscaling/group:Group");
        assert.equal(asgs.length, 2);
        for (const asg of asgs) {
            assert.ok(asg.inputs.vpcZoneIdentifiers.length >= 2, `${asg.name} spans fewer than 2 subnets`);
            for (const subnetId of asg.inputs.vpcZoneIdentifiers) {
                assert.equal(ids.get(subnetId)?.type, "aws:ec2/subnet:Subnet");
                assert.ok(!pub.has(subnetId), `${asg.name} uses public subnet ${subnetId}`);
            }
            assert.equal(asg.inputs.availabilityZones, undefined);
        }
        assert.equal(ofType(resources, "aws:ec2/instance:Instance").length, 0);
    });

    it("the ALB must live in public subnets spread over the region's AZs", () => {
        const pub = publicSubnetIds(resources);
        const ids = byId(resources);
        for (const alb of ofType(resources, "aws:lb/loadBalancer:LoadBalancer")) {
            assert.ok(alb.inputs.subnets.every((s: string) => pub.has(s)));
            const azs = new Set(alb.inputs.subnets.map((s: string) => ids.get(s)!.inputs.availabilityZone));
            assert.ok(azs.size >= 2);
            assert.equal(alb.inputs.dropInvalidHeaderFields, true);
            assert.equal(alb.inputs.internal, false);
        }
    });

    it("app ingress must only come from the ALB security group, by id, on the app port", () => {
        for (const region of ["us-west-2", "us-east-1"]) {
            const appSg = resources.find((r) => r.name === `${region}-app-sg`)!;
            const albSg = resources.find((r) => r.name === `${region}-alb-sg`)!;
            const rules = ofType(resources, SG_INGRESS).filter((r) => r.inputs.securityGroupId === appSg.id);
            assert.equal(rules.length, 1);
            assert.equal(rules[0].inputs.referencedSecurityGroupId, albSg.id);
            assert.equal(rules[0].inputs.fromPort, 8080);
            assert.equal(rules[0].inputs.toPort, 8080);
            assert.equal(rules[0].inputs.cidrIpv4, undefined);
            assert.equal(appSg.inputs.ingress, undefined);
        }
    });

    it("nothing may accept 0.0.0.0/0 except the ALB on 80 and 443", () => {
        const albSgIds = new Set(resources.filter((r) => r.name.endsWith("-alb-sg")).map((r) => r.id));
        const open = ofType(resources, SG_INGRESS).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0");
        assert.equal(open.length, 4);
        for (const r of open) {
            assert.ok(albSgIds.has(r.inputs.securityGroupId), `${r.name} opens a non-ALB group`);
            assert.ok([80, 443].includes(r.inputs.fromPort) && r.inputs.fromPort === r.inputs.toPort, `${r.name} opens ${r.inputs.fromPort}-${r.inputs.toPort}`);
        }
        for (const sg of ofType(resources, "aws:ec2/securityGroup:SecurityGroup")) {
            assert.deepEqual(sg.inputs.ingress ?? [], [], `${sg.name} has inline ingress`);
        }
    });

    it("no rule may open port 22 (or 3389), and the default security group must have no rules", () => {
        for (const r of ofType(resources, SG_INGRESS)) {
            for (const port of [22, 3389]) {
                assert.ok(!(r.inputs.fromPort <= port && port <= r.inputs.toPort), `${r.name} opens ${port}`);
            }
            assert.notEqual(r.inputs.ipProtocol, "-1");
        }
        for (const d of ofType(resources, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")) {
            assert.deepEqual([d.inputs.ingress ?? [], d.inputs.egress ?? []], [[], []]);
        }
    });

    it("instances must require IMDSv2, get no public IP and boot from an encrypted gp3 volume", () => {
        const lts = ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate");
        assert.equal(lts.length, 2);
        for (const lt of lts) {
            assert.equal(lt.inputs.metadataOptions.httpTokens, "required");
            assert.equal(lt.inputs.metadataOptions.httpPutResponseHopLimit, 1);
            assert.equal(lt.inputs.networkInterfaces[0].associatePublicIpAddress, "false");
            assert.equal(lt.inputs.blockDeviceMappings[0].ebs.encrypted, "true");
            assert.equal(lt.inputs.blockDeviceMappings[0].ebs.volumeType, "gp3");
            assert.equal(lt.inputs.keyName, undefined);
            // The pilot-light standby's warm pool creates the container; the unit starts it when it serves.
            const verb = lt.name === "us-east-1-lt" ? "create" : "run -d";
            assert.match(Buffer.from(lt.inputs.userData, "base64").toString(), new RegExp(`docker ${verb} --name app --restart always --network host`));
        }
    });

    it("the ASG must use ELB health checks, a pinned launch template version and a rolling refresh", () => {
        for (const asg of ofType(resources, "aws:autoscaling/group:Group")) {
            assert.equal(asg.inputs.healthCheckType, "ELB");
            assert.ok(asg.inputs.healthCheckGracePeriod >= 300);
            assert.equal(asg.inputs.launchTemplate.version, "1");
            assert.equal(asg.inputs.instanceRefresh.strategy, "Rolling");
            assert.equal(asg.inputs.targetGroupArns.length, 1);
        }
        const policies = ofType(resources, "aws:autoscaling/policy:Policy");
        assert.deepEqual(policies.map((p) => p.inputs.targetTrackingConfiguration.targetValue), [50, 50]);
    });

    it("instances must not launch before their private subnets can reach the internet through NAT", () => {
        for (const region of ["us-west-2", "us-east-1"]) {
            const asg = records.find((r) => r.name === `${region}-asg`)!;
            const routes = records.filter((r) => r.type === "aws:ec2/route:Route" && r.name.startsWith(`${region}-net-private-default-`));
            assert.ok(routes.length >= 1);
            for (const route of routes) {
                assert.ok(asg.dependencies.includes(route.urn), `${asg.name} does not wait for ${route.name}`);
            }
        }
    });

    it("the pilot-light standby must run 0 instances and the primary its configured capacity", () => {
        const cap = (region: string) => {
            const asg = resources.find((r) => r.name === `${region}-asg`)!;
            return [asg.inputs.minSize, asg.inputs.desiredCapacity, asg.inputs.maxSize];
        };
        assert.deepEqual(cap("us-west-2"), [2, 2, 6]);
        assert.deepEqual(cap("us-east-1"), [0, 0, 6]);
    });

    it("every resource of a region's tier must use that region's provider", () => {
        const providers = ofType(resources, "pulumi:providers:aws");
        assert.deepEqual(providers.map((p) => [p.name, p.inputs.region]), [["us-west-2", "us-west-2"], ["us-east-1", "us-east-1"]]);
        const custom = resources.filter((r) => !r.type.startsWith("pulumi:providers:") && !r.type.startsWith("ha-web-tier:") && !r.name.startsWith("global-"));
        assert.ok(custom.length > 60);
        for (const r of custom) {
            // The probe lives in the standby region, so a failure of the primary's region cannot take it along.
            const region = r.name.startsWith("probe") ? "us-east-1" : ["us-west-2", "us-east-1"].find((reg) => r.name.startsWith(`${reg}-`));
            assert.ok(region, `${r.type} ${r.name} does not belong to a region`);
            assert.equal(r.provider?.split("::").pop(), `aws-${region}`, `${r.type} ${r.name} uses ${r.provider}`);
        }
    });

    it("the primary must get one NAT gateway per AZ and private subnets in 3 AZs, the standby a single NAT", () => {
        const nats = ofType(resources, "aws:ec2/natGateway:NatGateway").map((n) => n.name).sort();
        assert.deepEqual(nats, ["us-east-1-net-nat-0", "us-west-2-net-nat-0", "us-west-2-net-nat-1", "us-west-2-net-nat-2"]);
        const privateAzs = ofType(resources, "aws:ec2/subnet:Subnet").filter((s) => s.name.startsWith("us-west-2-net-private-")).map((s) => s.inputs.availabilityZone);
        // Picked by zone id (usw2-az1, az2, az3), named as the plan's account names them.
        assert.deepEqual(privateAzs, ["us-west-2b", "us-west-2a", "us-west-2c"]);
    });

    it("every VPC must send flow logs to a log group with retention, and have an S3 gateway endpoint", () => {
        for (const vpc of ofType(resources, "aws:ec2/vpc:Vpc")) {
            const flow = ofType(resources, "aws:ec2/flowLog:FlowLog").find((f) => f.inputs.vpcId === vpc.id);
            assert.ok(flow, `${vpc.name} has no flow log`);
            const group = ofType(resources, "aws:cloudwatch/logGroup:LogGroup").find((g) => `arn:aws:mock:${g.name.split("-net-")[0]}:123456789012:LogGroup/${g.name}` === flow.inputs.logDestination);
            assert.equal(group?.inputs.retentionInDays, 90);
            const s3 = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").find((e) => e.inputs.vpcId === vpc.id && e.inputs.vpcEndpointType === "Gateway");
            assert.match(s3?.inputs.serviceName ?? "", /^com\.amazonaws\.us-(west-2|east-1)\.s3$/);
            // The actions the VPC user guide lists for the delivery role, writes scoped to this log group.
            const role = resources.find((r) => r.type === "aws:iam/role:Role" && flow.inputs.iamRoleArn.endsWith(`/${r.name}`))!;
            const doc = policyDocument(resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.id)!.inputs.policy);
            const actions = doc.Statement.flatMap((st: any) => st.Action).sort();
            assert.deepEqual(actions, ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents"]);
            assert.ok(doc.Statement.every((st: any) => st.Resource !== "*" || st.Action.every((a: string) => a.startsWith("logs:Describe"))));
        }
    });

    it("instances must be reachable through SSM, never SSH, and may write logs only to their tier's log group", () => {
        const attachments = ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn);
        assert.deepEqual([...new Set(attachments)], ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
        for (const region of ["us-west-2", "us-east-1"]) {
            const doc = policyDocument(resources.find((r) => r.name === `${region}-app-logs` && r.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy);
            assert.deepEqual(doc.Statement.map((st: any) => st.Resource), [`arn:aws:mock:${region}:123456789012:LogGroup/${region}-app-logs:*`]);
        }
        for (const lt of ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate")) {
            assert.equal(lt.inputs.keyName, undefined);
        }
    });

    it("a warm-pool instance's lifecycle permission must exist before its group, and its group's name must be readable from its tags in IMDS", () => {
        const asg = records.find((r) => r.type === "aws:autoscaling/group:Group" && r.name === "us-east-1-asg")!;
        const lifecycle = records.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "us-east-1-app-lifecycle")!;
        assert.ok(asg.inputs.warmPool, "prod's standby has no warm pool");
        assert.ok(asg.dependencies.includes(lifecycle.urn), "the group can launch instances before their lifecycle permission exists");
        const statements = policyDocument(lifecycle.inputs.policy).Statement as { Action: string[]; Resource: string[] | string }[];
        const complete = statements.find((st) => st.Action.includes("autoscaling:CompleteLifecycleAction"))!;
        assert.deepEqual(complete.Resource, ["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/us-east-1-asg-*"]);
        const lt = records.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate" && r.name === "us-east-1-lt")!;
        assert.equal((lt.inputs.metadataOptions as Record<string, unknown>).instanceMetadataTags, "enabled");
        // Only the warm-pool group needs it; the primary's launch template stays as it was.
        const primary = records.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate" && r.name === "us-west-2-lt")!;
        assert.equal((primary.inputs.metadataOptions as Record<string, unknown>).instanceMetadataTags, undefined);
    });
});

describe("HaWebTier (config variations under mocks)", () => {
    const cfg = (extra: Record<string, unknown>) => withConfig(PROD, extra);

    it("the target group's health check must request the configured health path on the app port", async () => {
        const { resources } = await runProgram(cfg({ app: { port: 9000, healthPath: "/healthz" } }));
        for (const tg of ofType(resources, "aws:lb/targetGroup:TargetGroup")) {
            assert.equal(tg.inputs.healthCheck.path, "/healthz");
            assert.equal(tg.inputs.healthCheck.matcher, "200");
            assert.equal(tg.inputs.port, 9000);
        }
    });

    it("with DNS the ALB must serve HTTPS with TLS 1.2+ and HTTP must only redirect", async () => {
        const { resources, outputs } = await runProgram(cfg({ dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" } }));
        const listeners = ofType(resources, "aws:lb/listener:Listener");
        const https = listeners.filter((l) => l.inputs.protocol === "HTTPS");
        assert.equal(https.length, 2);
        assert.ok(https.every((l) => l.inputs.sslPolicy === "ELBSecurityPolicy-TLS13-1-2-2021-06" && l.inputs.certificateArn));
        const http = listeners.filter((l) => l.inputs.protocol === "HTTP");
        assert.ok(http.every((l) => l.inputs.defaultActions[0].type === "redirect" && l.inputs.defaultActions[0].redirect.protocol === "HTTPS"));
        assert.equal(outputs.serviceUrl, "https://app.example.com");
    });

    it("config must reach the resources: deletion protection off, log retention, stack tags on every provider", async () => {
        const { resources } = await runProgram(cfg({ deletionProtection: false, logRetentionDays: 14, tags: { CostCenter: "shop" } }));
        assert.ok(ofType(resources, "aws:lb/loadBalancer:LoadBalancer").every((a) => a.inputs.enableDeletionProtection === false));
        const groups = ofType(resources, "aws:cloudwatch/logGroup:LogGroup");
        assert.ok(groups.length >= 5 && groups.every((g) => g.inputs.retentionInDays === 14), JSON.stringify(groups.map((g) => [g.name, g.inputs.retentionInDays])));
        for (const p of ofType(resources, "pulumi:providers:aws")) {
            const tags = JSON.parse(p.inputs.defaultTags).tags;
            assert.deepEqual(tags, { CostCenter: "shop", Project: "ha-web-tier", Stack: "test", Region: p.inputs.region, ManagedBy: "pulumi" });
        }
    });

    it("natStrategy none must leave private subnets without a default route and add the interface endpoints", async () => {
        const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1";
        const regions = JSON.parse(PROD["ha-web-tier:regions"]);
        regions[1].natStrategy = "none";
        const { resources } = await runProgram(cfg({ regions, app: { image, healthSearchString: "ok-from-web" } }));
        assert.ok(!ofType(resources, "aws:ec2/natGateway:NatGateway").some((n) => n.name.startsWith("us-east-1")));
        assert.ok(!ofType(resources, "aws:ec2/route:Route").some((r) => r.name.startsWith("us-east-1-net-private-default")));
        // Pulling needs only the region's own repository, through the ECR endpoints (layers come from S3).
        const pull = policyDocument(resources.find((r) => r.name === "us-east-1-app-image")!.inputs.policy);
        assert.deepEqual(pull.Statement[1].Resource, ["arn:aws:ecr:us-east-1:123456789012:repository/web"]);
        const endpoints = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.name.startsWith("us-east-1")).map((e) => e.inputs.serviceName);
        // The warm pool's instances complete their launch hook through the Auto Scaling endpoint.
        for (const svc of ["ssm", "ssmmessages", "ec2messages", "logs", "ecr.api", "ecr.dkr", "s3", "autoscaling"]) {
            assert.ok(endpoints.includes(`com.amazonaws.us-east-1.${svc}`), `missing ${svc}`);
        }
    });
});
