// The demo site's user-data arguments, from a pull-through-cached image in the instance's own region;
// each test overrides what it is about.
import type { UserDataArgs } from "../../src/region/userData";

/** Demo-site user data for `region`, its image from that region's pull-through cache. */
export function demoUserDataArgs(region: string, overrides: Partial<UserDataArgs> = {}): UserDataArgs {
    return {
        region,
        image: `123456789012.dkr.ecr.${region}.amazonaws.com/hwt-prod/nginx/nginx:1.30-alpine`,
        demoSite: true,
        port: 8080,
        healthPath: "/health",
        healthText: "ha-web-tier: healthy",
        environment: {},
        logGroupName: "/app/logs",
        ...overrides,
    };
}
