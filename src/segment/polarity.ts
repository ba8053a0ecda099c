/** Whether particles are darker or brighter than the support, or to decide from the image. */
export const POLARITIES = ["dark", "bright", "auto"] as const;
/** One of `POLARITIES`. */
export type Polarity = (typeof POLARITIES)[number];

/**
 * Decides the particle polarity of a band-passed image from the skewness of its values: particles cover a
 * minority of the field, so they form the long tail of the distribution — negative skew for dark particles
 * (bright-field HRTEM near Scherzer focus), positive for bright ones (HAADF, some defoci).
 */
export function polarityFromSkewness(values: Float32Array): "dark" | "bright" {
  let mean = 0;
  for (let p = 0; p < values.length; p++) mean += values[p];
  mean /= values.length;
  let m2 = 0;
  let m3 = 0;
  for (let p = 0; p < values.length; p++) {
    const d = values[p] - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  return m3 < 0 || m2 === 0 ? "dark" : "bright";
}
