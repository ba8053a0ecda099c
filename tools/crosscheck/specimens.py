"""Specimens of the cross-check simulator: Au spheres (mono- and polycrystalline, amorphous) and amorphous supports.

Lengths in Angstrom; every random draw comes from the numpy Generator passed in.
"""
import numpy as np
from scipy.spatial import cKDTree
from scipy.spatial.transform import Rotation

A_AU = 4.078            # fcc lattice constant, A
RHO_FCC_AU = 4.0 / A_AU ** 3   # atoms / A^3  (= 58.98 / nm^3)


def kept_apart(points, dmin, boxsize=None):
    """Which points to keep so that none lies within dmin of an earlier kept one (greedy, in index order)."""
    keep = np.ones(len(points), bool)
    if len(points) < 2:
        return keep
    pairs = cKDTree(points, boxsize=boxsize).query_pairs(dmin, output_type="ndarray")
    if len(pairs):
        pairs = np.sort(pairs, axis=1)
        pairs = pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
        for i, j in pairs:
            if keep[i]:
                keep[j] = False
    return keep


def rsa(sampler, n_target, dmin, boxsize=None, stop_reject=0.999, max_batches=3000):
    """Random sequential addition (exact sequential order, batched)."""
    pts = np.zeros((0, 3))
    for _ in range(max_batches):
        need = n_target - len(pts)
        if need <= 0:
            break
        m = int(min(max(3 * need, 2000), 40000))
        cand = sampler(m)
        ok = np.ones(m, bool)
        if len(pts):
            d, _ = cKDTree(pts, boxsize=boxsize).query(cand, distance_upper_bound=dmin)
            ok = d >= dmin
        idx = np.nonzero(ok)[0]
        c = cand[idx]
        new = c[kept_apart(c, dmin, boxsize)][:need]
        pts = np.vstack([pts, new])
        if 1 - len(new) / m > stop_reject and len(new) < need:
            break
    return pts


def random_rotation(rng):
    q = rng.normal(size=4)
    return Rotation.from_quat(q / np.linalg.norm(q)).as_matrix()


def zone_rotation(rng, zone):
    z = np.array(zone, float)
    z /= np.linalg.norm(z)
    e1 = np.array([0, 1.0, 0]) if zone == (1, 0, 0) else np.array([1.0, -1.0, 0]) / np.sqrt(2)
    e2 = np.cross(z, e1)
    R_align = np.vstack([e1, e2, z])            # crystal -> lab, zone -> +z
    th = np.deg2rad(rng.uniform(0, 3.0))
    ps = rng.uniform(0, 2 * np.pi)
    R_tilt = Rotation.from_rotvec(th * np.array([np.cos(ps), np.sin(ps), 0])).as_matrix()
    gm = rng.uniform(0, 2 * np.pi)
    R_z = Rotation.from_rotvec([0, 0, gm]).as_matrix()
    return R_z @ R_tilt @ R_align


def orientation(rng):
    """Half random 3-D rotation, half low-index zone axis ([110] or [100])."""
    if rng.random() < 0.5:
        return random_rotation(rng), "random"
    zone = (1, 1, 0) if rng.random() < 0.5 else (1, 0, 0)
    return zone_rotation(rng, zone), "zone" + "".join(map(str, zone))


def fcc_sphere(rng, radius, R):
    m = int(np.ceil(radius / A_AU)) + 2
    n = np.arange(-m, m + 1)
    cells = np.stack(np.meshgrid(n, n, n, indexing="ij"), -1).reshape(-1, 3)
    basis = np.array([[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]])
    pos = (cells[:, None, :] + basis[None]).reshape(-1, 3) * A_AU
    pos = pos + rng.uniform(0, A_AU, 3)          # random lattice offset
    pos = pos[np.linalg.norm(pos, axis=1) <= radius]
    return pos @ R.T


def random_unit(rng):
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def make_particle(rng, cls, radius):
    """Returns positions (A, centred at origin), orientation string, n_domains."""
    if cls == "monocrystalline":
        R, ori = orientation(rng)
        return fcc_sphere(rng, radius, R), ori, 1
    if cls == "polycrystalline":
        doms, oris = [], []
        for _ in range(2):
            R, o = orientation(rng)
            doms.append(fcc_sphere(rng, radius, R))
            oris.append(o)
        n1 = random_unit(rng)
        s1 = rng.uniform(0, radius / 2)
        parts = [doms[0][doms[0] @ n1 < s1], doms[1][doms[1] @ n1 >= s1]]
        if rng.random() < 0.5:
            R, o = orientation(rng)
            d3 = fcc_sphere(rng, radius, R)
            oris.append(o)
            while True:
                n2 = random_unit(rng)
                if abs(n2 @ n1) < np.cos(np.deg2rad(20)):
                    break
            s2 = rng.uniform(0, radius / 2)
            parts = [p[p @ n2 < s2] for p in parts] + [d3[d3 @ n2 >= s2]]
        ndom = sum(1 for p in parts if len(p) > 0)
        pos = np.vstack(parts)
        pos = pos[kept_apart(pos, 2.0)]
        return pos, "+".join(oris), ndom
    # amorphous
    V = 4 / 3 * np.pi * radius ** 3
    n_target = int(round(0.85 * RHO_FCC_AU * V))

    def sampler(m):
        d = rng.normal(size=(m, 3))
        d /= np.linalg.norm(d, axis=1, keepdims=True)
        return d * radius * rng.random(m)[:, None] ** (1 / 3)
    return rsa(sampler, n_target, 2.48), "none", 0


def make_support(rng, L, thick, kind):
    """Amorphous slab L x L x thick (A), periodic laterally, z in [0, thick)."""
    if kind == "C":
        rho, dmin, mass = 2.0, 1.2, 12.011
    else:
        rho, dmin, mass = 2.3, 2.0, 28.0855
    n_per_A3 = rho / mass * 6.02214076e23 * 1e-24
    n_target = int(round(n_per_A3 * L * L * thick))
    zbox = thick + 2 * dmin + 1.0

    def sampler(m):
        p = rng.random((m, 3)) * np.array([L, L, thick])
        return np.minimum(p, np.array([L, L, zbox]) * (1 - 1e-12))
    return rsa(sampler, n_target, dmin, boxsize=[L, L, zbox])
