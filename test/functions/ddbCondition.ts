// A small evaluator of DynamoDB condition expressions, so the in-memory table refuses a write exactly
// when DynamoDB would: comparisons (= < <= > >=), attribute_exists / attribute_not_exists,
// AND / OR / NOT and parentheses, with #names and :values. Anything else throws, so a new expression
// in the function cannot silently pass the model.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

type Item = Record<string, AttributeValue>;

interface Context {
    item: Item | undefined;
    names: Record<string, string>;
    values: Record<string, AttributeValue>;
}

const TOKEN = /\s*(attribute_not_exists|attribute_exists|AND|OR|NOT|<=|>=|[=<>(),]|#[A-Za-z0-9_]+|:[A-Za-z0-9_]+)/y;

function tokenize(expression: string): string[] {
    const tokens: string[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < expression.trimEnd().length) {
        const m = TOKEN.exec(expression);
        if (!m) {
            throw new Error(`condition model cannot read ${JSON.stringify(expression.slice(TOKEN.lastIndex))}`);
        }
        tokens.push(m[1]);
    }
    return tokens;
}

function scalar(v: AttributeValue | undefined): { type: string; value: string | number | boolean } | undefined {
    if (v === undefined) return undefined;
    if (v.S !== undefined) return { type: "S", value: v.S };
    if (v.N !== undefined) return { type: "N", value: Number(v.N) };
    if (v.BOOL !== undefined) return { type: "BOOL", value: v.BOOL };
    throw new Error(`condition model has no comparison for ${JSON.stringify(v)}`);
}

/** Whether `expression` holds for `item` (undefined: no item), as DynamoDB evaluates a ConditionExpression. */
export function evaluateCondition(expression: string, ctx: Context): boolean {
    const tokens = tokenize(expression);
    let i = 0;
    const peek = () => tokens[i];
    const take = (expected?: string) => {
        const t = tokens[i++];
        if (expected !== undefined && t !== expected) {
            throw new Error(`condition model expected ${expected}, got ${t} in ${expression}`);
        }
        return t;
    };
    const name = (t: string) => {
        const n = ctx.names[t];
        if (n === undefined) throw new Error(`no ExpressionAttributeNames entry for ${t}`);
        return n;
    };
    const operand = (t: string): AttributeValue | undefined => {
        if (t.startsWith(":")) {
            const v = ctx.values[t];
            if (v === undefined) throw new Error(`no ExpressionAttributeValues entry for ${t}`);
            return v;
        }
        const attribute = name(t);
        return ctx.item?.[attribute];
    };
    const primary = (): boolean => {
        const t = take();
        if (t === "NOT") return !primary();
        if (t === "(") {
            const v = or();
            take(")");
            return v;
        }
        if (t === "attribute_exists" || t === "attribute_not_exists") {
            take("(");
            // The name is read first: `item?.[...]` would skip reading it when there is no item.
            const attribute = name(take());
            const exists = ctx.item?.[attribute] !== undefined;
            take(")");
            return t === "attribute_exists" ? exists : !exists;
        }
        const left = scalar(operand(t));
        const op = take();
        const right = scalar(operand(take()));
        // A comparison with a missing attribute, or across types, is false.
        if (left === undefined || right === undefined || left.type !== right.type) return false;
        switch (op) {
            case "=": return left.value === right.value;
            case "<": return left.value < right.value;
            case "<=": return left.value <= right.value;
            case ">": return left.value > right.value;
            case ">=": return left.value >= right.value;
        }
        throw new Error(`condition model does not know operator ${op}`);
    };
    const and = (): boolean => {
        let v = primary();
        while (peek() === "AND") {
            take();
            const r = primary();
            v = v && r;
        }
        return v;
    };
    const or = (): boolean => {
        let v = and();
        while (peek() === "OR") {
            take();
            const r = and();
            v = v || r;
        }
        return v;
    };
    const result = or();
    if (i !== tokens.length) {
        throw new Error(`condition model left ${tokens.slice(i).join(" ")} unread in ${expression}`);
    }
    return result;
}
