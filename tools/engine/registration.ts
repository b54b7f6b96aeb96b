/**
 * What a registration request carries, as the recording monitor reads it, and the engine's URNs for it
 * (its own and its aliases'), so the plan names resources exactly as `pulumi preview` would.
 */
import { STACK_TYPE } from "./recorded";

/** Structural view of the protobuf `Struct`s the runtime sends. */
export interface StructLike {
    toJavaScript(): Record<string, unknown>;
}

/** Structural view of `RegisterResourceRequest` (generated protobuf class; its typings are loose). */
export interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getRemote(): boolean;
    getProvider(): string;
    getProvidersMap(): { get(pkg: string): string | undefined };
    getVersion(): string;
    getObject(): StructLike | undefined;
    getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
    getDependenciesList(): string[];
    getProtect(): boolean | undefined;
    getIgnorechangesList(): string[];
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getAliasesList(): AliasLike[];
    getAliasurnsList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getTransformsList(): { getToken(): string }[];
}

/** Structural view of an `Alias` of the request: a URN, or a spec the engine resolves to one. */
export interface AliasLike {
    getUrn(): string;
    getSpec(): {
        getName(): string; getType(): string; getStack(): string; getProject(): string;
        getParenturn(): string; getNoparent(): boolean;
    } | undefined;
}

/** The engine's URN scheme: children of the stack are not prefixed with the stack's type. */
export function makeUrn(stack: string, project: string, parent: string | undefined, type: string, name: string): string {
    let qualified = type;
    if (parent) {
        const parentType = parent.split("::")[2];
        if (parentType !== undefined && parentType !== STACK_TYPE) {
            qualified = `${parentType}$${type}`;
        }
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** Alias specs resolved to URNs, as the engine resolves them before analysis. */
export function aliasUrns(req: RegisterRequest, run: { stack: string; project: string }, type: string, name: string, parent: string | undefined): string[] {
    const urns = [...req.getAliasurnsList()];
    for (const alias of req.getAliasesList()) {
        const spec = alias.getSpec();
        if (alias.getUrn() || !spec) {
            if (alias.getUrn()) urns.push(alias.getUrn());
            continue;
        }
        const aliasParent = spec.getNoparent() ? undefined : spec.getParenturn() || parent;
        urns.push(makeUrn(spec.getStack() || run.stack, spec.getProject() || run.project,
            aliasParent, spec.getType() || type, spec.getName() || name));
    }
    return urns;
}
