import { describe, expect, it } from "vitest";
import { architecture, branchLayers } from "../architecture.js";
import { ModelJsonSchema } from "../model.js";
import { parameterSpecs } from "../weights.js";

describe("architecture stages", () => {
  it("pools once per stage boundary, after the last convolution of the stage", () => {
    expect(branchLayers([8, 16, 32], 2)).toEqual([
      { channels: 8, poolAfter: false },
      { channels: 8, poolAfter: true },
      { channels: 16, poolAfter: false },
      { channels: 16, poolAfter: true },
      { channels: 32, poolAfter: false },
      { channels: 32, poolAfter: false },
    ]);
    expect(branchLayers([8, 16], 1)).toEqual([
      { channels: 8, poolAfter: true },
      { channels: 16, poolAfter: false },
    ]);
  });

  it("chains channel counts through the deeper stages and keeps one-convolution names", () => {
    const deep = architecture("deep", 3, 128);
    const specs = new Map(parameterSpecs(deep).map((s) => [s.name, s.shape]));
    // 4×4 space-to-depth gives 16 input channels, the lattice maps 4 more; each convolution's input is the
    // previous one's output
    expect(specs.get("image.0.w")).toEqual([9 * (16 + 4), 24]);
    expect(specs.get("spectrum.0.w")).toEqual([9 * 4, 12]);
    expect(specs.get("image.1.w")).toEqual([9 * 24, 24]);
    expect(specs.get("image.2.w")).toEqual([9 * 24, 48]);
    expect(specs.get("image.5.w")).toEqual([9 * 96, 96]);
    expect(specs.has("image.6.w")).toBe(false);
    expect(specs.get("dense.w")).toEqual([2 * (96 + 48), 3]);
    const wide = new Map(parameterSpecs(architecture("wide", 3, 128)).map((s) => [s.name, s.shape]));
    expect(wide.get("image.1.w")).toEqual([9 * 24, 48]);
  });

  it("reads a model.json written before convsPerStage existed as one convolution per stage", () => {
    const { convsPerStage: _, latticeMaps: __, latticePhase: ___, ...old } = architecture("wide", 3, 128);
    const json = {
      format: "nanocryst-model",
      version: 1,
      classes: ["amorphous", "monocrystalline", "polycrystalline"],
      architecture: old,
      input: { pixelSizeNm: 0.04, cropPx: 128, normalisation: "z", spectrum: "log" },
    };
    expect(ModelJsonSchema.parse(json).architecture.convsPerStage).toBe(1);
    // nor lattice maps, which came later still
    expect(ModelJsonSchema.parse(json).architecture.latticeMaps).toBe(0);
    expect(ModelJsonSchema.parse(json).architecture.latticePhase).toBe(false);
  });
});
