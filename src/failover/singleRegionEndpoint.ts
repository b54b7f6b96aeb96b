import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DnsName, HealthCheckSettings, RegionTarget, regionAliasRecord, regionHealthCheck, serviceAlarmTopic, unhealthyAlarm } from "./healthWatch";

/** The type token of {@link SingleRegionEndpoint}; GlobalFailover takes it as an alias, so a stack that grows into two regions keeps these resources. */
export const SINGLE_REGION_ENDPOINT_TYPE = "ha-web-tier:index:SingleRegionEndpoint";

/** Arguments for {@link SingleRegionEndpoint}. */
export interface SingleRegionEndpointArgs extends HealthCheckSettings {
    /** The one region's tier. */
    region: RegionTarget;
    /** A plain alias record from this name to the region's ALB; without it, the ALB URL is the endpoint. */
    dns?: DnsName;
    /** E-mail address subscribed to the alarm topic (the subscription must be confirmed). */
    notificationEmail?: string;
}

/**
 * One region behind one name, with nothing to fail over to: a Route 53 health check on the region's
 * ALB, an alarm on it in us-east-1 that notifies an encrypted topic (so an outage of the region
 * reaches a person), and with DNS a plain alias record (the certificate is the region's tier's, as in
 * every mode). Create it with the name GlobalFailover would get: its pieces are GlobalFailover's,
 * under the same names, so adding a second region moves them instead of replacing them. Create it
 * with a us-east-1 provider (`opts.provider`): Route 53's metrics, and so the alarm and topic, exist only there.
 */
export class SingleRegionEndpoint extends pulumi.ComponentResource {
    /** The region's health check id. */
    public readonly healthCheckId: pulumi.Output<string>;
    /** The alarm topic (us-east-1). */
    public readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: SingleRegionEndpointArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
        super(SINGLE_REGION_ENDPOINT_TYPE, name, {}, opts);
        if (!opts?.provider) {
            throw new Error(`SingleRegionEndpoint ${name}: opts.provider is not set; pass an aws provider for us-east-1 (Route 53's metrics live there)`);
        }
        const global = { parent: this, provider: opts.provider };

        const check = regionHealthCheck(name, args.region, args, false, global);
        if (args.dns) {
            // The only record for the name, it is answered whatever the ALB's health: with no healthy record
            // Route 53 treats every record as healthy ("How Amazon Route 53 chooses records when health
            // checking is configured"). Evaluating target health keeps it equal to the failover record it
            // becomes when a second region is added.
            regionAliasRecord(name, args.region, args.dns, undefined, global);
        }
        const alarms = serviceAlarmTopic(name, args.notificationEmail, global);
        unhealthyAlarm(name, args.region.region, args.healthPath, check.id, alarms.topicArn, global);
        // Only the account's alarms publish; a second region later admits its failover function too.
        alarms.admitPublishers([]);

        this.healthCheckId = check.id;
        this.topicArn = alarms.topicArn;
        this.registerOutputs({ healthCheckId: this.healthCheckId, topicArn: this.topicArn });
    }
}
