import type { Policies } from "@pulumi/policy";

/** Every rule of the pack, in one explicit list: tests, the offline plan and the pack all read this. */
export const policies: Policies = [];
