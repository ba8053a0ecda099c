/** Spherical cut-outs of a perfect fcc crystal (the paper's "fcc cut-outs"). */
import { fccSites } from "../lattice.js";
import { AtomList, type Particle } from "../particle.js";

/**
 * All fcc sites within `diameterAng`/2 of a lattice site at the origin, cubic axes along x, y, z; one
 * crystal domain (0).
 * @param latticeConstantAng cubic lattice constant a [Å]
 * @param diameterAng sphere diameter [Å]
 */
export function fccSphere(latticeConstantAng: number, diameterAng: number): Particle {
  const r = diameterAng / 2;
  const sites = fccSites(latticeConstantAng, r);
  const r2 = r * r * (1 + 1e-9);
  const atoms = new AtomList();
  for (let i = 0; i < sites.length; i += 3) {
    const x = sites[i];
    const y = sites[i + 1];
    const z = sites[i + 2];
    if (x * x + y * y + z * z <= r2) atoms.push(x, y, z, 0);
  }
  return atoms.toParticle({ sphereDiameterNm: diameterAng / 10 });
}
