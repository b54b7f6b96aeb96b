/**
 * Parts of a region's web tier that HaWebTier creates as its children: the security groups, the ALB's
 * listeners (and with TLS its certificate), and the app instances' IAM role.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { warmPoolAccessStatements, warmPoolGroupArns } from "./warmPool";

/** The HTTPS listener's settings (the edge args the listeners read). */
export interface ListenerEdgeArgs {
    /** The HTTPS listener's security policy. */
    sslPolicy: string;
    /** The Strict-Transport-Security value the HTTPS listener adds to every response. */
    hsts: string;
}

/** HTTPS for the ALB: a certificate for `domainName`, validated through the hosted zone. */
export interface TlsArgs {
    /** Route 53 hosted zone that holds `domainName` and the validation record. */
    hostedZoneId: pulumi.Input<string>;
    /** The name users reach the service at. */
    domainName: string;
}

/** HTTP forwarding, or with TLS: HTTPS forwarding plus an HTTP listener that only redirects. */
export function createListeners(name: string, owner: pulumi.Resource, alb: aws.lb.LoadBalancer, tg: aws.lb.TargetGroup, edge: ListenerEdgeArgs, tls?: TlsArgs): { protocol: "HTTP" | "HTTPS"; port: number } {
    const parent = { parent: owner };
    if (!tls) {
        new aws.lb.Listener(`${name}-http`, {
            loadBalancerArn: alb.arn, port: 80, protocol: "HTTP",
            defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
        }, parent);
        return { protocol: "HTTP", port: 80 };
    }
    const cert = new aws.acm.Certificate(`${name}-cert`, { domainName: tls.domainName, validationMethod: "DNS" }, parent);
    const option = cert.domainValidationOptions.apply((o) => o[0]);
    // Every region's certificate for the same name asks for the same validation record, hence
    // allowOverwrite, and retainOnDelete: removing one region must not break the others' renewals.
    const record = new aws.route53.Record(`${name}-cert-validation`, {
        zoneId: tls.hostedZoneId,
        name: option.apply((o) => o.resourceRecordName ?? ""),
        type: option.apply((o) => o.resourceRecordType ?? "CNAME"),
        records: [option.apply((o) => o.resourceRecordValue ?? "")],
        ttl: 300,
        allowOverwrite: true,
    }, { parent: owner, retainOnDelete: true });
    const validated = new aws.acm.CertificateValidation(`${name}-cert`, {
        certificateArn: cert.arn,
        validationRecordFqdns: [record.fqdn],
    }, parent);
    new aws.lb.Listener(`${name}-https`, {
        loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS",
        sslPolicy: edge.sslPolicy,
        certificateArn: validated.certificateArn,
        // The ALB adds the header itself (ELB guide, "HTTP header modification"), so every app gets HSTS.
        routingHttpResponseStrictTransportSecurityHeaderValue: edge.hsts,
        defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
    }, parent);
    new aws.lb.Listener(`${name}-http`, {
        loadBalancerArn: alb.arn, port: 80, protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    }, parent);
    return { protocol: "HTTPS", port: 443 };
}

/**
 * Warm-pool instances complete their own group's launch hook and may read which group they are in.
 * Created before the group (its ARN is built from the name the group will have), so no instance boots
 * without it (see warmPoolAccessStatements).
 */
export function warmPoolAccess(name: string, owner: pulumi.Resource, role: aws.iam.Role, region: string): aws.iam.RolePolicy {
    const parent = { parent: owner };
    const partition = aws.getPartitionOutput({}, parent).partition;
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    return new aws.iam.RolePolicy(`${name}-app-lifecycle`, {
        role: role.id,
        // A document object, so the policy gate reads the actions while the ARN is unknown.
        policy: {
            Version: "2012-10-17",
            Statement: warmPoolAccessStatements(pulumi.all([partition, account]).apply(([p, a]) => warmPoolGroupArns(p, region, a, `${name}-asg`))),
        },
    }, parent);
}

/** SSM Session Manager instead of SSH, container logs to this tier's log group only. */
export function instanceRole(name: string, owner: pulumi.Resource, logGroup: aws.cloudwatch.LogGroup): aws.iam.Role {
    const parent = { parent: owner };
    const role = new aws.iam.Role(`${name}-app`, {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    }, parent);
    // Docker's awslogs driver needs only these two calls; a managed CloudWatch agent policy would
    // let every instance write to any log group.
    new aws.iam.RolePolicy(`${name}-app-logs`, {
        role: role.id,
        policy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroup.arn}:*` }],
        },
    }, parent);
    const partition = aws.getPartitionOutput({}, parent).partition;
    for (const policy of ["AmazonSSMManagedInstanceCore"]) {
        new aws.iam.RolePolicyAttachment(`${name}-app-${policy}`, {
            role: role.name,
            policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`,
        }, parent);
    }
    return role;
}

/**
 * The ALB's and the app instances' security groups: clients on 80 and 443 to the ALB, the app port
 * from the ALB to the instances only, HTTPS out from the instances. Nothing else listens to 0.0.0.0/0.
 */
export function createSecurityGroups(name: string, owner: pulumi.Resource, vpcId: pulumi.Input<string>, appPort: number,
): { albSg: aws.ec2.SecurityGroup; appSg: aws.ec2.SecurityGroup } {
    const parent = { parent: owner };
    const albSg = new aws.ec2.SecurityGroup(`${name}-alb-sg`, {
        vpcId,
        description: "Internet-facing ALB: HTTP and HTTPS in, app port out to the app instances",
        tags: { Name: `${name}-alb` },
    }, parent);
    const appSg = new aws.ec2.SecurityGroup(`${name}-app-sg`, {
        vpcId,
        description: "App instances: the app port from the ALB only; HTTPS out for images and AWS APIs",
        tags: { Name: `${name}-app` },
    }, parent);
    // Standalone rules, so the two groups can reference each other without a create-time cycle.
    for (const port of [80, 443]) {
        new aws.vpc.SecurityGroupIngressRule(`${name}-alb-in-${port}`, {
            securityGroupId: albSg.id, ipProtocol: "tcp", fromPort: port, toPort: port,
            cidrIpv4: "0.0.0.0/0", description: `Clients on ${port}`,
        }, parent);
    }
    new aws.vpc.SecurityGroupEgressRule(`${name}-alb-to-app`, {
        securityGroupId: albSg.id, ipProtocol: "tcp", fromPort: appPort, toPort: appPort,
        referencedSecurityGroupId: appSg.id, description: "To the app instances",
    }, parent);
    new aws.vpc.SecurityGroupIngressRule(`${name}-app-from-alb`, {
        securityGroupId: appSg.id, ipProtocol: "tcp", fromPort: appPort, toPort: appPort,
        referencedSecurityGroupId: albSg.id, description: "From the ALB only",
    }, parent);
    new aws.vpc.SecurityGroupEgressRule(`${name}-app-https-out`, {
        securityGroupId: appSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443,
        cidrIpv4: "0.0.0.0/0", description: "Image registry, package repositories, SSM and CloudWatch",
    }, parent);
    return { albSg, appSg };
}
