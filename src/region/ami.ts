/**
 * AMI selection: the public SSM parameter AWS keeps pointing at the latest Amazon Linux 2023 image for
 * each architecture. Resolving it at deploy time means every `pulumi up` picks up the patched image and
 * the rolling instance refresh replaces instances with it.
 */

/** True for Graviton instance families (t4g, m7g, c7gn, r8g ...), which need an arm64 image. */
export function isArmInstanceType(instanceType: string): boolean {
    return /^[a-z]+\d+g[a-z-]*\./.test(instanceType);
}

/** The public SSM parameter holding the latest Amazon Linux 2023 AMI id for the instance type's architecture. */
export function amiParameterName(instanceType: string): string {
    const arch = isArmInstanceType(instanceType) ? "arm64" : "x86_64";
    return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`;
}
