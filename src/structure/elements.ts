/**
 * Element data the atomic models need: the fcc metals a particle may be made of (lattice constants of
 * physics.md §7) and the species of amorphous supports, with masses for densities and room-temperature
 * Debye–Waller factors for the Dr. Probe CEL format.
 */

/** The fcc metals nanocryst builds particles from. */
export const PARTICLE_ELEMENTS = ["Au", "Ag", "Pt", "Pd", "Cu"] as const;
/** Symbol of an fcc particle element. */
export type ElementSymbol = (typeof PARTICLE_ELEMENTS)[number];

/** Species an amorphous support can be made of. */
export const SUPPORT_SPECIES = ["C", "Si"] as const;
/** Symbol of a support species. */
export type SupportSpecies = (typeof SUPPORT_SPECIES)[number];

/** Facts about one fcc metal. */
export interface FccElement {
  readonly symbol: ElementSymbol;
  /** Atomic number Z. */
  readonly z: number;
  /** Cubic lattice constant a [Å] (physics.md §7). */
  readonly latticeConstantAng: number;
}

/** The fcc metals by symbol. */
export const FCC_ELEMENTS: Readonly<Record<ElementSymbol, FccElement>> = {
  Au: { symbol: "Au", z: 79, latticeConstantAng: 4.0782 },
  Ag: { symbol: "Ag", z: 47, latticeConstantAng: 4.0853 },
  Pt: { symbol: "Pt", z: 78, latticeConstantAng: 3.9242 },
  Pd: { symbol: "Pd", z: 46, latticeConstantAng: 3.8907 },
  Cu: { symbol: "Cu", z: 29, latticeConstantAng: 3.6149 },
};

// Symbols by atomic number (index = Z), up to U, for reading structure files with any species.
const SYMBOLS = (
  "X H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr " +
  "Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb " +
  "Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U"
).split(" ");

// Standard atomic weights [u] of the species nanocryst builds; others are not needed for densities.
const MASS_U: Readonly<Record<number, number>> = {
  6: 12.011,
  14: 28.085,
  29: 63.546,
  46: 106.42,
  47: 107.868,
  78: 195.084,
  79: 196.967,
};

// Isotropic Debye–Waller factors B at room temperature [Å²] (physics.md §2); 0.5 Å² where not listed.
const B_ISO_ANG2: Readonly<Record<number, number>> = { 6: 0.5, 14: 0.5, 79: 0.6 };

/** Atomic mass unit [g]. */
export const GRAM_PER_U = 1.6605390666e-24;

/** Element symbol for an atomic number, or undefined when unknown. */
export function symbolOf(z: number): string | undefined {
  return z >= 1 && z < SYMBOLS.length ? SYMBOLS[z] : undefined;
}

/** Atomic number for an element symbol (case as in the periodic table, e.g. "Au"), or 0 when unknown. */
export function atomicNumber(symbol: string): number {
  const z = SYMBOLS.indexOf(symbol);
  return Math.max(z, 0);
}

/** Atomic number of a support species. */
export function supportZ(species: SupportSpecies): number {
  return species === "C" ? 6 : 14;
}

/** Standard atomic mass [u] of Z; throws for species nanocryst never builds. */
export function atomicMassU(z: number): number {
  const m = MASS_U[z];
  if (m === undefined) throw new Error(`no atomic mass tabulated for Z = ${z}`);
  return m;
}

/** Room-temperature isotropic Debye–Waller factor B [Å²] used when writing CEL files. */
export function debyeWallerAng2(z: number): number {
  return B_ISO_ANG2[z] ?? 0.5;
}
