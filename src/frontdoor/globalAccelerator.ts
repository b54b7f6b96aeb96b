import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The region whose API manages every accelerator: "you must specify the US West (Oregon) Region to
 * create, update, or otherwise work with accelerators" (GA API reference, Welcome). The Terraform
 * provider under @pulumi/aws sends GA calls there whatever the provider's region ("Global Accelerator
 * endpoint is only available in AWS Commercial us-west-2 Region", hashicorp/terraform-provider-aws,
 * internal/service/globalaccelerator/service_package.go); the program still creates GA resources with a
 * us-west-2 provider, so the plan and the state say where they are managed.
 */
export const ACCELERATOR_CONTROL_PLANE_REGION = "us-west-2";

/**
 * The endpoint weight of every region's ALB: GA's default. Never 0 for a standby: "An endpoint with 0
 * weight doesn't receive any traffic, even if the endpoint is healthy" (AWS re:Post knowledge center,
 * "global-accelerator-failover-different-region"), unlike a traffic dial of 0, which failover ignores.
 */
export const ENDPOINT_WEIGHT = 128;

/**
 * Every accelerator change waits for the accelerator to reach DEPLOYED, which takes minutes; the
 * provider's old 5- and 10-minute limits failed creations (hashicorp/terraform#25601,
 * hashicorp/terraform-provider-aws#17048 and #14161, fixed by PR #17112). 30 minutes is the provider's
 * current default for the accelerator and its endpoint groups (accelerator.go, endpoint_group.go),
 * written out so the expectation is explicit and no default can shrink under the program.
 */
export const ACCELERATOR_TIMEOUTS: pulumi.CustomTimeouts = { create: "30m", update: "30m", delete: "30m" };

/** One region behind the accelerator. */
export interface AcceleratorRegion {
    /** AWS region code: the endpoint group's region, set explicitly. */
    region: string;
    /** The region's ALB ARN: the group's one endpoint. */
    albArn: pulumi.Input<string>;
    /**
     * The share (0-100 %) of the traffic GA would send this region that it does send, while every
     * region is healthy. 0 keeps a standby idle without blocking failover: "for this failover, Global
     * Accelerator ignores the traffic dial setting" (GA developer guide, "Endpoint weights and traffic
     * dials: unhealthy endpoints").
     */
    trafficDial: number;
}

/** Arguments for {@link GlobalAcceleratorFrontDoor}. */
export interface GlobalAcceleratorFrontDoorArgs {
    /** Every region, the primary first. */
    regions: AcceleratorRegion[];
    /** The ALBs' listener ports (80, and 443 with a certificate); the accelerator listens on the same. */
    ports: number[];
    /** Where the flow logs go: a bucket (FlowLogBucket), the key prefix, and what must exist first. */
    flowLogs: { bucketName: pulumi.Input<string>; prefix: string; ready?: pulumi.Resource };
    /** The service's name in Route 53: an alias record to the accelerator. Without it users use the accelerator's DNS name or addresses. */
    dns?: { hostedZoneId: pulumi.Input<string>; recordName: string };
}

/**
 * One Global Accelerator in front of every region's ALB: a TCP listener on the ALBs' listener ports,
 * an endpoint group per region (its region set explicitly) holding that region's ALB with client IP
 * preservation on, each group's traffic dial from the mode, flow logs to S3, and with `dns` an alias
 * record from the service's name to the accelerator. Create it with a us-west-2 provider
 * ({@link ACCELERATOR_CONTROL_PLANE_REGION}).
 *
 * GA decides an ALB endpoint's health from the ALB's own target groups; the groups' health-check
 * settings are not set because GA ignores them for ALB endpoints ("Health check options that you
 * choose in Global Accelerator do not affect Application Load Balancers", GA developer guide, "Health
 * check options"). With client IP preservation the ALB sees the clients' own addresses, so its
 * security group must admit them on the listener ports (it does: 80 and 443 from anywhere, nothing
 * else), and network ACLs are not evaluated for this traffic (GA developer guide, "Preserve client IP
 * addresses").
 */
export class GlobalAcceleratorFrontDoor extends pulumi.ComponentResource {
    /** The accelerator's DNS name (its static addresses answer it). */
    public readonly dnsName: pulumi.Output<string>;
    /** The accelerator's static IPv4 addresses (two, from separate network zones). */
    public readonly ipAddresses: pulumi.Output<string[]>;
    /** The accelerator's ARN. */
    public readonly acceleratorArn: pulumi.Output<string>;

    constructor(name: string, args: GlobalAcceleratorFrontDoorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:GlobalAcceleratorFrontDoor", name, {}, opts);
        if (args.regions.length < 2) {
            throw new Error(`GlobalAcceleratorFrontDoor ${name}: needs at least two regions to fail over between, got ${args.regions.length}`);
        }
        const accelerator = new aws.globalaccelerator.Accelerator(name, {
            ipAddressType: "IPV4",
            enabled: true,
            attributes: { flowLogsEnabled: true, flowLogsS3Bucket: args.flowLogs.bucketName, flowLogsS3Prefix: args.flowLogs.prefix },
        }, { parent: this, customTimeouts: ACCELERATOR_TIMEOUTS, dependsOn: args.flowLogs.ready ? [args.flowLogs.ready] : [] });
        // One listener for every port, so each region needs one endpoint group (a group belongs to one listener).
        const listener = new aws.globalaccelerator.Listener(`${name}-tcp`, {
            acceleratorArn: accelerator.arn,
            protocol: "TCP",
            portRanges: args.ports.map((port) => ({ fromPort: port, toPort: port })),
            clientAffinity: "NONE",
        }, { parent: this, customTimeouts: ACCELERATOR_TIMEOUTS });
        let previous: pulumi.Resource | undefined;
        for (const r of args.regions) {
            previous = new aws.globalaccelerator.EndpointGroup(`${name}-${r.region}`, {
                listenerArn: listener.arn,
                // Without it the provider sends its own region (us-west-2 here) as the group's region:
                // hashicorp/terraform-provider-aws endpoint_group.go, and #28536 ("Can't create global
                // accelerator endpoint groups in multiple regions").
                endpointGroupRegion: r.region,
                trafficDialPercentage: r.trafficDial,
                endpointConfigurations: [{
                    endpointId: r.albArn,
                    weight: ENDPOINT_WEIGHT,
                    // The installed docstring says the default is false while AWS enables it for ALBs:
                    // set, so the ALB always sees the clients' addresses.
                    clientIpPreservationEnabled: true,
                }],
            }, {
                parent: this,
                customTimeouts: ACCELERATOR_TIMEOUTS,
                // Each group change waits for the accelerator to be DEPLOYED: one at a time.
                dependsOn: previous ? [previous] : [],
            });
        }
        if (args.dns) {
            new aws.route53.Record(`${name}-record`, {
                zoneId: args.dns.hostedZoneId,
                name: args.dns.recordName,
                type: "A",
                // GA fails over by itself; health on the alias would add nothing (the accelerator's
                // hostedZoneId is always Z2BJ6XQ5FK7U4H, CloudFormation AWS::Route53::RecordSet AliasTarget).
                aliases: [{ name: accelerator.dnsName, zoneId: accelerator.hostedZoneId, evaluateTargetHealth: false }],
            }, { parent: this });
        }
        this.dnsName = accelerator.dnsName;
        this.acceleratorArn = accelerator.arn;
        this.ipAddresses = accelerator.ipSets.apply((sets) => (sets ?? []).flatMap((s) => s.ipAddresses ?? []));
        this.registerOutputs({ dnsName: this.dnsName, ipAddresses: this.ipAddresses, acceleratorArn: this.acceleratorArn });
    }
}
