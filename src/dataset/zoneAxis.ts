import type { Rng } from "../core/index.js";
import { axisAngle, identity, type Mat3, multiply, REGION, type Structure } from "../structure/index.js";

/**
 * Near-zone-axis orientations for the `poly-plus` preset. Uniformly random orientations (the paper's
 * models, and `buildSpecimen`'s default) put most crystals far from any zone axis, where 1–3 nm particles
 * show few or no lattice fringes; the particles a microscopist can label in real micrographs are biased
 * towards low-index zone axes. This module turns a specimen built in its crystal frame
 * (`randomOrientation: false`) so that a low-index crystal direction lies within a few degrees of the beam.
 */

/** Low-index directions of the crystal frame offered as zone axes. */
export const ZONE_AXES = { "001": [0, 0, 1], "011": [0, 1, 1], "111": [1, 1, 1] } as const;
/** One zone-axis name. */
export type ZoneAxisName = keyof typeof ZONE_AXES;

/** Smallest vacuum kept above and below the atoms along the beam [Å] (as `buildSpecimen`). */
const VACUUM_ANG = 5;

/**
 * A rotation taking the crystal direction `axis` to the beam (+z), then turning the crystal about the
 * beam by a uniform angle, then tilting it by `tiltDeg` about a uniformly oriented in-plane axis.
 */
export function zoneAxisRotation(axis: ZoneAxisName, tiltDeg: number, rng: Rng): Mat3 {
  const [dx, dy, dz] = ZONE_AXES[axis];
  const n = Math.hypot(dx, dy, dz);
  // Bring `axis` to z: rotate about (axis × z) by the angle between them.
  const align = dx === 0 && dy === 0 ? identity() : axisAngle(dy / n, -dx / n, 0, Math.acos(dz / n));
  const spin = axisAngle(0, 0, 1, rng.range(0, 2 * Math.PI));
  const phi = rng.range(0, 2 * Math.PI);
  const tilt = axisAngle(Math.cos(phi), Math.sin(phi), 0, (tiltDeg * Math.PI) / 180);
  return multiply(tilt, multiply(spin, align));
}

/**
 * Turns the particle of a specimen (built with `randomOrientation: false`) by `rotation` about its
 * centroid, keeping its lateral centre and the face it shows the support: its support-side extreme stays
 * where it was, so the gap to the film is kept. The cell grows along z if the turned particle needs more
 * room (vacuum ≥ 0.5 nm on both sides).
 */
export function orientParticle(structure: Structure, rotation: Mat3, side: "entrance" | "exit"): Structure {
  const pos = Float64Array.from(structure.positionsAng);
  const particle: number[] = [];
  for (let a = 0; a < structure.numbers.length; a++)
    if (structure.region[a] === REGION.particle) particle.push(a);
  const c = [0, 0, 0];
  let zMin = Infinity;
  let zMax = -Infinity;
  for (const a of particle) {
    for (let k = 0; k < 3; k++) c[k] += pos[3 * a + k] / particle.length;
    zMin = Math.min(zMin, pos[3 * a + 2]);
    zMax = Math.max(zMax, pos[3 * a + 2]);
  }
  let newMin = Infinity;
  let newMax = -Infinity;
  for (const a of particle) {
    const x = pos[3 * a] - c[0];
    const y = pos[3 * a + 1] - c[1];
    const z = pos[3 * a + 2] - c[2];
    for (let k = 0; k < 3; k++) {
      pos[3 * a + k] = c[k] + rotation[3 * k] * x + rotation[3 * k + 1] * y + rotation[3 * k + 2] * z;
    }
    newMin = Math.min(newMin, pos[3 * a + 2]);
    newMax = Math.max(newMax, pos[3 * a + 2]);
  }
  // Entrance side: the particle's downstream face touches the gap above the film; exit side: its upstream one.
  const shift = side === "entrance" ? zMax - newMax : zMin - newMin;
  for (const a of particle) pos[3 * a + 2] += shift;
  let allMin = Infinity;
  let allMax = -Infinity;
  for (let i = 2; i < pos.length; i += 3) {
    allMin = Math.min(allMin, pos[i]);
    allMax = Math.max(allMax, pos[i]);
  }
  const lift = Math.max(0, VACUUM_ANG - allMin);
  if (lift > 0) for (let i = 2; i < pos.length; i += 3) pos[i] += lift;
  const cellZ = Math.max(structure.cellAng.z + lift, allMax + lift + VACUUM_ANG);
  return {
    ...structure,
    cellAng: { ...structure.cellAng, z: cellZ },
    positionsAng: pos,
    info: { ...structure.info, cellZNm: Math.round(cellZ * 1e5) / 1e6 },
  };
}
