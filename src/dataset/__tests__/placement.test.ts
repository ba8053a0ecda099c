import { describe, expect, test } from "vitest";
import { Rng } from "../../core/index.js";
import { choosePlace } from "../fields/placement.js";

describe("placing particles in a field", () => {
  test("a touching placement lies within 2 px of its partner without overlapping it", () => {
    const size = 200;
    const instances = new Int32Array(size * size);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) if ((x - 100) ** 2 + (y - 100) ** 2 <= 400) instances[y * size + x] = 1;
    const w = 60;
    const mask = new Uint8Array(w * w);
    for (let y = 0; y < w; y++)
      for (let x = 0; x < w; x++) if ((x - 30) ** 2 + (y - 30) ** 2 <= 225) mask[y * w + x] = 1;
    const partner = { id: 1, touchesBorder: false } as Parameters<typeof choosePlace>[3][number];
    for (let k = 0; k < 5; k++) {
      const spot = choosePlace(
        { mask, width: w, height: w },
        instances,
        size,
        [partner],
        new Rng(["touch", k]),
        {
          touching: true,
          border: false,
          gapPx: 10,
        },
      );
      expect(spot?.touching).toBe(true);
      let gap = Infinity;
      for (let p = 0; p < mask.length; p++) {
        if (!mask[p]) continue;
        const x = spot!.column + (p % w);
        const y = spot!.row + Math.floor(p / w);
        expect(instances[y * size + x]).toBe(0);
        gap = Math.min(gap, Math.hypot(x - 100, y - 100) - 20);
      }
      expect(gap).toBeLessThan(2.5);
    }
  });
});
