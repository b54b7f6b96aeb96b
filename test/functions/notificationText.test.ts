import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderNotifications } from "./notificationText";

// What on-call reads is the function's product as much as what it does: every notification, for the
// settings and outcomes that change its words, line by line (notificationText.ts says how to update).
describe("failover function and probe: what on-call is told", () => {
    it("every notification must say exactly what notifications.expected.txt says, line by line", () => {
        const expected = fs.readFileSync(path.join(__dirname, "notifications.expected.txt"), "utf8");
        assert.equal(renderNotifications(), expected);
    });
});
