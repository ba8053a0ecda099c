import type { Command } from "commander";
import { NanocrystError, usageError, writeFileAtomic } from "../../core/index.js";
import { classificationsCsv, classificationsJson, classifyFiles, loadModel } from "../../classify/index.js";
import { LATTICE_RESOLVING_PIXEL_NM } from "../../classify/segmentation/index.js";
import {
  locatorOptions,
  parseChoice,
  parseViews,
  parseNumber,
  parsePositive,
  WINDOWS_HELP,
  withLocatorOptions,
} from "../options.js";
import { reportFailure } from "../exitCodes.js";

/** Unclassifiable images listed one line each on stderr; the rest are counted. */
const REPORTED_FAILURES = 10;

/** `nanocryst classify`: crystallinity of single-particle images (design.md). */
export function registerClassify(program: Command): void {
  const command = program
    .command("classify")
    .description("Classify single-particle images as amorphous / monocrystalline / polycrystalline")
    .argument(
      "<image-or-dir...>",
      "particle images (TIFF, PNG, JPEG, DM3/DM4, MRC, SER, EMD, NPY) or folders of them",
    )
    .option("--model <dir>", "model folder (default: the shipped 3-class model)")
    .option("--pixel-size <nm>", "pixel size for images without calibration [nm]")
    .option(
      "--mask <file-or-dir>",
      "particle mask (same size, non-zero = particle), or a folder of masks named like the images",
    )
    .option("--threshold <p>", "omission rule: top probability below this gives 'unknown' (0..1)", "0.8")
    .option("--format <f>", "csv or json", "csv")
    .option(
      "--views <n>",
      "symmetry views averaged per particle: 1 (fastest) or 8 (default: the model's own)",
    )
    .option("--no-windows", WINDOWS_HELP)
    .option("--out <file>", "write here instead of stdout");
  withLocatorOptions(command).action(async (paths: string[], opts) => {
    const format = parseChoice("--format", opts.format, ["csv", "json"] as const);
    const threshold = parseNumber("--threshold", opts.threshold);
    if (threshold < 0 || threshold > 1)
      throw usageError(`--threshold must lie in 0..1, got ${opts.threshold}`);
    const pixelSizeNm =
      opts.pixelSize === undefined ? undefined : parsePositive("--pixel-size", opts.pixelSize);
    const locator = locatorOptions(opts);
    const model = await loadModel(opts.model);
    try {
      const views = opts.views ? parseViews(opts.views) : undefined;
      // with several images, one that cannot be classified is reported and the others still are
      const unreadable: NanocrystError[] = [];
      const rows = await classifyFiles(model, paths, {
        onUnreadable: (_, error) => unreadable.push(error),
        pixelSizeNm,
        mask: opts.mask,
        threshold,
        views,
        windows: opts.windows,
        ...locator,
      });
      if (rows.length === 0 && unreadable.length === 1) throw unreadable[0];
      for (const error of unreadable.slice(0, REPORTED_FAILURES))
        reportFailure(error, (line) => process.stderr.write(`${line}\n`));
      const failed = () =>
        new NanocrystError(
          "input",
          `${unreadable.length} of ${rows.length + unreadable.length} images could not be classified${unreadable.length > REPORTED_FAILURES ? ` (the first ${REPORTED_FAILURES} are listed)` : ""}`,
        );
      if (rows.length === 0) throw failed();
      const text =
        format === "csv" ? classificationsCsv(rows, model.classes) : classificationsJson(rows, model.classes);
      if (opts.out) writeFileAtomic(opts.out, text);
      else process.stdout.write(text);
      const coarse = rows.filter((r) => r.pixelSizeNm > LATTICE_RESOLVING_PIXEL_NM);
      if (coarse.length > 0) {
        const coarsest = Math.max(...coarse.map((r) => r.pixelSizeNm));
        process.stderr.write(
          `warning: ${coarse.length} of ${rows.length} images have pixels coarser than ${LATTICE_RESOLVING_PIXEL_NM} nm (up to ${coarsest.toPrecision(3)} nm, e.g. ${coarse[0].file}): lattice fringes are not resolved there and their classes are unreliable\n`,
        );
      }
      if (unreadable.length > 0) throw failed();
    } finally {
      model.engine.dispose();
    }
  });
}
