/** Atomic models: particles of every kind the paper uses, supports, specimens and structure files. */
export {
  atomicNumber,
  type ElementSymbol,
  FCC_ELEMENTS,
  PARTICLE_ELEMENTS,
  SUPPORT_SPECIES,
  type SupportSpecies,
  symbolOf,
} from "./elements.js";
export {
  formatStructure,
  parseStructure,
  readStructure,
  STRUCTURE_FORMATS,
  type StructureFormat,
  structureFormatOf,
  writeStructure,
} from "./formats/index.js";
export { equivalentDiameterAng, fccNumberDensity, fccSites, nearestNeighbourAng } from "./lattice.js";
export { boundingRadiusAng, domainCount, type Particle } from "./particle.js";
export {
  type DistinctDomainOptions,
  type ProjectedDomainLooks,
  projectedDomainLooks,
} from "./domainLooks.js";
export { domainRotations } from "./domainOrientation.js";
export {
  PROJECTED_CELL_NM,
  type ProjectedDomainAreas,
  projectedDomainAreas,
  projectedDomainShares,
  sharesLargestFirst,
} from "./projectedDomains.js";
export {
  ALL_FRINGE_FAMILIES,
  FINER_FRINGE_FAMILIES,
  FRINGE_FAMILIES,
  type FringeFamily,
  type FringeVisibilityOptions,
  type VisibleReflection,
  visibleFringeFamilies,
  visibleReflections,
} from "./fringes.js";
export { axisAngle, identity, type Mat3, multiply, randomRotation, rotatePositions } from "./rotation.js";
export {
  buildParticle,
  type Crystallinity,
  type ParticleOptions,
  SHAPE_CRYSTALLINITY,
  SHAPE_DESCRIPTIONS,
  type ShapeName,
  STRUCTURE_SHAPES,
} from "./shapes/index.js";
export { amorphousSphere } from "./shapes/amorphous.js";
export { type DecahedronFacets, decahedron, inoFacets, marksFacets } from "./shapes/decahedron.js";
export { mackayAtomCount, mackayIcosahedron } from "./shapes/icosahedron.js";
export { type PolycrystalOptions, polycrystal } from "./shapes/polycrystal.js";
export { fccSphere } from "./shapes/sphere.js";
export { twinnedSphere } from "./shapes/twin.js";
export {
  type FacetDistances,
  presetFacets,
  WULFF_PRESETS,
  type WulffPreset,
  wulffPolyhedron,
} from "./shapes/wulff.js";
export {
  buildSpecimen,
  DEFAULT_BOX_NM,
  DEFAULT_GAP_NM,
  DEFAULT_SUPPORT_THICKNESS_NM,
  LATERAL_MARGIN_NM,
  type SpecimenOptions,
  type SupportChoice,
  VACUUM_NM,
} from "./specimen.js";
export { buildSupport, CARBON_DENSITY_G_PER_CM3, type Support, type SupportOptions } from "./support.js";
export { atomCount, REGION, REGION_NAMES, type RegionName, type Structure } from "./structure.js";
