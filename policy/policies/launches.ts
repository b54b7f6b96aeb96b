/**
 * Every way the stack can launch an instance, read the same way: launch templates, launch
 * configurations (legacy), instances and spot instance requests (which may inherit from a launch
 * template), and the Auto Scaling groups that launch from templates, configurations or the launch
 * template overrides of a mixed instances policy.
 */
import type { PolicyResource } from "@pulumi/policy";
import { blocks, get, isTrue, isUnknown, plain, regionOf, sources, unknown as UNKNOWN, type Props } from "./util";

/** Type tokens of the resources that describe or launch instances. */
export const launchTypes = {
    template: "aws:ec2/launchTemplate:LaunchTemplate",
    configuration: "aws:ec2/launchConfiguration:LaunchConfiguration",
    instance: "aws:ec2/instance:Instance",
    spotRequest: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
    group: "aws:autoscaling/group:Group",
    networkInterface: "aws:ec2/networkInterface:NetworkInterface",
    volume: "aws:ebs/volume:Volume",
    encryptionByDefault: "aws:ebs/encryptionByDefault:EncryptionByDefault",
    metadataDefaults: "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults",
} as const;

const t = launchTypes;

/** Instances created directly, one resource each. */
export const instanceTypes: string[] = [t.instance, t.spotRequest];

/** The launch template an instance names in `launchTemplate`, if the stack declares it. */
export function templateOf(r: PolicyResource): PolicyResource | undefined {
    return sources(r, "launchTemplate").find(s => s.type === t.template);
}

/** True when the instance names a launch template the stack does not declare (a literal id or a lookup). */
export function hasForeignTemplate(r: PolicyResource): boolean {
    return plain(r.props).launchTemplate !== undefined && templateOf(r) === undefined;
}

/** Instance metadata settings as EC2 applies them: the instance's own fields over its launch template's. */
export function metadataOptions(r: PolicyResource): { httpTokens: unknown; httpEndpoint: unknown } {
    const own = plain(r.props).metadataOptions;
    const template = instanceTypes.includes(r.type) ? templateOf(r) : undefined;
    const inherited = template ? plain(template.props).metadataOptions : undefined;
    return {
        httpTokens: get(own, "httpTokens") ?? get(inherited, "httpTokens"),
        httpEndpoint: get(own, "httpEndpoint") ?? get(inherited, "httpEndpoint"),
    };
}

/**
 * Device names EC2 uses for the root volume of current Linux and Windows AMIs. Offline the AMI is not
 * known, so a mapping under one of these names is taken to be the root's.
 */
export const rootDeviceNames = ["/dev/xvda", "/dev/sda1", "/dev/sda", "xvda", "sda1"];

/** One EBS volume a launcher declares, with where it is declared and its `encrypted` value as written. */
export interface DeclaredVolume {
    where: string;
    encrypted: unknown;
}

/** The EBS volumes a launch template, launch configuration or instance declares, and whether the root is among them. */
export function declaredVolumes(r: PolicyResource): { volumes: DeclaredVolume[]; rootMapped: boolean } {
    const p = plain(r.props);
    if (r.type === t.template) {
        const mappings = blocks(p.blockDeviceMappings);
        return {
            volumes: mappings.flatMap((m, i) => m.ebs === undefined || isTrue(get(m, "noDevice")) ? []
                : [{ where: `blockDeviceMappings[${i}].ebs.encrypted`, encrypted: get(m, "ebs", "encrypted") }]),
            rootMapped: mappings.some(m => rootDeviceNames.includes(String(m.deviceName)) && m.ebs !== undefined),
        };
    }
    const root = p.rootBlockDevice as Props | undefined;
    const volumes = [
        ...(root ? [{ where: "rootBlockDevice.encrypted", encrypted: root.encrypted }] : []),
        // Indexed as written, so a message names the device the user wrote (a noDevice entry keeps its place).
        ...blocks(p.ebsBlockDevices).flatMap((d, i) => isTrue(d.noDevice) ? []
            : [{ where: `ebsBlockDevices[${i}].encrypted`, encrypted: d.encrypted }]),
    ];
    return { volumes, rootMapped: root !== undefined };
}

/** A launch template reference of an Auto Scaling group, with where it is written. */
export interface TemplateRef {
    where: string;
    /** The template's id or name as written; undefined when neither is set. */
    value: unknown;
}

/** Every launch template an Auto Scaling group can launch from: its own, the mixed policy's, and each override's. */
export function groupTemplateRefs(asg: PolicyResource): TemplateRef[] {
    const p = plain(asg.props);
    const refs: TemplateRef[] = [];
    if (p.launchTemplate !== undefined) {
        refs.push({ where: "launchTemplate", value: get(p.launchTemplate, "id") ?? get(p.launchTemplate, "name") });
    }
    const mixed = get(p.mixedInstancesPolicy, "launchTemplate");
    if (mixed !== undefined) {
        const spec = get(mixed, "launchTemplateSpecification");
        refs.push({ where: "mixedInstancesPolicy.launchTemplate",
            value: get(spec, "launchTemplateId") ?? get(spec, "launchTemplateName") });
        blocks(get(mixed, "overrides")).forEach((o, i) => {
            const s = o.launchTemplateSpecification;
            if (s !== undefined) {
                refs.push({ where: `mixedInstancesPolicy overrides[${i}] (${typeof o.instanceType === "string" ? o.instanceType : "instance requirements"})`,
                    value: get(s, "launchTemplateId") ?? get(s, "launchTemplateName") });
            }
        });
    }
    return refs;
}

/**
 * The template references of an Auto Scaling group that do not resolve to a launch template the stack
 * declares: a literal id or name no declared template carries, or a computed value that came from no
 * template of the stack (a lookup of an existing one). Their settings cannot be checked.
 */
export function foreignTemplateRefs(asg: PolicyResource, templates: PolicyResource[]): TemplateRef[] {
    const fromStack = [...sources(asg, "launchTemplate"), ...sources(asg, "mixedInstancesPolicy")].some(s => s.type === t.template);
    const names = declaredTemplateNames(templates);
    return groupTemplateRefs(asg).filter(ref => !isDeclaredTemplate(ref.value, fromStack, names));
}

/** The names of the launch templates the stack declares (a reference may name a template instead of its id). */
export function declaredTemplateNames(templates: PolicyResource[]): Set<string> {
    return new Set(templates.map(lt => plain(lt.props).name).filter((n): n is string => typeof n === "string"));
}

/**
 * Whether one launch template reference (an id or name as written) resolves to a template the stack
 * declares: a value not known yet must have come from one of the stack's templates (`fromStack`, read
 * from the property dependencies), a literal must be one of their names. Shared by every launcher that
 * names a template, so the Auto Scaling and fleet rules agree on what "declared" means.
 */
export function isDeclaredTemplate(value: unknown, fromStack: boolean, declaredNames: Set<string>): boolean {
    return isUnknown(value) ? fromStack : typeof value === "string" && declaredNames.has(value);
}

/** The subnets an instance is placed in: `subnetId`, else its network interfaces', else its launch template's. */
export function instanceSubnets(r: PolicyResource): { values: unknown[]; from: PolicyResource[]; via: string } {
    const p = plain(r.props);
    if (p.subnetId !== undefined) {
        return { values: [p.subnetId], from: sources(r, "subnetId"), via: "subnetId" };
    }
    const enis = sources(r, "networkInterfaces").filter(s => s.type === t.networkInterface);
    const attached = blocks(p.networkInterfaces);
    if (attached.length > 0) {
        // Every attached interface places the instance in its subnet: one the stack does not declare (a literal id
        // or a lookup) counts as a value of its own, which the placement rule cannot judge.
        const ids = new Set(enis.map(e => plain(e.props).id));
        const literal = attached.map(n => n.networkInterfaceId).filter(v => typeof v === "string" && !isUnknown(v) && !ids.has(v));
        const unresolved = Math.max(0, attached.length - literal.length - enis.length);
        return { values: [...enis.map(e => plain(e.props).subnetId), ...literal, ...Array<unknown>(unresolved).fill(UNKNOWN)],
            from: enis.flatMap(e => sources(e, "subnetId")), via: "networkInterfaces" };
    }
    const lt = templateOf(r);
    const ltSubnets = lt ? blocks(plain(lt.props).networkInterfaces).map(n => n.subnetId).filter(s => s !== undefined) : [];
    if (lt && ltSubnets.length > 0) {
        return { values: ltSubnets, from: sources(lt, "networkInterfaces"), via: `its launch template ${lt.name}` };
    }
    return { values: [], from: [], via: "subnetId" };
}

/** Regions where the stack turns on EBS encryption by default, so volumes without a setting are encrypted. */
export function encryptedByDefaultRegions(resources: PolicyResource[]): Set<unknown> {
    return new Set(resources.filter(r => r.type === t.encryptionByDefault && plain(r.props).enabled !== false).map(regionOf));
}

/**
 * Regions where the stack makes IMDSv2 the account default. A launch that leaves httpTokens unset then
 * gets "required": the account default applies when neither the launch nor the AMI sets the option, and
 * an AMI can only set IMDSv2 (EC2 user guide, "Order of precedence for instance metadata options").
 */
export function imdsv2ByDefaultRegions(resources: PolicyResource[]): Set<unknown> {
    return new Set(resources.filter(r => r.type === t.metadataDefaults && plain(r.props).httpTokens === "required").map(regionOf));
}
