/**
 * The ALB target group's health-check settings: how fast a region's ALB calls its targets unhealthy
 * and healthy again. Pure, so the tier, the stack and the resilience model read the same numbers.
 */

/** A target group health check: seconds between checks, seconds to wait for an answer, and counts. */
export interface TargetHealthSettings {
    /** Seconds between checks of one target (ELB: 5-300). */
    interval: number;
    /** Seconds without an answer that count as a failure (ELB: 2-120, and less than `interval`). */
    timeout: number;
    /** Consecutive successes before a target is healthy (ELB: 2-10). */
    healthyThreshold: number;
    /** Consecutive failures before a target is unhealthy (ELB: 2-10). */
    unhealthyThreshold: number;
}

/**
 * What every tier uses behind Route 53: Route 53's own checks decide the failover, so the ALB's only
 * need to take a failed instance out of service within a minute.
 */
export const DNS_TARGET_HEALTH: TargetHealthSettings = { interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 };

/**
 * Behind Global Accelerator: GA follows the ALB's target-group health and ignores its own health-check
 * settings for ALB endpoints ("Health check options that you choose in Global Accelerator do not
 * affect Application Load Balancers or Network Load Balancers that you've added as endpoints", GA
 * developer guide, "Health check options"), so these settings are the detection half of a region
 * failover: 5 s x 2 failures + a 4 s timeout = 14 s at worst, where the tier's defaults would take
 * 15 s x 3 + 5 s = 50 s. The ranges are ELB's (ELB user guide, "Health checks for Application Load
 * Balancer target groups": interval 5-300 s, timeout 2-120 s, thresholds 2-10). Three successes
 * before a recovered region takes traffic again, so a flapping region does not pull users back and forth.
 */
export const ACCELERATOR_TARGET_HEALTH: TargetHealthSettings = { interval: 5, timeout: 4, healthyThreshold: 3, unhealthyThreshold: 2 };
