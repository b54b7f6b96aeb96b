/**
 * Verdicts of public-lb-targets-are-app and fleet-launches-checked written out, message and all: what a
 * public load balancer of each kind forwards to, and what a fleet launches.
 */
import * as assert from "node:assert/strict";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import type { RecordedResource } from "../../tools/engine/recorded";
import { fleetPolicies } from "../../policy/policies/fleets";
import { publicLbTargetsAreApp } from "../../policy/policies/lbTargets";
import { rec, U } from "./factories";
import { cannot, verdictsOf } from "./helpers";

const fix = "register the app through an Auto Scaling group (targetGroupArns), an ECS service or a Lambda function, or accept the target with "
    + "public-lb-targets-are-app's allowedTargets";
const lb = (name: string, internal: unknown) => rec("aws:lb/loadBalancer:LoadBalancer", name, { internal });
const tg = (name: string, targetType?: string) => rec("aws:lb/targetGroup:TargetGroup", name, targetType ? { targetType } : {});
const listener = (name: string, on: RecordedResource, to: RecordedResource) => rec("aws:lb/listener:Listener", name, { loadBalancerArn: U,
    defaultActions: [{ type: "forward", targetGroupArn: U }] }, { loadBalancerArn: [on], defaultActions: [to] });
const attach = (name: string, to: RecordedResource, port?: number) => rec("aws:lb/targetGroupAttachment:TargetGroupAttachment", name,
    { targetGroupArn: U, targetId: "i-1", ...(port ? { port } : {}) }, { targetGroupArn: [to] });
const fleetMessage = (name: string, bad: string) => `${name} fleet-launches-checked: ${name}: a fleet launches the same instances as an Auto Scaling group `
    + `and must meet the same rules, but ${bad}. Launch from a launch template declared in this stack (launchTemplateConfigs with its id) that requires `
    + "IMDSv2, assigns no public IP and encrypts its volumes.";

/** A record the fleet's config depends on that is not a launch template. */
const ebdRec = () => rec("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebd", { enabled: true });

const cases: { requirement: string; policies: Policies; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "a public load balancer (unknown scheme counts) must not forward to hosts registered by hand; functions, ALBs and internal ones may",
        policies: [publicLbTargetsAreApp],
        records: () => {
            const pub = lb("pub", false);
            const maybe = lb("maybe", U);
            const inner = lb("inner", "true");
            const hosts = tg("hosts");
            const fns = tg("fns", "lambda");
            const albs = tg("albs", "alb");
            const hosts2 = tg("hosts2");
            const l1 = listener("l1", pub, hosts);
            return [pub, maybe, inner, hosts, fns, albs, hosts2, l1, listener("l2", pub, fns), listener("l3", maybe, hosts2), listener("l4", inner, hosts2),
                rec("aws:lb/listenerRule:ListenerRule", "rule", { listenerArn: U, actions: [{ type: "forward" }] }, { listenerArn: [l1], actions: [albs] }),
                rec("aws:alb/listenerRule:ListenerRule", "rule2", { listenerArn: U, actions: [{ type: "forward" }] }, { listenerArn: [l1], actions: [hosts2] }),
                rec("aws:lb/listenerRule:ListenerRule", "rule3", { listenerArn: U, actions: [{ type: "forward" }] }, { listenerArn: [rec("aws:lb/listener:Listener", "l4", {})], actions: [hosts2] }),
                rec("aws:lb/listener:Listener", "l5", { loadBalancerArn: U, defaultActions: [{ type: "forward" }] }, { loadBalancerArn: [inner, pub], defaultActions: [fns] }),
                rec("aws:lb/listenerRule:ListenerRule", "rule4", { listenerArn: U, actions: [{ type: "forward" }] }, { listenerArn: [rec("aws:lb/listener:Listener", "l4", {}),
                    rec("aws:lb/listener:Listener", "l5", {})], actions: [hosts2] }),
                attach("h1", hosts, 6379), attach("h2", hosts), attach("f1", fns), attach("a1", albs), attach("h3", hosts2, 22),
                rec("aws:alb/targetGroupAttachment:TargetGroupAttachment", "h4", { targetGroupArn: "arn:tg/x", targetId: "i-2" }),
                rec("aws:lb/targetGroupAttachment:TargetGroupAttachment", "h5", { targetGroupArn: U, targetId: "i-3" })];
        },
        expect: [cannot("h4", "public-lb-targets-are-app", "its target group \"arn:tg/x\" is not one this stack declares, so whether a public load balancer forwards to it is unknown"),
            cannot("h5", "public-lb-targets-are-app", "its target group is not known until deploy and is not one this stack declares, so whether a public load balancer forwards to it is unknown"),
            `l1 public-lb-targets-are-app: l1 on the internet-facing pub forwards to h1 (port 6379), h2 (port "of its group"), registered one by one: whatever listens there is published on the internet; ${fix}.`,
            `rule2 public-lb-targets-are-app: rule2 on the internet-facing pub forwards to h3 (port 22), registered one by one: whatever listens there is published on the internet; ${fix}.`,
            `rule4 public-lb-targets-are-app: rule4 on the internet-facing pub forwards to h3 (port 22), registered one by one: whatever listens there is published on the internet; ${fix}.`,
            `l3 public-lb-targets-are-app: l3 on the internet-facing maybe forwards to h3 (port 22), registered one by one: whatever listens there is published on the internet; ${fix}.`] },
    { requirement: "targets the team accepts by name pass",
        policies: [publicLbTargetsAreApp],
        records: () => {
            const pub = lb("pub", false);
            const hosts = tg("hosts");
            return [pub, hosts, listener("l1", pub, hosts), attach("h1", hosts), rec("aws:lb/targetGroupAttachment:TargetGroupAttachment", "h4", { targetGroupArn: "arn:tg/x", targetId: "i-2" })];
        },
        config: { "public-lb-targets-are-app": { allowedTargets: ["h1"], acceptUnresolved: ["h4"] } }, expect: [] },
    { requirement: "a public classic load balancer must not carry instances, inline or attached; an attachment to one the stack does not declare cannot be judged",
        policies: [publicLbTargetsAreApp],
        records: () => {
            const elb = rec("aws:elb/loadBalancer:LoadBalancer", "elb", { instances: ["i-1"] });
            const inner = rec("aws:elb/loadBalancer:LoadBalancer", "inner", { internal: true, instances: ["i-1"] });
            return [elb, inner, rec("aws:elb/attachment:Attachment", "att", { elb: U, instance: "i-2" }, { elb: [elb] }),
                rec("aws:elb/attachment:Attachment", "att2", { elb: U, instance: "i-2" }, { elb: [inner] }),
                rec("aws:elb/attachment:Attachment", "att3", { elb: "shared-elb", instance: "i-3" }), rec("aws:elb/attachment:Attachment", "att4", { elb: U, instance: "i-3" }),
                rec("aws:lb/loadBalancer:LoadBalancer", "alb", { internal: false }),
                rec("aws:elb/attachment:Attachment", "att5", { elb: U, instance: "i-4" }, { elb: [rec("aws:lb/loadBalancer:LoadBalancer", "alb", { internal: false })] })];
        },
        expect: [cannot("att3", "public-lb-targets-are-app", "its load balancer \"shared-elb\" is not one this stack declares, so whether it is internet-facing is unknown"),
            cannot("att4", "public-lb-targets-are-app", "its load balancer is not known until deploy and is not one this stack declares, so whether it is internet-facing is unknown"),
            cannot("att5", "public-lb-targets-are-app", "its load balancer is not known until deploy and is not one this stack declares, so whether it is internet-facing is unknown"),
            `elb public-lb-targets-are-app: elb is an internet-facing classic load balancer with instances registered one by one; its listeners publish their instance ports on the internet; ${fix}.`,
            `att public-lb-targets-are-app: att registers an instance with the internet-facing classic load balancer elb, which publishes its instance ports on the internet; ${fix}.`] },
    { requirement: "a Spot Fleet's inline specifications are named for each public IP, missing IMDSv2 default and unencrypted or unmapped volume",
        policies: fleetPolicies,
        records: () => [rec("aws:ec2/spotFleetRequest:SpotFleetRequest", "spot", { iamFleetRole: "r", targetCapacity: 1, launchSpecifications: [
            { ami: "a", associatePublicIpAddress: "true", rootBlockDevices: [{ encrypted: false }, { encrypted: U }], ebsBlockDevices: [{}, { encrypted: true }] },
            { ami: "a" }] })],
        expect: [fleetMessage("spot", "launchSpecifications[0].associatePublicIpAddress is true (a public IPv4 address reachable without the load balancer, EC2.9); "
            + "launchSpecifications[0] cannot require IMDSv2 (a launch specification has no metadataOptions, EC2.8); launchSpecifications[0].rootBlockDevices[0].encrypted "
            + "is false; launchSpecifications[0].rootBlockDevices[1].encrypted is not known until deploy; launchSpecifications[0].ebsBlockDevices[0].encrypted is \"unset\"; "
            + "launchSpecifications[1] cannot require IMDSv2 (a launch specification has no metadataOptions, EC2.8); launchSpecifications[1] maps no root device, leaving "
            + "its encryption to the AMI (EC2.3)")] },
    { requirement: "the region's IMDSv2 and encryption defaults cover a Spot Fleet's specifications; a fleet names only templates the stack declares",
        policies: fleetPolicies,
        records: () => {
            const lt = rec("aws:ec2/launchTemplate:LaunchTemplate", "lt", { name: "app-lt" });
            return [lt, rec("aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "md", { httpTokens: "required" }),
                rec("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebd", { enabled: true }),
                rec("aws:ec2/spotFleetRequest:SpotFleetRequest", "spot", { iamFleetRole: "r", targetCapacity: 1, launchSpecifications: [{ ami: "a", ebsBlockDevices: [{}] }],
                    launchTemplateConfigs: [{ launchTemplateSpecification: { name: "app-lt" } }, { launchTemplateSpecification: { id: "lt-9" } }] }),
                rec("aws:ec2/fleet:Fleet", "fleet", { launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: U } },
                    { launchTemplateSpecification: { launchTemplateName: "app-lt" } }, { launchTemplateSpecification: {} }] }, { launchTemplateConfigs: [lt] }),
                rec("aws:ec2/fleet:Fleet", "fleet2", { launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: U } }] }),
                rec("aws:ec2/fleet:Fleet", "fleet3", { launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: U } }] }, { launchTemplateConfigs: [ebdRec()] }),
                rec("aws:ec2/spotFleetRequest:SpotFleetRequest", "spot2", { iamFleetRole: "r", targetCapacity: 1, launchSpecifications: [{ ami: "a", ebsBlockDevices: [{ encrypted: false }] }] })];
        },
        expect: [fleetMessage("spot", "launchTemplateConfigs[1] names a launch template this stack does not declare (\"lt-9\")"),
            fleetMessage("fleet", "launchTemplateConfigs[2] names a launch template this stack does not declare (\"none\")"),
            fleetMessage("fleet2", "launchTemplateConfigs[0] names a launch template this stack does not declare (a value looked up elsewhere)"),
            fleetMessage("fleet3", "launchTemplateConfigs[0] names a launch template this stack does not declare (a value looked up elsewhere)"),
            fleetMessage("spot2", "launchSpecifications[0].ebsBlockDevices[0].encrypted is false")] },
];

describe("policy pack: public load balancer targets and fleets, verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            assert.deepEqual(await verdictsOf(c.records(), c.policies, c.config), c.expect);
        });
    }
});
