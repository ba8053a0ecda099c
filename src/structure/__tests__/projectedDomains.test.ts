import { describe, expect, it } from "vitest";
import { projectedDomainShares } from "../projectedDomains.js";
import { REGION, type Structure } from "../structure.js";

/** Atoms on a 1 Å grid filling each box [x0, x1) × [y0, y1) × [z0, z1) (Å), with the box's domain. */
function blocks(boxes: { x: [number, number]; y: [number, number]; z: [number, number]; domain: number }[]) {
  const positions: number[] = [];
  const domains: number[] = [];
  for (const b of boxes)
    for (let z = b.z[0]; z < b.z[1]; z++)
      for (let y = b.y[0]; y < b.y[1]; y++)
        for (let x = b.x[0]; x < b.x[1]; x++) {
          positions.push(x + 0.5, y + 0.5, z + 0.5);
          domains.push(b.domain);
        }
  const n = domains.length;
  const structure: Structure = {
    cellAng: { x: 40, y: 40, z: 40 },
    numbers: new Uint8Array(n).fill(79),
    positionsAng: Float64Array.from(positions),
    region: new Uint8Array(n).fill(REGION.particle),
    domain: Int16Array.from(domains),
    info: {},
  };
  return structure;
}

describe("projected domain shares", () => {
  it("give a single crystal the whole projection", () => {
    expect(projectedDomainShares(blocks([{ x: [0, 20], y: [0, 20], z: [0, 20], domain: 0 }]))).toEqual([1]);
  });

  it("split the projection of two domains side by side by their areas", () => {
    const shares = projectedDomainShares(
      blocks([
        { x: [0, 30], y: [0, 20], z: [0, 20], domain: 0 },
        { x: [30, 40], y: [0, 20], z: [0, 20], domain: 1 },
      ]),
    );
    expect(shares).toEqual([0.75, 0.25]);
  });

  it("give a domain lying under another along the beam no area of its own, nor the one above where they overlap", () => {
    // domain 1 under the right half of domain 0: those columns hold both lattices half and half
    const shares = projectedDomainShares(
      blocks([
        { x: [0, 40], y: [0, 20], z: [0, 10], domain: 0 },
        { x: [20, 40], y: [0, 20], z: [10, 20], domain: 1 },
      ]),
    );
    expect(shares).toEqual([0.5, 0]);
  });

  it("leave out the support and amorphous atoms", () => {
    const s = blocks([
      { x: [0, 20], y: [0, 20], z: [0, 10], domain: 0 },
      { x: [20, 40], y: [0, 20], z: [0, 10], domain: -1 },
    ]);
    expect(projectedDomainShares(s)).toEqual([1]);
    s.region.fill(REGION.support);
    expect(projectedDomainShares(s)).toEqual([]);
  });
});
