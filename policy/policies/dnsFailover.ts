import type { ResourceValidationPolicy } from "@pulumi/policy";
import { acceptUnresolvedSchema, blocks, forTypes, get, isUnknown, regionOf, unresolvedFor, upper } from "./util";

/** Without a health check Route 53 never fails a PRIMARY over, so the secondary region is dead weight. */
export const failoverPrimaryHealthCheck: ResourceValidationPolicy = {
    name: "failover-primary-has-health-check",
    description: "Checks whether every PRIMARY failover record carries a Route 53 health check.",
    enforcementLevel: "mandatory",
    validateResource: forTypes(["aws:route53/record:Record"], (props, _args, report) => {
        const primary = blocks(props.failoverRoutingPolicies).some(p => upper(p.type) === "PRIMARY");
        const hc = props.healthCheckId;
        if (primary && !isUnknown(hc) && !(typeof hc === "string" && hc.length > 0)) {
            report("A PRIMARY failover record must set healthCheckId to a Route 53 health check on the primary "
                + "region's endpoint; without it Route 53 never fails over.");
        }
    }),
};

/** Route 53 publishes HealthCheckStatus only in us-east-1; an alarm elsewhere stays INSUFFICIENT_DATA. */
export const route53AlarmInUsEast1: ResourceValidationPolicy = {
    name: "route53-alarm-in-us-east-1",
    description: "Checks whether CloudWatch alarms on AWS/Route53 metrics are created with a us-east-1 provider.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes(["aws:cloudwatch/metricAlarm:MetricAlarm"], (props, args, report) => {
        const namespaces = [props.namespace, ...blocks(props.metricQueries).map(q => get(q, "metric", "namespace"))];
        if (!namespaces.includes("AWS/Route53")) {
            return;
        }
        const region = regionOf(args);
        if (isUnknown(region)) {
            unresolvedFor("route53-alarm-in-us-east-1", args, report)("its region is not known until deploy");
        } else if (region !== "us-east-1") {
            report(`An alarm on AWS/Route53 metrics must be created in us-east-1, where Route 53 publishes them, `
                + `but its region is ${region === undefined ? "not set explicitly" : JSON.stringify(region)}; `
                + "create it (and the SNS topic it notifies) with an explicit us-east-1 provider.");
        }
    }),
};

/** The DNS and failover rules, in report order. */
export const dnsFailoverPolicies = [failoverPrimaryHealthCheck, route53AlarmInUsEast1];
