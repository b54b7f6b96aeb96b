// Break-glass: `npm run plan -- --region-down <region>` prints the resources a targeted `pulumi up` may
// change while a region is down, and the commands; the program, switched to break-glass, makes no
// lookup in that region.
import { strict as assert } from "assert";
import * as path from "path";
import { breakGlassSet } from "../../../tools/plan/breakGlass";
import { parseArgs, runPlan } from "../../../tools/plan/index";
import { ofType, providerRegion, readStackConfig, ROOT, runProgram, withConfig } from "../../mocks";

describe("break-glass: changing the surviving region while the other is down", function () {
    this.timeout(60_000);

    it("--region-down targets every resource outside the down region, leaves the down region's alone, and prints the commands", async () => {
        assert.deepEqual(parseArgs(["--region-down", "us-west-2"]), { regionDown: "us-west-2" });
        const out = await runPlan({ regionDown: "us-west-2" });
        assert.equal(out.exitCode, 0, out.text);
        const targeted = out.text.slice(out.text.indexOf("Targeted ("), out.text.indexOf("Left as they are"));
        const left = out.text.slice(out.text.indexOf("Left as they are"), out.text.indexOf("Commands:"));
        // The standby tier (us-east-1) and the global pieces may change; nothing of us-west-2 may.
        assert.match(targeted, /HaWebTier\$aws:autoscaling\/group:Group::us-east-1-asg\n/);
        assert.doesNotMatch(targeted, /::us-west-2-/);
        assert.match(left, /HaWebTier\$aws:autoscaling\/group:Group::us-west-2-asg\n/);
        const commands = out.text.slice(out.text.indexOf("Commands:"));
        assert.match(commands, /pulumi config set --path breakGlass.regionDown us-west-2 --stack prod/);
        assert.match(commands, /pulumi up --stack prod --refresh=false \\\n  --target 'urn:pulumi:prod::ha-web-tier::/);
        assert.doesNotMatch(commands, /--exclude/, "with --exclude the engine would delete what the break-glass program leaves out");
        assert.match(commands, /pulumi config rm --path breakGlass.regionDown --stack prod\npulumi refresh --stack prod && pulumi up --stack prod/);
    });

    it("the break-glass program makes no zone or AMI lookup in the down region, and its provider asks STS in the surviving one", async () => {
        const prod = readStackConfig(path.join(ROOT, "Pulumi.prod.yaml"));
        const { resources, records } = await runProgram(withConfig(prod, { breakGlass: { regionDown: "us-west-2" } }), "prod");
        const provider = ofType(resources, "pulumi:providers:aws").find((p) => p.name === "us-west-2")!;
        assert.equal(provider.inputs.stsRegion, "us-east-1");
        const lt = (region: string) => ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate").find((l) => l.name === `${region}-lt`)!;
        assert.equal(lt("us-west-2").inputs.imageId, "ami-00000000000000000");
        assert.notEqual(lt("us-east-1").inputs.imageId, "ami-00000000000000000");
        const subnets = ofType(resources, "aws:ec2/subnet:Subnet").filter((s) => providerRegion(resources, s) === "us-west-2");
        assert.ok(subnets.length > 0 && subnets.every((s) => /^us-west-2-down-\d$/.test(String(s.inputs.availabilityZone))), "the down region's zones were looked up");
        assert.ok(ofType(resources, "aws:ec2/subnet:Subnet").filter((s) => providerRegion(resources, s) === "us-east-1").every((s) => /^us-east-1[a-f]$/.test(String(s.inputs.availabilityZone))));
        // The set is the same split the plan prints.
        const set = breakGlassSet(records, "us-west-2");
        assert.ok(set.targets.length > 50 && set.untouched.length > 50);
    });

    it("a region that is not the stack's is refused with the key and the fix", async () => {
        const out = await runPlan({ regionDown: "eu-west-3" });
        assert.equal(out.exitCode, 2);
        assert.match(out.text, /ha-web-tier:breakGlass.regionDown: eu-west-3 is not one of the stack's regions \(us-west-2, us-east-1\); name the region that is down/);
    });
});
