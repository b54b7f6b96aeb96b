/**
 * What a launch sets for itself wins over its launch template (EC2 user guide, "Launch an instance from
 * a launch template": "any parameters that you specify [...] override the same parameters in the
 * launch template"; "Order of precedence for instance metadata options"). So a compliant template
 * proves nothing about an instance, a spot instance request or a fleet override that sets the same
 * field itself: each setting that can weaken the template must be judged on the launch, through the
 * policy gate.
 */
import * as assert from "node:assert/strict";
import { analyze } from "../../tools/plan/analyze";
import { expectOnly, type World } from "./helpers";
import { rec, U, worldWithHttps } from "./factories";
import type { RecordedResource } from "../../tools/engine/recorded";

/** The two resources that launch one instance and may name a launch template. */
const LAUNCHERS = [
    { type: "aws:ec2/instance:Instance", kind: "an EC2 instance" },
    { type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", kind: "a spot instance request" },
] as const;

/** An instance of `type` from the tier's compliant launch template, in a private subnet, plus its own `inputs`. */
function fromTemplate(w: World, type: string, inputs: Record<string, unknown> = {}, deps: Record<string, RecordedResource[]> = {}): RecordedResource {
    return rec(type, "euw1-worker", { launchTemplate: { id: U, version: "$Latest" }, subnetId: U, ...inputs },
        { launchTemplate: [w.lt], subnetId: [w.privateA], ...deps }, { provider: w.asg.provider });
}

/** One setting of the launch's own that weakens what the template guarantees, and the rule that must refuse it. */
interface Weakening {
    setting: string;
    policy: string;
    /** Sets up the template's guarantee where the compliant tier's template needs a change to show it; returns the launch's own inputs and deps. */
    apply: (w: World) => { inputs: Record<string, unknown>; deps?: Record<string, RecordedResource[]> };
}

const WEAKENINGS: Weakening[] = [
    { setting: "metadataOptions.httpTokens \"optional\" (IMDSv1) where the template requires IMDSv2", policy: "imdsv2-required",
        apply: () => ({ inputs: { metadataOptions: { httpTokens: "optional" } } }) },
    { setting: "metadataOptions.httpEndpoint \"enabled\" where the template turns the metadata service off", policy: "imdsv2-required",
        apply: (w) => {
            w.lt.inputs.metadataOptions = { httpEndpoint: "disabled", httpTokens: "optional" };
            return { inputs: { metadataOptions: { httpEndpoint: "enabled" } } };
        } },
    { setting: "associatePublicIpAddress true where the template assigns no public IP", policy: "instance-no-public-ip",
        apply: () => ({ inputs: { associatePublicIpAddress: true } }) },
    { setting: "subnetId to a public subnet where the template's interface is in a private one", policy: "app-instances-private-subnets-only",
        apply: (w) => {
            (w.lt.inputs.networkInterfaces as Record<string, unknown>[])[0].subnetId = U;
            w.lt.propertyDependencies.networkInterfaces = [w.appSg.urn, w.privateA.urn];
            return { inputs: {}, deps: { subnetId: [w.publicA] } };
        } },
    { setting: "an unencrypted rootBlockDevice where the template maps an encrypted root", policy: "ebs-volumes-encrypted",
        apply: () => ({ inputs: { rootBlockDevice: { encrypted: false, volumeSize: 20 } } }) },
    { setting: "an unencrypted volume of its own (ebsBlockDevices) beside the template's encrypted root", policy: "ebs-volumes-encrypted",
        apply: () => ({ inputs: { ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: false, volumeSize: 50 }] } }) },
];

describe("policy: a launch's own settings over a compliant launch template", () => {
    for (const { type, kind } of LAUNCHERS) {
        it(`${kind} that sets nothing of its own inherits the compliant template and passes`, async () => {
            const w = worldWithHttps();
            assert.deepEqual(await analyze([...w.all(), fromTemplate(w, type)]), []);
        });

        for (const weakening of WEAKENINGS) {
            it(`${kind} from a compliant template must be refused when it sets ${weakening.setting} [${weakening.policy}]`, async () => {
                const w = worldWithHttps();
                const { inputs, deps } = weakening.apply(w);
                // The template alone still passes: only the launch's own setting can be what is refused.
                assert.deepEqual(await analyze(w.all()), []);
                const launch = fromTemplate(w, type, inputs, deps);
                await expectOnly([...w.all(), launch], weakening.policy, launch.urn);
            });
        }
    }

    it("an instance's own httpTokens \"required\" makes a template that allows IMDSv1 safe for that instance", async () => {
        const w = worldWithHttps();
        (w.lt.inputs.metadataOptions as Record<string, unknown>).httpTokens = "optional";
        const launch = fromTemplate(w, LAUNCHERS[0].type, { metadataOptions: { httpTokens: "required" } });
        const refused = (await analyze([...w.all(), launch])).filter((v) => v.policy === "imdsv2-required").map((v) => v.urn);
        assert.deepEqual(refused, [w.lt.urn], "the template is refused on its own; the instance that requires IMDSv2 is not");
    });
});
