import { strict as assert } from "assert";
import { amiParameterName } from "../../src/region/ami";
import { renderUserData, shellQuote, UserDataArgs } from "../../src/region/userData";
import { demoUserDataArgs } from "./userDataArgs";

const base: UserDataArgs = demoUserDataArgs("us-west-2");

describe("user data (pure)", () => {
    it("installs and starts Docker, then runs the container with restart always on the host network", () => {
        const script = renderUserData(base);
        assert.match(script, /^#!\/bin\/bash\n/);
        assert.ok(script.indexOf("dnf install -y docker") < script.indexOf("systemctl enable --now docker"));
        assert.ok(script.indexOf("systemctl enable --now docker") < script.indexOf("docker run"));
        assert.match(script, /docker run -d --name app --restart always --network host/);
    });

    it("serves the health path with the search string and a page naming the region and AZ in the demo site", () => {
        const script = renderUserData({ ...base, healthPath: "/healthz", port: 9000 });
        assert.match(script, /listen 9000;/);
        assert.match(script, /location = \/healthz \{[\s\S]*return 200 "ha-web-tier: healthy";/);
        assert.match(script, /Served from <b>us-west-2<\/b>, Availability Zone <b>\$AZ<\/b>/);
        assert.match(script, /AZ=\$\(imds placement\/availability-zone\)/);
        assert.match(script, /-v \/opt\/ha-web-tier\/nginx.conf:\/etc\/nginx\/conf.d\/default.conf:ro/);
        assert.match(script, /'123456789012.dkr.ecr.us-west-2.amazonaws.com\/hwt-prod\/nginx\/nginx:1.30-alpine'\n/);
    });

    it("runs a custom image without the demo site and passes its environment quoted", () => {
        const script = renderUserData({ ...base, image: "ghcr.io/acme/web:1.2", demoSite: false, environment: { GREETING: "it's $HOME; rm -rf /" } });
        assert.doesNotMatch(script, /nginx.conf/);
        assert.match(script, /-e 'GREETING=it'"'"'s \$HOME; rm -rf \/' \\/);
        assert.match(script, /-e 'PORT=8080' \\/);
        assert.match(script, /'ghcr.io\/acme\/web:1.2'\n/);
    });

    it("logs in to the region's own ECR registry before pulling, and names no other registry", () => {
        const script = renderUserData(base);
        assert.match(script, /aws ecr get-login-password --region us-west-2 \| docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-west-2.amazonaws.com\n/);
        assert.ok(script.indexOf("docker login") < script.indexOf("docker pull"));
        assert.doesNotMatch(script, /public\.ecr\.aws|docker\.io/);
    });

    it("without a warm pool, runs the container at first boot and installs no start unit", () => {
        const script = renderUserData(base);
        assert.match(script, /docker run -d --name app/);
        assert.doesNotMatch(script, /docker create|complete-lifecycle-action|ha-web-tier-app.service/);
    });

    it("sends container logs to the given CloudWatch log group", () => {
        assert.match(renderUserData(base), /--log-driver awslogs[\s\S]*awslogs-group='\/app\/logs'/);
    });

    it("quotes shell values so nothing inside is expanded", () => {
        assert.equal(shellQuote("a'b"), `'a'"'"'b'`);
        assert.equal(shellQuote("$(id)"), "'$(id)'");
    });

    it("picks the arm64 Amazon Linux 2023 image for Graviton types and x86_64 otherwise", () => {
        assert.match(amiParameterName("t4g.small"), /al2023-ami-kernel-default-arm64$/);
        assert.match(amiParameterName("c7gn.large"), /arm64$/);
        assert.match(amiParameterName("t3.small"), /x86_64$/);
        assert.match(amiParameterName("m7i-flex.large"), /x86_64$/);
        assert.match(amiParameterName("g5.xlarge"), /x86_64$/);
    });
});
