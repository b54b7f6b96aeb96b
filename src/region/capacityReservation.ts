/**
 * On-Demand Capacity Reservations for the standby's failover capacity (failover.reserveCapacity), so a
 * mass failover into the standby region cannot fail with InsufficientInstanceCapacity. AWS behaviour
 * this relies on:
 * - "Capacity Reservations are charged at the equivalent On-Demand rate whether you run instances in
 *   reserved capacity or not" (EC2 user guide, "Capacity Reservation pricing and billing"): a reservation
 *   sized for the failover capacity costs what running that capacity all month costs.
 * - `targeted` matching: only launches that name the reservation use it ("If you create a Capacity
 *   Reservation with open instance matching criteria, and you have running instances with matching
 *   attributes ..., those instances automatically run in the reserved capacity. To avoid this, use
 *   targeted instance matching criteria", EC2 user guide, "Create a Capacity Reservation").
 * - The group names the reservations with `capacity-reservations-first`: "Auto Scaling will try to
 *   launch instances into a Capacity Reservation ... first. If capacity isn't available, instances will
 *   run in On-Demand capacity" (EC2 Auto Scaling API reference, CapacityReservationSpecification).
 * - Only running instances use a reservation ("used indicates that the instance capacity is in use by
 *   instances that are running", EC2 API reference, CapacityAllocation): the warm pool's stopped
 *   instances leave it free. AWS documents no interaction of warm pools with reservations either way;
 *   measure with `aws ec2 describe-capacity-reservations` (AvailableInstanceCount) before and after a
 *   drill.
 * - A reservation is per Availability Zone, and the group balances across its zones, so each zone
 *   reserves its share, rounded up.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { pickZones, type Zone } from "./zones";

/** The reservations and the group setting that targets them. */
export interface StandbyReservations {
    /** For the group's `capacityReservationSpecification`. */
    spec: {
        capacityReservationPreference: "capacity-reservations-first";
        capacityReservationTarget: { capacityReservationIds: pulumi.Output<string>[] };
    };
}

/** Instances each of `zones` reserves so that `count` fit however the group balances them. */
export function perZone(count: number, zones: number): number {
    return Math.ceil(count / zones);
}

/** One targeted reservation per zone the group uses (`${name}-reserved-<i>`), children of `parent`. */
export function reserveStandbyCapacity(
    name: string,
    args: { count: number; instanceType: string; region: string; azCount: number; zones: pulumi.Input<Zone[]> },
    parent: pulumi.Resource,
): StandbyReservations {
    const picked = pulumi.output(args.zones).apply((z) => pickZones(z, { region: args.region, instanceType: args.instanceType }, args.azCount));
    const ids = Array.from({ length: args.azCount }, (_, i) => new aws.ec2.CapacityReservation(`${name}-reserved-${i}`, {
        availabilityZone: picked.apply((z) => z[i].name),
        instanceType: args.instanceType,
        instancePlatform: "Linux/UNIX",
        instanceCount: perZone(args.count, args.azCount),
        instanceMatchCriteria: "targeted",
        endDateType: "unlimited",
        tags: { Name: `${name}-reserved-${i}` },
    }, { parent }).id);
    return { spec: { capacityReservationPreference: "capacity-reservations-first", capacityReservationTarget: { capacityReservationIds: ids } } };
}
