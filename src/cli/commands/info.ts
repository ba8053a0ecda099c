import type { Command } from "commander";
import { NanocrystError } from "../../core/index.js";
import { finiteStatistics, type Micrograph, readMicrograph } from "../../io/index.js";
import { reportFailure } from "../exitCodes.js";
import { parseCount, parsePositive } from "../options.js";

function formatNumber(v: number): string {
  return Number.isInteger(v)
    ? String(v)
    : v
        .toPrecision(6)
        .replace(/\.?0+$/, "")
        .replace(/\.?0+e/, "e");
}

/** The mean, and the count of pixels without data only where there are some. */
function withMissing({ mean, missing }: { mean: number; missing: number }): Record<string, number> {
  return missing > 0 ? { mean, missingPixels: missing } : { mean };
}

/** The `--json` record (design.md contract keys). */
function record(file: string, m: Micrograph): Record<string, unknown> {
  return {
    file,
    kind: m.kind,
    width: m.width,
    height: m.height,
    frames: m.frames,
    dtype: m.dtype,
    pixelSizeNm: m.pixelSizeNm ? { x: m.pixelSizeNm.x, y: m.pixelSizeNm.y } : null,
    ...withMissing(finiteStatistics(m.data)),
    metadata: m.metadata,
  };
}

/** One human line: what the reader understood. */
function line(file: string, m: Micrograph): string {
  const parts = [
    `${m.kind} ${m.width}×${m.height}${m.frames > 1 ? `×${m.frames} frames` : ""}`,
    m.dtype,
    m.source.format,
  ];
  const p = m.pixelSizeNm;
  if (p)
    parts.push(
      p.x === p.y ? `${formatNumber(p.x)} nm/px` : `${formatNumber(p.x)}×${formatNumber(p.y)} nm/px`,
    );
  else if (m.metadata.reciprocalPixelSizePerNm)
    parts.push(`${formatNumber(m.metadata.reciprocalPixelSizePerNm.x)} 1/nm per px`);
  else parts.push("no pixel size");
  const { mean, missing } = finiteStatistics(m.data);
  parts.push(`mean ${formatNumber(mean)}`);
  if (missing > 0) parts.push(`${missing} pixels without data (NaN or infinite)`);
  const md = m.metadata;
  if (md.voltageKv !== undefined) parts.push(`${formatNumber(md.voltageKv)} kV`);
  if (md.magnification !== undefined) parts.push(`×${formatNumber(md.magnification)}`);
  if (md.exposureS !== undefined) parts.push(`${formatNumber(md.exposureS)} s`);
  if (md.instrument) parts.push(md.instrument);
  if (md.acquisitionDate) parts.push(md.acquisitionDate);
  return `${file}: ${parts.join(", ")}`;
}

/** `nanocryst info FILE... [--json]`: what the reader understood of each file, one line per file. */
export function registerInfo(program: Command): void {
  program
    .command("info")
    .description("Show what nanocryst reads from micrograph files: size, type, pixel size, key metadata")
    .argument("<file...>", "micrographs (DM3, DM4, TIFF, MRC, SER, EMD, HSPY, PNG, JPEG, NPY)")
    .option(
      "--json",
      "one JSON object per line (file, kind, width, height, frames, dtype, pixelSizeNm, mean, metadata)",
    )
    .option("--pixel-size <nm>", "pixel size to use instead of the file's [nm]")
    .option("--frame <n>", "frame of a stack to describe (0-based)", "0")
    .action(async (files: string[], opts: { json?: boolean; pixelSize?: string; frame: string }) => {
      const pixelSizeNm =
        opts.pixelSize === undefined ? undefined : parsePositive("--pixel-size", opts.pixelSize);
      const frame = parseCount("--frame", opts.frame);
      let failed = 0;
      for (const file of files) {
        try {
          const m = await readMicrograph(file, { pixelSizeNm, frame, allowNonImage: true });
          process.stdout.write(`${opts.json ? JSON.stringify(record(file, m)) : line(file, m)}\n`);
        } catch (error) {
          if (files.length === 1 || !(error instanceof NanocrystError) || error.kind === "internal")
            throw error;
          reportFailure(error, (text) => process.stderr.write(`${text}\n`));
          failed++;
        }
      }
      // The other files were reported above; exit 1 with a count of the failures.
      if (failed > 0)
        throw new NanocrystError("input", `${failed} of ${files.length} files could not be read`);
    });
}
