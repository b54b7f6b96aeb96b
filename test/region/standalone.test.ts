/**
 * The components stand alone: plain typed args, providers through options only, and every public
 * property (outputs and child resources) passed to registerOutputs, where stack policies and the
 * offline plan read them.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DataTier } from "../../src/data/dataTier";
import { HaWebTier } from "../../src/region/haWebTier";
import { promiseOf, Recorder, settle, useMocks } from "../mocks";
import { tierArgs } from "./tierArgs";
import * as path from "path";
import { evaluateStack } from "../../tools/engine";
import { ROOT } from "../mocks";

const DB = {
    engine: "postgres" as const, instanceClass: "db.t4g.medium", allocatedStorageGb: 20, maxAllocatedStorageGb: 100,
    backupRetentionDays: 7, maintenanceWindow: "sun:05:00-sun:06:00",
};

/** Known values for every output the components expose, so none is left out of the outputs for being unset. */
class FullRecorder extends Recorder {
    override newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const result = super.newResource(args);
        if (args.type === "aws:rds/instance:Instance") {
            result.state.address = `${args.name}.abc.rds.amazonaws.com`;
        }
        return result;
    }
}

/** Public properties of a component instance: its own fields, less the SDK's (`__*`, `urn`) and unset ones. */
function publicFields(c: pulumi.ComponentResource): string[] {
    return Object.entries(c).filter(([k, v]) => !k.startsWith("__") && k !== "urn" && v !== undefined).map(([k]) => k).sort();
}

describe("components stand alone", function () {
    this.timeout(30_000);

    it("every component of the region and data tiers passes each public property to registerOutputs", async () => {
        const recorder = useMocks("standalone", new FullRecorder());
        // One region is enough: every component type is built once, WAF and TLS on.
        const providers = { "us-west-2": new aws.Provider("us-west-2", { region: "us-west-2" }) };
        const tiers = Object.entries(providers).map(([region, provider]) => new HaWebTier(region, tierArgs(region, {
            tls: { hostedZoneId: "Z0123456789EXAMPLE", domainName: "app.example.com" },
        }), { provider }));
        const data = new DataTier("data", {
            project: "ha-web-tier", stack: "standalone", database: DB, deletionProtection: true,
            regions: tiers.map((t, i) => ({
                name: Object.keys(providers)[i], vpcId: t.vpcId, privateSubnetIds: t.privateSubnetIds,
                appSecurityGroupId: t.appSecurityGroupId, instanceRoleName: t.instanceRoleName,
            })),
        }, { providers });
        await settle();
        const components: pulumi.ComponentResource[] = [
            data, data.credentials, ...Object.values(data.databases),
            ...tiers.flatMap((t) => [t, t.resources.network!, t.resources.accessLogs, t.resources.edgeProtection!, t.resources.alarms]),
        ];
        const types = new Set<string>();
        const missing: string[] = [];
        for (const c of components) {
            const urn = await promiseOf(c.urn);
            types.add(urn.split("::")[2].split("$").pop()!);
            const registered = Object.keys(recorder.records.find((r) => r.urn === urn)?.outputs ?? {});
            // Child resources sit behind the `resources` getter (no schema output of their own); each is registered too.
            const children = Object.keys((c as { resources?: object }).resources ?? {});
            missing.push(...[...publicFields(c), ...children].filter((k) => !registered.includes(k)).map((k) => `${urn.split("::").pop()}.${k}`));
        }
        assert.deepEqual(missing, []);
        assert.deepEqual([...types].sort(), [
            "ha-web-tier:index:AccessLogBucket", "ha-web-tier:index:DataTier", "ha-web-tier:index:Database", "ha-web-tier:index:DatabaseCredentials",
            "ha-web-tier:index:EdgeProtection", "ha-web-tier:index:HaWebTier", "ha-web-tier:index:Network", "ha-web-tier:index:RegionAlarms",
        ]);
    });

    it("a tier takes exactly one network: one to build, or one the caller owns", () => {
        useMocks("standalone-args");
        const provider = new aws.Provider("us-east-1", { region: "us-east-1" });
        const { network, ...withoutNetwork } = tierArgs("us-east-1");
        assert.throws(() => new HaWebTier("none", withoutNetwork, { provider }), /HaWebTier none: give network \(to build a VPC\) or existingNetwork \(to use one you own\)/);
        const existingNetwork = { vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"], privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"] };
        assert.throws(() => new HaWebTier("both", { ...withoutNetwork, network, existingNetwork }, { provider }), /HaWebTier both: give network or existingNetwork, not both/);
    });

    it("the data tier takes its providers through options, one per region, and names a region without one", () => {
        useMocks("standalone-data");
        const providers = { "us-east-1": new aws.Provider("us-east-1", { region: "us-east-1" }) };
        const region = (name: string) => ({ name, vpcId: "vpc-1", privateSubnetIds: ["subnet-1", "subnet-2"], appSecurityGroupId: "sg-1", instanceRoleName: "role" });
        assert.throws(() => new DataTier("data", {
            project: "ha-web-tier", stack: "s", database: DB, deletionProtection: true, regions: [region("us-east-1"), region("us-west-2")],
        }, { providers }), /DataTier data: opts.providers has no provider for us-west-2; pass one aws provider per region, keyed by region code/);
    });
    it("every component the reference program builds, in each shape of stack, passes each public property to registerOutputs", async () => {
        // The instances themselves: the registerOutputs each component calls at the end of its constructor.
        const seen: { type: string; fields: string[]; registered: string[] }[] = [];
        // eslint-disable-next-line @typescript-eslint/unbound-method -- restored as is below, and called with its `this`
        const original = pulumi.ComponentResource.prototype["registerOutputs"];
        pulumi.ComponentResource.prototype["registerOutputs"] = function (this: pulumi.ComponentResource, outputs?: pulumi.Inputs | Promise<pulumi.Inputs> | pulumi.Output<pulumi.Inputs>) {
            const type = (this as unknown as { __pulumiType: string }).__pulumiType;
            if (type.startsWith("ha-web-tier:") && outputs && !pulumi.Output.isInstance(outputs) && !(outputs instanceof Promise)) {
                const children = Object.keys((this as { resources?: object }).resources ?? {});
                seen.push({ type, fields: [...publicFields(this), ...children], registered: Object.keys(outputs) });
            }
            return original.call(this, outputs);
        };
        try {
            for (const file of ["Pulumi.prod.yaml", "examples/global-accelerator.yaml", "examples/region-switch.yaml", "examples/single-region.yaml"]) {
                await evaluateStack({ program: path.join(ROOT, "stack", "index.ts"), configFile: path.join(ROOT, file) });
            }
        } finally {
            pulumi.ComponentResource.prototype["registerOutputs"] = original;
        }
        const missing = [...new Set(seen.flatMap((c) => c.fields.filter((f) => !c.registered.includes(f)).map((f) => `${c.type}.${f}`)))];
        assert.deepEqual(missing, []);
        // The program's whole set of components, so none escapes the check.
        assert.deepEqual([...new Set(seen.map((c) => c.type.split(":").pop()))].sort(), [
            "AccessLogBucket", "AlarmTopic", "DataTier", "Database", "DatabaseCredentials", "EdgeProtection", "FailoverFunction", "FlowLogBucket",
            "GlobalAcceleratorFrontDoor", "GlobalFailover", "HaWebTier", "Network", "PrimaryProbe", "RegionAlarms", "RegionImage", "RegionSwitchPlan",
            "SingleRegionEndpoint", "StackDashboard", "StandbyFunction",
        ]);
    });
});
