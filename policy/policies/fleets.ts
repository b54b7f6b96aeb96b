/**
 * The fleet ways to launch instances: a Spot Fleet request (inline launch specifications or launch
 * template configs) and an EC2 Fleet (launch template configs only). They launch the same instances
 * as an Auto Scaling group, so they get the same IMDSv2, public IP, encryption and declared-template
 * checks.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    declaredTemplateNames, encryptedByDefaultRegions, imdsv2ByDefaultRegions, isDeclaredTemplate, launchTypes,
} from "./launches";
import { blocks, get, isTrue, isUnknown, ofTypes, plain, regionOf, sources } from "./util";

/** Type tokens of the fleet resources. */
export const fleetTypes = {
    spotFleet: "aws:ec2/spotFleetRequest:SpotFleetRequest",
    fleet: "aws:ec2/fleet:Fleet",
} as const;

/** What is wrong with one inline launch specification of a Spot Fleet request. */
function specificationProblems(spec: Record<string, unknown>, i: number, imdsv2ByDefault: boolean, encryptedByDefault: boolean): string[] {
    const where = `launchSpecifications[${i}]`;
    const bad: string[] = [];
    if (isTrue(spec.associatePublicIpAddress)) {
        bad.push(`${where}.associatePublicIpAddress is true (a public IPv4 address reachable without the load balancer, EC2.9)`);
    }
    // A launch specification has no metadata options: only the region's account default can turn IMDSv1 off.
    if (!imdsv2ByDefault) {
        bad.push(`${where} cannot require IMDSv2 (a launch specification has no metadataOptions, EC2.8)`);
    }
    // A flag not known until deploy cannot be shown on: judged as off, the worst it could be.
    const encrypted = (v: unknown): boolean => isTrue(v) || (encryptedByDefault && v === undefined);
    const shown = (v: unknown): string => (isUnknown(v) ? "not known until deploy" : JSON.stringify(v ?? "unset"));
    const roots = blocks(spec.rootBlockDevices);
    roots.forEach((d, j) => !encrypted(d.encrypted) && bad.push(`${where}.rootBlockDevices[${j}].encrypted is ${shown(d.encrypted)}`));
    blocks(spec.ebsBlockDevices).forEach((d, j) => !encrypted(d.encrypted) && bad.push(`${where}.ebsBlockDevices[${j}].encrypted is ${shown(d.encrypted)}`));
    if (roots.length === 0 && !encryptedByDefault) {
        bad.push(`${where} maps no root device, leaving its encryption to the AMI (EC2.3)`);
    }
    return bad;
}

/** The launch template references of a fleet that name no template the stack declares. */
function foreignTemplates(r: PolicyResource, declaredNames: Set<string>): string[] {
    const fromStack = sources(r, "launchTemplateConfigs").some(s => s.type === launchTypes.template);
    const [idKey, nameKey] = r.type === fleetTypes.fleet ? ["launchTemplateId", "launchTemplateName"] : ["id", "name"];
    return blocks(plain(r.props).launchTemplateConfigs).flatMap((config, i) => {
        const spec = get(config, "launchTemplateSpecification");
        const value = get(spec, idKey) ?? get(spec, nameKey);
        return isDeclaredTemplate(value, fromStack, declaredNames) ? []
            : [`launchTemplateConfigs[${i}] names a launch template this stack does not declare (`
            + `${isUnknown(value) ? "a value looked up elsewhere" : JSON.stringify(value ?? "none")})`];
    });
}

/**
 * EC2.8, EC2.9, EC2.3 and AutoScaling.9 for fleets: a Spot Fleet request's inline launch specifications
 * cannot require IMDSv2 and must neither assign public IPs nor leave volumes unencrypted; every launch
 * template a fleet names must be one this stack declares, so the template rules have checked it.
 */
export const fleetLaunchesChecked: StackValidationPolicy = {
    name: "fleet-launches-checked",
    description: "Checks whether Spot Fleet requests and EC2 Fleets launch only from launch templates this stack declares, "
        + "and whether a Spot Fleet request's inline launch specifications avoid public IPs, encrypt every volume and are "
        + "covered by an IMDSv2 account default (Security Hub EC2.3, EC2.8, EC2.9, AutoScaling.9).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const declaredNames = declaredTemplateNames(ofTypes(args, [launchTypes.template]));
        const imdsv2 = imdsv2ByDefaultRegions(args.resources);
        const encrypted = encryptedByDefaultRegions(args.resources);
        for (const r of ofTypes(args, Object.values(fleetTypes))) {
            const region = regionOf(r);
            const bad = [
                ...(r.type === fleetTypes.spotFleet ? blocks(plain(r.props).launchSpecifications)
                    .flatMap((spec, i) => specificationProblems(spec, i, imdsv2.has(region), encrypted.has(region))) : []),
                ...foreignTemplates(r, declaredNames),
            ];
            if (bad.length > 0) {
                report(`${r.name}: a fleet launches the same instances as an Auto Scaling group and must meet the same rules, but `
                    + `${bad.join("; ")}. Launch from a launch template declared in this stack (launchTemplateConfigs with its id) `
                    + "that requires IMDSv2, assigns no public IP and encrypts its volumes.", r.urn);
            }
        }
    },
};

/** The fleet rules, in report order. */
export const fleetPolicies = [fleetLaunchesChecked];
