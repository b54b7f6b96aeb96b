/**
 * Renders the instances' user data: a shell script that installs Docker on Amazon Linux 2023 and runs
 * the app container. Pure, so what boots on an instance is unit-tested without Pulumi.
 */
import { ecrHost, parseImage } from "../image/imageSource";
import { warmPoolPreamble, warmPoolRunStartUnit, warmPoolStartUnit } from "./warmPool";

/** The container the instances run, as the caller describes it. */
export interface ContainerArgs {
    /** Run the demo site (nginx with a generated page and health path) on `image`. */
    demoSite: boolean;
    /** Port the app listens on, on the host (the container shares the host network). */
    port: number;
    /** Path the ALB and Route 53 health checks request. */
    healthPath: string;
    /** Body the demo site answers on the health path. */
    healthText: string;
    /** Environment passed to the container; plain text in user data, so no secrets. */
    environment: Record<string, string>;
}

/** What the user data needs to know: the container, and where it runs. */
export interface UserDataArgs extends ContainerArgs {
    /** AWS region the instance runs in, shown by the demo page. */
    region: string;
    /** The image to pull, always from this region's own registry (see imageSource.ts). */
    image: string;
    /** CloudWatch log group the container's stdout/stderr go to. */
    logGroupName: string;
    /**
     * The group keeps a warm pool: create the container instead of running it, and start it from a
     * boot-time unit once the instance leaves the pool (see warmPool.ts). @default false
     */
    warmPool?: boolean;
}

/**
 * Quotes a value for a POSIX shell: single quotes, with embedded single quotes closed, escaped and
 * reopened. Nothing inside single quotes is expanded, so config values cannot run commands on boot.
 */
export function shellQuote(value: string): string {
    return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * Builds the boot script. The container runs with `--network host` so it reaches the instance metadata
 * service with IMDSv2's hop limit of 1 (a bridge network adds a hop and would need a limit of 2, which
 * lets any container on the box fetch the instance role's credentials through an extra network hop).
 */
export function renderUserData(a: UserDataArgs): string {
    const image = a.image;
    const env: Record<string, string> = { ...a.environment, PORT: String(a.port), AWS_REGION: a.region };
    const envFlags = Object.keys(env).sort().map((k) => `  -e ${shellQuote(`${k}=${env[k]}`)} \\`);
    const host = parseImage(image).host;
    const ecr = ecrHost(host);
    const lines = [
        "#!/bin/bash",
        "# Rendered by ha-web-tier (src/region/userData.ts); runs once at first boot.",
        "set -euo pipefail",
        "",
        "TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')",
        "imds() { curl -sS -H \"X-aws-ec2-metadata-token: $TOKEN\" \"http://169.254.169.254/latest/meta-data/$1\"; }",
        "AZ=$(imds placement/availability-zone)",
        "INSTANCE_ID=$(imds instance-id)",
        "",
        ...(a.warmPool ? [...warmPoolPreamble(a.region), ...warmPoolStartUnit(a.region)] : []),
        // The NAT route can lag the first boot by a moment; retry instead of failing the whole script.
        "for i in 1 2 3 4 5; do dnf install -y docker && break; sleep $((i * 5)); done",
        "systemctl enable --now docker",
        "",
    ];
    if (ecr) {
        lines.push(
            `aws ecr get-login-password --region ${ecr.region} | docker login --username AWS --password-stdin ${host}`,
            "",
        );
    }
    const volume: string[] = [];
    if (a.demoSite) {
        lines.push(...demoSite(a));
        volume.push("  -v /opt/ha-web-tier/nginx.conf:/etc/nginx/conf.d/default.conf:ro \\", "  -v /opt/ha-web-tier/site:/usr/share/nginx/html:ro \\");
    }
    lines.push(
        // Retry the pull: NAT and the registry can take a moment right after boot.
        `for i in 1 2 3 4 5; do docker pull ${shellQuote(image)} && break; sleep $((i * 5)); done`,
        // In a warm pool the container is only created; the start unit starts it when the instance serves.
        `docker ${a.warmPool ? "create" : "run -d"} --name app --restart always --network host \\`,
        "  --log-driver awslogs \\",
        // Non-blocking: in the default blocking mode Docker creates the log stream before the container
        // starts and refuses to start it when CloudWatch Logs cannot be reached; non-blocking retries the
        // creation in the background (moby, daemon/logger/awslogs/cloudwatchlogs.go, New; AWS containers
        // blog, "Preventing log loss with non-blocking mode in the AWSLogs container log driver").
        // A woken standby must serve even when logging cannot.
        "  --log-opt mode=non-blocking \\",
        `  --log-opt awslogs-region=${a.region} \\`,
        `  --log-opt awslogs-group=${shellQuote(a.logGroupName)} \\`,
        "  --log-opt awslogs-stream=\"$INSTANCE_ID\" \\",
        ...volume,
        ...envFlags,
        `  ${shellQuote(image)}`,
        "",
        ...(a.warmPool ? warmPoolRunStartUnit() : []),
    );
    return lines.join("\n");
}

function demoSite(a: UserDataArgs): string[] {
    const conf = [
        "server {",
        `    listen ${a.port};`,
        `    location = ${a.healthPath} {`,
        "        default_type text/plain;",
        `        return 200 ${JSON.stringify(a.healthText)};`,
        "    }",
        "    location / {",
        "        root /usr/share/nginx/html;",
        "        index index.html;",
        "    }",
        "}",
    ].join("\n");
    return [
        "mkdir -p /opt/ha-web-tier/site",
        "cat > /opt/ha-web-tier/nginx.conf <<'NGINX'",
        conf,
        "NGINX",
        "cat > /opt/ha-web-tier/site/index.html <<HTML",
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>ha-web-tier</title></head>",
        `<body><h1>ha-web-tier</h1><p>Served from <b>${a.region}</b>, Availability Zone <b>$AZ</b>, instance <b>$INSTANCE_ID</b>.</p></body></html>`,
        "HTML",
        "",
    ];
}
