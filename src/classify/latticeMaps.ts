import { Fft2d } from "../core/index.js";

/** Lattice spacings whose reflections are looked for [nm]: gold d111 = 0.235 nm down to d311 = 0.123 nm. */
export const LATTICE_SPACING_NM = { min: 0.11, max: 0.3 } as const;

/**
 * Width of the Gaussian around each peak [nm⁻¹]: the envelope is resolved to 1/(2π·0.5) ≈ 0.32 nm, finer
 * than the 1 nm domains of a twinned 2 nm particle, while the filter still holds the spot of a 1 nm crystal.
 */
export const LATTICE_PEAK_SIGMA_PER_NM = 0.5;

/**
 * Lattice-fringe maps recorded in `model.json`: where in the particle each of its strongest lattice
 * reflections is, i.e. the amplitude half of geometric phase analysis (Hÿtch, Snoeck & Kilaas 1998).
 *
 * A single crystal shows each of its reflections over the whole particle, a polycrystal shows different
 * reflections in different domains. The power spectrum says which reflections exist but not where, and a
 * few convolutions cannot compare fringe directions across a 3 nm particle, so the image branch is handed
 * the answer: for the K strongest spectral peaks g (one of each ±g pair) at lattice spacings
 * {@link LATTICE_SPACING_NM}, the envelope |Σ_k F(k) G(k − g) e^{2πi k·r}| with a Gaussian G of width
 * {@link LATTICE_PEAK_SIGMA_PER_NM}, on the image branch's stem grid, scaled so that a fringe
 * a·cos(2π g·r) gives the value a. Maps are ordered by peak strength; missing peaks give zero maps.
 */
export const LATTICE_MAPS = `GPA amplitude of the K strongest spectral peaks at ${LATTICE_SPACING_NM.min.toFixed(2)}-${LATTICE_SPACING_NM.max.toFixed(2)} nm spacing (Gaussian sigma ${LATTICE_PEAK_SIGMA_PER_NM} /nm), on the stem grid, fringe amplitude units`;

/**
 * The phase half of geometric phase analysis, recorded in `model.json` when a model uses it: after the K
 * amplitude maps, K maps of how far the local lattice is from the peak's g. The GPA phase P(r) of the
 * envelope H = A·e^{iP} has gradient 2π(g(r) − g), so |g(r) − g| = |Im(H* ∇H)| / (2π A²). Two grains whose
 * reflections lie within one filter width share one amplitude map, uniform over both, and only differ
 * here: the grain at the peak gives ≈ 0, the other its offset (0.4 nm⁻¹ for a 5° turn of d111). The map is
 * A·|g(r) − g|/σ, which is bounded by |∇H|/(2πσ) where the fringes fade and the phase is noise.
 */
export const LATTICE_PHASE_MAPS = `then K maps of A |g(r) - g| / sigma, the GPA phase gradient (local reflection offset) weighted by the amplitude A`;

/**
 * Two peaks closer than this [nm⁻¹] are one reflection (a 1 nm crystal's spot is ≈ 1 nm⁻¹ wide); at 3σ
 * the filter of one peak holds e^{−4.5} ≈ 1 % of its neighbour's amplitude.
 */
export const PEAK_SEPARATION_PER_NM = 1.5;

/** Reusable buffers for {@link latticeMaps} at one input size and grid. */
export class LatticeWorkspace {
  readonly fft: Fft2d;
  readonly spectrum: Float64Array;
  readonly power: Float64Array;
  readonly gridFft: Fft2d;
  readonly envelope: Float64Array;
  /** The envelope's derivatives along x and y on the grid (phase maps). */
  readonly slopeX: Float64Array;
  readonly slopeY: Float64Array;
  /** (u mod n) for u in −n … 2n−1, at index u + n: signed frequencies to array indices without `%`. */
  readonly wrap: Int32Array;
  /** Local maxima found so far: (u, v, 3×3 power) triples; a half-plane holds at most n²/2 of them. */
  readonly candidates: Float64Array;
  private filterPixelSizeNm = Number.NaN;
  /** Per baseband offset (a, b): the Gaussian times the block-centre phase, interleaved re/im, m² entries. */
  private filter: Float64Array;
  /**
   * @param sizePx side of the network input [px]
   * @param gridPx side of the stem grid the maps are sampled on [px] (sizePx divisible by it)
   */
  constructor(
    readonly sizePx: number,
    readonly gridPx: number,
  ) {
    this.fft = new Fft2d(sizePx, sizePx);
    this.spectrum = this.fft.allocate();
    this.power = new Float64Array(sizePx * sizePx);
    this.gridFft = new Fft2d(gridPx, gridPx);
    this.envelope = this.gridFft.allocate();
    this.slopeX = this.gridFft.allocate();
    this.slopeY = this.gridFft.allocate();
    this.wrap = Int32Array.from({ length: 3 * sizePx }, (_, i) => i % sizePx);
    this.candidates = new Float64Array((3 * sizePx * sizePx) / 2);
    this.filter = new Float64Array(2 * gridPx * gridPx);
  }

  /**
   * The demodulation filter for images of `pixelSizeNm`, laid out like the grid FFT's input: the Gaussian
   * G(κ) of width {@link LATTICE_PEAK_SIGMA_PER_NM} times e^{2πi κ·c/n}, which puts the grid's samples at
   * the block centres r = s·j + c, c = (s − 1)/2.
   */
  filterFor(pixelSizeNm: number): Float64Array {
    if (pixelSizeNm === this.filterPixelSizeNm) return this.filter;
    const { sizePx: n, gridPx: m, filter } = this;
    const sigma = LATTICE_PEAK_SIGMA_PER_NM * n * pixelSizeNm;
    const centre = (n / m - 1) / 2;
    for (let b = -m / 2; b < m / 2; b++)
      for (let a = -m / 2; a < m / 2; a++) {
        const g = Math.exp(-(a * a + b * b) / (2 * sigma * sigma));
        const phase = (2 * Math.PI * (a + b) * centre) / n;
        const k = 2 * (((b + m) % m) * m + ((a + m) % m));
        filter[k] = g * Math.cos(phase);
        filter[k + 1] = g * Math.sin(phase);
      }
    this.filterPixelSizeNm = pixelSizeNm;
    return filter;
  }
}

/**
 * The K lattice-fringe maps (see {@link LATTICE_MAPS}) of a normalised `sizePx²` image, channel-first
 * `[count, gridPx, gridPx]`, followed with `phase` by the K phase maps ({@link LATTICE_PHASE_MAPS}); grid
 * cell (i, j) is the centre of the image's stem block (i, j).
 * @param pixelSizeNm the image's pixel size [nm]
 * @param count number of reflections K
 * @param phase whether to add the phase maps
 */
export function latticeMaps(
  image: Float32Array,
  ws: LatticeWorkspace,
  pixelSizeNm: number,
  count: number,
  phase = false,
): Float32Array {
  const { sizePx: n, gridPx: m, spectrum, power, envelope, slopeX, slopeY, wrap } = ws;
  const out = new Float32Array((phase ? 2 : 1) * count * m * m);
  if (count === 0) return out;
  for (let i = 0; i < n * n; i++) {
    spectrum[2 * i] = image[i];
    spectrum[2 * i + 1] = 0;
  }
  ws.fft.forward(spectrum);
  for (let i = 0; i < n * n; i++) power[i] = spectrum[2 * i] ** 2 + spectrum[2 * i + 1] ** 2;
  const perNm = n * pixelSizeNm; // frequency pixels per nm⁻¹
  const peaks = strongestPeaks(power, ws, {
    minRadius: perNm / LATTICE_SPACING_NM.max,
    maxRadius: Math.min(perNm / LATTICE_SPACING_NM.min, n / 2 - 2),
    separation: PEAK_SEPARATION_PER_NM * perNm,
    count,
  });
  const filter = ws.filterFor(pixelSizeNm);
  // i·κ/σ per baseband offset, so that Im(H*·slope)/|H|² is (g(r) − g)/σ along each axis
  const sigmaPx = LATTICE_PEAK_SIGMA_PER_NM * perNm;
  // the m-point inverse DFT divides by m²; the fringe a·cos gives a·n²/2 at its peak
  const scale = (2 * m * m) / (n * n);
  const phaseOffset = count * m * m;
  peaks.forEach(([pu, pv], k) => {
    for (let b = -m / 2; b < m / 2; b++) {
      const row = wrap[pv + b + n] * n;
      for (let a = -m / 2; a < m / 2; a++) {
        const src = 2 * (row + wrap[pu + a + n]);
        const f = 2 * (((b + m) % m) * m + ((a + m) % m));
        const re = spectrum[src];
        const im = spectrum[src + 1];
        const fre = re * filter[f] - im * filter[f + 1];
        const fim = re * filter[f + 1] + im * filter[f];
        envelope[f] = fre;
        envelope[f + 1] = fim;
        if (!phase) continue;
        slopeX[f] = (-fim * a) / sigmaPx;
        slopeX[f + 1] = (fre * a) / sigmaPx;
        slopeY[f] = (-fim * b) / sigmaPx;
        slopeY[f + 1] = (fre * b) / sigmaPx;
      }
    }
    ws.gridFft.inverse(envelope);
    if (phase) {
      ws.gridFft.inverse(slopeX);
      ws.gridFft.inverse(slopeY);
    }
    for (let i = 0; i < m * m; i++) {
      const re = envelope[2 * i];
      const im = envelope[2 * i + 1];
      const amplitude = Math.sqrt(re * re + im * im);
      out[k * m * m + i] = scale * amplitude;
      if (!phase || amplitude === 0) continue;
      // Im(H*·S) = re·S_im − im·S_re
      const x = re * slopeX[2 * i + 1] - im * slopeX[2 * i];
      const y = re * slopeY[2 * i + 1] - im * slopeY[2 * i];
      out[phaseOffset + k * m * m + i] = (scale * Math.sqrt(x * x + y * y)) / amplitude;
    }
  });
  return out;
}

/**
 * The `count` strongest reflections within the annulus, one of each ±g pair, at least `separation` apart
 * (also from each other's −g), as signed frequencies (u, v) [px]: local maxima of the power, ranked by the
 * power of their 3×3 neighbourhood (a small crystal's spot spreads over several pixels).
 */
function strongestPeaks(
  power: Float64Array,
  ws: LatticeWorkspace,
  o: { minRadius: number; maxRadius: number; separation: number; count: number },
): [number, number][] {
  const { sizePx: n, wrap, candidates } = ws;
  const at = (u: number, v: number) => power[wrap[v + n] * n + wrap[u + n]];
  const r = Math.floor(o.maxRadius);
  const [min2, max2] = [o.minRadius ** 2, o.maxRadius ** 2];
  let found = 0;
  for (let v = 0; v <= r; v++)
    for (let u = -r; u <= r; u++) {
      if (v === 0 && u <= 0) continue;
      const radius2 = u * u + v * v;
      if (radius2 < min2 || radius2 > max2) continue;
      const p = at(u, v);
      let isMax = true;
      for (let dv = -1; dv <= 1 && isMax; dv++)
        for (let du = -1; du <= 1; du++)
          if (at(u + du, v + dv) > p) {
            isMax = false;
            break;
          }
      if (!isMax) continue;
      let sum = 0;
      for (let dv = -1; dv <= 1; dv++) for (let du = -1; du <= 1; du++) sum += at(u + du, v + dv);
      candidates[3 * found] = u;
      candidates[3 * found + 1] = v;
      candidates[3 * found + 2] = sum;
      found++;
    }
  const order = Array.from({ length: found }, (_, i) => i).sort(
    (i, j) => candidates[3 * j + 2] - candidates[3 * i + 2],
  );
  const picked: [number, number][] = [];
  const d2 = o.separation * o.separation;
  for (const i of order) {
    if (picked.length === o.count) break;
    const u = candidates[3 * i];
    const v = candidates[3 * i + 1];
    const far = picked.every(
      ([pu, pv]) => (u - pu) ** 2 + (v - pv) ** 2 >= d2 && (u + pu) ** 2 + (v + pv) ** 2 >= d2,
    );
    if (far) picked.push([u, v]);
  }
  return picked;
}
