import * as assert from "node:assert/strict";
import { analyze } from "../../tools/plan/analyze";
import { policies } from "../../policy/policies";
import { world, worldWithHttps } from "./factories";

describe("policy pack: compliant tier", () => {
    it("a compliant tier with HTTPS on a first preview raises no violation at all, not even can't-run advisories", async () => {
        assert.deepEqual(await analyze(worldWithHttps().all()), []);
    });

    it("a tier that serves HTTP only raises nothing but ELB.1's advisory, on its forwarding HTTP listener", async () => {
        const w = world();
        const v = await analyze(w.all());
        assert.deepEqual(v.map(x => [x.policy, x.level, x.urn]), [["alb-serves-https", "advisory", w.http.urn]]);
        assert.match(v[0].message, /HTTP listener euw1-http forwards .* no HTTPS listener.*set dns.hostedZoneId/);
    });

    it("every rule has a kebab-case name, a 'Checks whether' description and an enforcement level", () => {
        for (const p of policies) {
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, p.name);
            assert.match(p.description, /^Checks whether /, p.name);
            assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", p.name);
        }
        assert.equal(new Set(policies.map(p => p.name)).size, policies.length, "policy names must be unique");
    });
});
