/** HRTEM image simulation by multislice (physics.md §1–5): the public API of `simulate/`. */
export { type Aberrations, aberrationPhase, scherzerDefocusAng } from "./aberrations.js";
export { type BatchOptions, type SimulationJob, simulateBatch } from "./batch.js";
export { focalPoints, focusSpreadRms, gaussHermite, spatialEnvelope, temporalEnvelope } from "./coherence.js";
export { addShotNoise, type Mtf, outputSize, resampleIntensity } from "./detector.js";
export { interactionSigma, wavelengthAng } from "./electron.js";
export { coherenceEnvelope, INFORMATION_LIMIT_ENVELOPE } from "./envelope.js";
export { type Grid, gridSizeFor, makeGrid } from "./grid.js";
export { type SimulatedImage, simulateImage, simulationGrid } from "./image.js";
export { TEMPORAL_COHERENCE_MODELS, type TemporalCoherenceModel } from "./lens.js";
export { particleMask } from "./mask.js";
export {
  loadMicroscope,
  MICROSCOPE_PRESETS,
  type Microscope,
  type MicroscopeInput,
  MicroscopeSchema,
  parseMicroscope,
  TITAN_300KV,
} from "./microscope.js";
export { type SimulationOptions, type SimulationOptionsInput, SimulationOptionsSchema } from "./options.js";
export { DEFAULT_DEBYE_WALLER_ANG2, THERMAL_MODELS, type ThermalModel } from "./phonons.js";
export { PARAMETRIZATIONS, type Parametrization, scatteringFactor } from "./scattering.js";
