import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { subnetLayout } from "./cidr";
import { pickZones, usableZones, type Zone } from "./zones";

/**
 * How the private subnets reach the internet (see {@link NetworkArgs.natStrategy}); an object as well as a
 * type so the component provider's schema (src/provider) can infer it as an enum.
 */
export const NatStrategy = { OnePerAz: "one-per-az", Single: "single", None: "none" } as const;
/** One of {@link NatStrategy}'s values. */
export type NatStrategy = (typeof NatStrategy)[keyof typeof NatStrategy];

/**
 * Where a region's network goes and how it reaches the internet: what a caller of HaWebTier chooses
 * (the tier supplies the rest of {@link NetworkArgs}).
 */
export interface NetworkLayout {
    /** The VPC's IPv4 CIDR block, split by `subnetLayout`. */
    vpcCidr: string;
    /** Availability Zones to build public and private subnets in (2 or more for HA). */
    azCount: number;
    /**
     * The zones to use, in subnet order, when the caller has picked them (at least `azCount`); the
     * first `azCount` are used. @default the lowest zone ids of the region that offer `instanceType`
     */
    availabilityZones?: pulumi.Input<Zone[]>;
    /**
     * `one-per-az` survives an AZ loss, `single` saves cost but shares fate with one AZ, `none` gives the
     * private subnets no internet egress at all (images must come from ECR through the VPC endpoints).
     */
    natStrategy: NatStrategy;
}

/** Arguments for {@link Network}. */
export interface NetworkArgs extends NetworkLayout {
    /** AWS region code; names the regional S3 endpoint service. Must match the provider's region. */
    region: string;
    /** The instance type the tier runs: only zones that offer it are used. */
    instanceType: string;
    /** Days to keep VPC flow logs (a CloudWatch Logs retention value). */
    flowLogRetentionDays: number;
    /** More interface endpoints (service suffixes such as `autoscaling`) when `natStrategy` is `none`. @default [] */
    extraEndpoints?: string[];
}

/**
 * A VPC with public and private subnets over N Availability Zones, NAT per the strategy, flow logs and
 * an S3 gateway endpoint. Nothing here hands out public IPs on launch: the ALB gets its own addresses
 * and the instances live in the private subnets.
 */
export class Network extends pulumi.ComponentResource {
    /** The VPC's id. */
    public readonly vpcId: pulumi.Output<string>;
    /** Public subnet ids, one per AZ (ALB and NAT gateways). */
    public readonly publicSubnetIds: pulumi.Output<string>[];
    /** Private subnet ids, one per AZ (app instances, database). */
    public readonly privateSubnetIds: pulumi.Output<string>[];
    /** The AZ ids the subnets are in, in subnet order. */
    public readonly availabilityZoneIds: pulumi.Output<string[]>;
    /** What private subnets need before instances there can reach the internet: NAT routes, or the VPC endpoints. */
    public readonly privateEgress: pulumi.Resource[] = [];
    /** The VPC. */
    public readonly vpc: aws.ec2.Vpc;
    /** The internet gateway the public subnets route to. */
    public readonly internetGateway: aws.ec2.InternetGateway;
    /** Public subnets, one per AZ. */
    public readonly publicSubnets: aws.ec2.Subnet[];
    /** Private subnets, one per AZ. */
    public readonly privateSubnets: aws.ec2.Subnet[];
    /** The public subnets' route table (default route to the internet gateway). */
    public readonly publicRouteTable: aws.ec2.RouteTable;
    /** One route table per private subnet (default route to its NAT gateway, if any). */
    public readonly privateRouteTables: aws.ec2.RouteTable[];
    /** NAT gateways per `natStrategy`: one per AZ, one, or none. */
    public readonly natGateways: aws.ec2.NatGateway[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:Network", name, {}, opts);
        const nat = args.natStrategy;
        const layout = subnetLayout(args.vpcCidr, args.azCount);
        const parent = { parent: this };

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            cidrBlock: args.vpcCidr,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Name: `${name}-vpc` },
        }, parent);

        // Adopting the default group strips its allow-all rules, so nothing can fall back on it (EC2.2).
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, ingress: [], egress: [] }, parent);

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: `${name}-igw` } }, parent);

        // The lookups must go through this component, or they would run against the default provider's region.
        const req = { region: args.region, instanceType: args.instanceType };
        const zones = pulumi.output(args.availabilityZones ?? usableZones(req, parent)).apply((z) => pickZones(z, req, args.azCount));

        const publicRt = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId: vpc.id, tags: { Name: `${name}-public` } }, parent);
        new aws.ec2.Route(`${name}-public-default`, {
            routeTableId: publicRt.id,
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: igw.id,
        }, parent);

        const publicSubnets = layout.map((l, i) => {
            const subnet = new aws.ec2.Subnet(`${name}-public-${i}`, {
                vpcId: vpc.id,
                cidrBlock: l.public,
                availabilityZone: zones.apply((z) => z[i].name),
                mapPublicIpOnLaunch: false,
                tags: { Name: `${name}-public-${i}`, Tier: "public" },
            }, parent);
            new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: subnet.id, routeTableId: publicRt.id }, parent);
            return subnet;
        });

        const natCount = nat === "one-per-az" ? args.azCount : nat === "single" ? 1 : 0;
        const natGateways = Array.from({ length: natCount }, (_, i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` } }, parent);
            return new aws.ec2.NatGateway(`${name}-nat-${i}`, {
                allocationId: eip.id,
                subnetId: publicSubnets[i].id,
                tags: { Name: `${name}-nat-${i}` },
            }, { parent: this, dependsOn: [igw] });
        });

        const privateRts: aws.ec2.RouteTable[] = [];
        const privateSubnets = layout.map((l, i) => {
            const subnet = new aws.ec2.Subnet(`${name}-private-${i}`, {
                vpcId: vpc.id,
                cidrBlock: l.private,
                availabilityZone: zones.apply((z) => z[i].name),
                mapPublicIpOnLaunch: false,
                tags: { Name: `${name}-private-${i}`, Tier: "private" },
            }, parent);
            const rt = new aws.ec2.RouteTable(`${name}-private-rt-${i}`, { vpcId: vpc.id, tags: { Name: `${name}-private-${i}` } }, parent);
            if (natGateways.length > 0) {
                this.privateEgress.push(new aws.ec2.Route(`${name}-private-default-${i}`, {
                    routeTableId: rt.id,
                    destinationCidrBlock: "0.0.0.0/0",
                    natGatewayId: natGateways[Math.min(i, natGateways.length - 1)].id,
                }, parent));
            }
            new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: rt.id }, parent);
            privateRts.push(rt);
            return subnet;
        });

        // Image layers (ECR serves them from S3: without NAT, ECR's interface endpoints need this gateway
        // endpoint; ECR user guide, "Amazon ECR interface VPC endpoints"), dnf repositories and SSM
        // documents come from S3: keep that traffic in the region and off the NAT bill.
        const s3 = new aws.ec2.VpcEndpoint(`${name}-s3`, {
            vpcId: vpc.id,
            serviceName: `com.amazonaws.${args.region}.s3`,
            vpcEndpointType: "Gateway",
            routeTableIds: privateRts.map((rt) => rt.id),
            tags: { Name: `${name}-s3` },
        }, parent);
        this.privateEgress.push(s3);

        if (nat === "none") {
            this.interfaceEndpoints(name, args, vpc, privateSubnets);
        }

        this.flowLogs(name, vpc, args.flowLogRetentionDays);

        this.vpcId = vpc.id;
        this.availabilityZoneIds = zones.apply((z) => z.map((zone) => zone.id));
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.privateSubnetIds = privateSubnets.map((s) => s.id);
        this.vpc = vpc;
        this.internetGateway = igw;
        this.publicSubnets = publicSubnets;
        this.privateSubnets = privateSubnets;
        this.publicRouteTable = publicRt;
        this.privateRouteTables = privateRts;
        this.natGateways = natGateways;
        this.registerOutputs({
            vpcId: this.vpcId,
            availabilityZoneIds: this.availabilityZoneIds,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            privateEgress: this.privateEgress,
            vpc, internetGateway: igw, publicSubnets, privateSubnets, publicRouteTable: publicRt, privateRouteTables: privateRts, natGateways,
        });
    }

    /** Without NAT, SSM, logs and ECR are reached through interface endpoints inside the VPC. */
    private interfaceEndpoints(name: string, args: NetworkArgs, vpc: aws.ec2.Vpc, subnets: aws.ec2.Subnet[]): void {
        const sg = new aws.ec2.SecurityGroup(`${name}-endpoints-sg`, {
            vpcId: vpc.id,
            description: "HTTPS from inside the VPC to the AWS service endpoints",
            tags: { Name: `${name}-endpoints` },
        }, { parent: this });
        new aws.vpc.SecurityGroupIngressRule(`${name}-endpoints-https`, {
            securityGroupId: sg.id,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: args.vpcCidr,
            description: "HTTPS from the VPC",
        }, { parent: this });
        for (const service of ["ssm", "ssmmessages", "ec2messages", "logs", "ecr.api", "ecr.dkr", ...(args.extraEndpoints ?? [])]) {
            this.privateEgress.push(new aws.ec2.VpcEndpoint(`${name}-${service.replace(".", "-")}`, {
                vpcId: vpc.id,
                serviceName: `com.amazonaws.${args.region}.${service}`,
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: subnets.map((s) => s.id),
                securityGroupIds: [sg.id],
                tags: { Name: `${name}-${service}` },
            }, { parent: this }));
        }
    }

    /** Flow logs to CloudWatch Logs; the delivery role may write only to this log group. */
    private flowLogs(name: string, vpc: aws.ec2.Vpc, retentionDays: number): void {
        const parent = { parent: this };
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, { retentionInDays: retentionDays }, parent);
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        // The source-account condition keeps another account's flow logs from borrowing this role.
        const role = new aws.iam.Role(`${name}-flow-logs`, {
            assumeRolePolicy: account.apply((acct) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Effect: "Allow",
                    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": acct } },
                }],
            })),
        }, parent);
        new aws.iam.RolePolicy(`${name}-flow-logs`, {
            role: role.id,
            // A document object, not a JSON string, so the policy gate can read it before ARNs are known.
            // The actions the VPC user guide lists for this role ("IAM role for publishing flow logs to
            // CloudWatch Logs"), scoped to this log group; DescribeLogGroups lists groups, so it names "*".
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                    },
                    { Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
                ],
            },
        }, parent);
        new aws.ec2.FlowLog(`${name}-flow-log`, {
            vpcId: vpc.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: 60,
        }, parent);
    }
}
