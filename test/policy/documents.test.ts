/**
 * Policy documents read as IAM reads them (policy/policies/documents.ts): every spelling of a
 * statement's elements, what cannot be read, action wildcards, resources that cover a whole service,
 * and conditions that narrow a statement to named resources.
 */
import * as assert from "node:assert/strict";
import {
    actionMatches, coversEveryResource, everyAction, narrowedByCondition, onEveryResource, readDocument, type Statement,
} from "../../policy/policies/documents";
import { U } from "./factories";

const statement = (s: Partial<Statement>): Statement => ({ index: 0, effect: "Allow", unknownIn: [], ...s });

describe("policy pack: policy documents as IAM reads them", () => {
    it("a document is read from a string or an object; nothing is an empty document; what is not a document is said so", () => {
        assert.deepEqual([undefined, null, ""].map(readDocument), [{ statements: [] }, { statements: [] }, { statements: [] }]);
        assert.deepEqual(readDocument("{"), { unreadable: "the document is not valid JSON" });
        assert.deepEqual([readDocument("[]"), readDocument("null"), readDocument(5)], Array(3).fill({ unreadable: "the document is not a JSON object" }));
        assert.deepEqual(readDocument({ Statement: U }), { unreadable: "its Statement is not known until deploy" });
        assert.match((readDocument(U) as { unreadable: string }).unreadable, /^the document is not known until deploy/);
    });

    it("one statement or many; every element a string or a list; unknown members and non-objects are counted", () => {
        const one = readDocument(JSON.stringify({ Statement: { Effect: "Deny", Action: "s3:GetObject", NotResource: ["a", U], Condition: { Bool: {} } } }));
        assert.deepEqual(one, { statements: [{ index: 0, effect: "Deny", actions: ["s3:GetObject"], notActions: undefined, resources: undefined,
            notResources: ["a"], principal: undefined, notPrincipal: undefined, condition: { Bool: {} }, unknownIn: ["NotResource"] }] });
        const many = readDocument({ Statement: [null, { Effect: "allow", NotAction: [5], Principal: "*", NotPrincipal: { AWS: ["1", U], Service: null },
            Resource: null, Condition: "x" }, { Effect: "Allow", Principal: ["arn"] }, "x", { Effect: "Deny", Principal: null, NotPrincipal: "arn:aws:iam::1:root",
            Condition: null }] });
        assert.deepEqual(many, { statements: [{ index: 0, effect: "unknown", unknownIn: ["Statement"] },
            { index: 1, effect: "unknown", actions: undefined, notActions: [], resources: undefined, notResources: undefined, principal: "*",
                notPrincipal: { AWS: ["1"], Service: [] }, condition: undefined, unknownIn: ["NotAction", "NotPrincipal"] },
            { index: 2, effect: "Allow", actions: undefined, notActions: undefined, resources: undefined, notResources: undefined, principal: {},
                notPrincipal: undefined, condition: undefined, unknownIn: ["Principal"] }, { index: 3, effect: "unknown", unknownIn: ["Statement"] },
            { index: 4, effect: "Deny", actions: undefined, notActions: undefined, resources: undefined, notResources: undefined, principal: undefined,
                notPrincipal: {}, condition: undefined, unknownIn: ["NotPrincipal"] }] });
    });

    it("actions match case-insensitively with * and ?, and nothing else is a wildcard", () => {
        const table: [string, string, boolean][] = [["s3:Get*", "S3:GETOBJECT", true], ["s3:Get?bject", "s3:GetObject", true], ["s3:Get?", "s3:GetObject", false],
            ["*", "iam:PassRole", true], ["s3:Get.bject", "s3:GetObject", false], ["s3:Get(Object)", "s3:GetObject", false], ["s3:Get", "s3:GetObject", false],
            ["3:Get*", "s3:GetObject", false]];
        assert.deepEqual(table.map(([p, a]) => actionMatches(p, a)), table.map(([, , m]) => m));
    });

    it("a resource covers every resource of its service when it is *, any account, any resource or every resource of a type", () => {
        const table: [string, boolean][] = [["*", true], ["*foo", true], ["foo", false], ["foo*", false], ["*:a:b:c:d:e", true], ["arn:aws:iam::123456789012:role/*x", false], ["arn:aws:s3", false], ["arn:aws:iam::*:role/app", true],
            ["arn:aws:iam::123456789012:*", true], ["arn:aws:iam::123456789012:role/*", true], ["arn:aws:iam::123456789012:role/app-*", false],
            ["arn:aws:logs:eu-west-1:123456789012:log-group:*", true], ["arn:aws:s3:::bucket/*", false], ["arn:aws:sns:eu-west-1:123456789012:topic:*", false],
            ["arn:aws:sqs:eu-west-1:123456789012:q:*", false], ["arn:aws:dynamodb:eu-west-1:123456789012:table/t/*", false], ["arn:aws:ec2:eu-west-1:123456789012:Role/*", false]];
        assert.deepEqual(table.map(([r]) => coversEveryResource(r)), table.map(([, c]) => c));
    });

    it("a statement is on every resource with NotResource or a resource covering all; every action with NotAction, * or *:*", () => {
        assert.deepEqual([statement({ notResources: [] }), statement({ resources: ["arn:aws:s3:::b", "*"] }), statement({ resources: ["arn:aws:s3:::b"] }),
            statement({})].map(onEveryResource), [true, true, false, false]);
        assert.deepEqual([statement({ notActions: [] }), statement({ actions: ["s3:GetObject", "*:*"] }), statement({ actions: ["*"] }), statement({ actions: ["s3:*"] }),
            statement({})].map(everyAction), [true, true, true, false, false]);
    });

    it("only exact string values of a resource key under a positive string operator narrow a statement", () => {
        const narrowed = (condition: unknown) => narrowedByCondition(statement({ condition: condition as Statement["condition"] }));
        const table: [unknown, boolean][] = [
            [{ StringEquals: { "aws:ResourceTag/team": "app" } }, true],
            [{ StringEquals: { "aws:PrincipalTag/x": "y", "aws:ResourceTag/team": "app" } }, true],
            [{ "ForAnyValue:StringEqualsIgnoreCase": { "kms:ResourceAliases": ["alias/a"] } }, true],
            [{ stringequals: { "dynamodb:LeadingKeys": ["k"] } }, true],
            [{ StringEquals: { "s3:ResourceTag/team": "app" } }, true],
            [{ StringNotEquals: { "aws:ResourceTag/team": "app" } }, false],
            [{ "ForAllValues:StringEquals": { "kms:ResourceAliases": "alias/a" } }, false],
            [{ StringEqualsX: { "aws:ResourceTag/team": "app" } }, false],
            [{ StringEquals: { "aws:ResourceTag/": "app" } }, false],
            [{ StringEquals: { "x:aws:ResourceTag/team": "app" } }, false],
            [{ StringEquals: { "kms:ResourceAliasesX": "alias/a" } }, false],
            [{ StringEquals: { "aws:ResourceTag/team": [] } }, false],
            [{ StringEquals: { "aws:ResourceTag/team": ["app", "*"] } }, false],
            [{ StringEquals: { "aws:ResourceTag/team": "a?p" } }, false],
            [{ StringEquals: { "aws:ResourceTag/team": [U] } }, false],
            [{ StringEquals: { "aws:ResourceTag/team": [5] } }, false],
            [{ StringEquals: null }, false],
            [{ StringEquals: "x", Bool: { "aws:ResourceTag/team": "app" } }, false],
            [undefined, false],
        ];
        assert.deepEqual(table.map(([c]) => narrowed(c)), table.map(([, n]) => n));
    });
});
