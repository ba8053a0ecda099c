/** Unit conversions at the boundary between the user interface (nm) and the physics code (Å). */

/** Ångström per nanometre. */
export const ANGSTROM_PER_NM = 10;

/** @param nm length [nm] @returns length [Å] */
export function nmToAngstrom(nm: number): number {
  return nm * ANGSTROM_PER_NM;
}

/** @param angstrom length [Å] @returns length [nm] */
export function angstromToNm(angstrom: number): number {
  return angstrom / ANGSTROM_PER_NM;
}

/** @param um length [µm] @returns length [Å] */
export function umToAngstrom(um: number): number {
  return um * 1e4;
}

/** @param mrad angle [mrad] @returns angle [rad] */
export function mradToRad(mrad: number): number {
  return mrad * 1e-3;
}
