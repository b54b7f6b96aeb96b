/**
 * The CrossGuard pack served by `pulumi preview --policy-pack policy`. Constructing the pack starts the
 * policy server, so this is the only place that does it; tests and the offline plan import
 * `./policies` instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("ha-web-guardrails", { policies });
