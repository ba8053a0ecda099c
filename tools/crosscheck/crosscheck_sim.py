#!/usr/bin/env python3
"""Independent HRTEM cross-check simulator for Au nanoparticles on amorphous supports.

Writes labelled single-particle images (NumPy .npy), their masks (8-bit PNG) and a manifest, to test
nanocryst's classifiers on images from a code that shares none of its code or conventions (README.md).
"""
import argparse
import csv
import os
import struct
import time
import zlib
from pathlib import Path

import numpy as np
from scipy.ndimage import binary_closing, binary_fill_holes
from scipy.spatial import cKDTree

import physics
from physics import Grid, detector, fourier_crop, image_intensity, wavelength
from specimens import make_particle, make_support

def particle_mask(pos_xy, n_out, px, r_disc=1.5):
    c = (np.arange(n_out) * px)
    X, Y = np.meshgrid(c, c)   # [iy, ix]
    pts = np.column_stack([X.ravel(), Y.ravel()])
    d, _ = cKDTree(pos_xy).query(pts, distance_upper_bound=r_disc)
    m = (d <= r_disc).reshape(n_out, n_out)
    m = binary_closing(m, structure=np.ones((3, 3), bool), iterations=1)
    m = binary_fill_holes(m)
    return (m * 255).astype(np.uint8)


def write_png_gray8(path, img):
    img = np.ascontiguousarray(img, dtype=np.uint8)
    h, w = img.shape
    raw = b"".join(b"\x00" + img[i].tobytes() for i in range(h))

    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


# ----------------------------------------------------------------------------
def draw_instrument(rng):
    r = rng.random()
    if r < 0.5:
        kv, cs = 300.0, rng.uniform(-20e-6, 20e-6) * 1e10       # A
        df = rng.uniform(-80.0, 80.0)                           # A
        name = "300corr"
    else:
        kv, cs_mm = (300.0, 1.2) if r < 0.75 else (200.0, 1.0)
        cs = cs_mm * 1e7
        df = -1.2 * np.sqrt(cs * wavelength(kv)) * rng.uniform(0.9, 1.1)
        name = "%duncorr" % kv
    return dict(name=name, kv=kv, cs=cs, df=df,
                astig=rng.uniform(0, 20.0), astig_ang=rng.uniform(0, np.pi),
                focal_spread=rng.uniform(20.0, 40.0),
                alpha=rng.uniform(0.1e-3, 0.3e-3))


def simulate_one(rng, cls, px_nm, dose_opt, N=512, with_support=True, film_nm=(2.0, 6.0)):
    px = px_nm * 10.0                           # A
    diam = rng.uniform(15.0, 40.0)             # A
    radius = diam / 2
    n_out = int(np.ceil(max(60.0, diam + 30.0) / px - 1e-9))
    L = n_out * px
    ins = draw_instrument(rng)
    pos, ori, ndom = make_particle(rng, cls, radius)
    support = "aC" if rng.random() < 0.7 else "aSi"
    thick = rng.uniform(10.0 * film_nm[0], 10.0 * film_nm[1])
    if with_support:
        sup = make_support(rng, L, thick, "C" if support == "aC" else "Si")
    else:
        support, thick, sup = "none", 0.0, np.zeros((0, 3))
    # stack: particle first (top), then support; beam along +z
    p = pos + np.array([L / 2, L / 2, radius + 0.5])
    zs = p[:, 2].max() + 1.5
    s = sup + np.array([0, 0, zs])
    xyz = np.vstack([p, s])
    els = np.array(["Au"] * len(p) + ["C" if support == "aC" else "Si"] * len(s))
    g = Grid(L, N, ins["kv"])
    psi = g.multislice(xyz, els)
    I = image_intensity(g, psi, ins["df"], ins["cs"], ins["astig"], ins["astig_ang"],
                        ins["focal_spread"], ins["alpha"])
    I = fourier_crop(I, n_out)
    dose = np.inf if dose_opt == "inf" else float(np.exp(rng.uniform(np.log(1000), np.log(20000))))
    mtf_sigma = rng.uniform(0, 0.5)
    img = detector(rng, I, mtf_sigma, dose, px)
    mask = particle_mask(p[:, :2], n_out, px)
    meta = dict(diameter_nm=diam / 10, voltage_kV=ins["kv"], Cs_mm=ins["cs"] * 1e-7,
                defocus_nm=ins["df"] / 10, dose=dose, support=support,
                support_thickness_nm=thick / 10, orientation=ori, n_domains=ndom,
                pixel_size_nm=px_nm, n_atoms_au=len(p), astig_nm=ins["astig"] / 10,
                astig_angle_rad=ins["astig_ang"], focal_spread_nm=ins["focal_spread"] / 10,
                alpha_mrad=ins["alpha"] * 1e3, mtf_sigma_px=mtf_sigma, instrument=ins["name"],
                cell_nm=L / 10, sim_dx_nm=g.dx / 10)
    return img, mask, meta


CLASSES = ["amorphous", "monocrystalline", "polycrystalline"]
COLS = ["id", "class", "diameter_nm", "voltage_kV", "Cs_mm", "defocus_nm", "dose", "support",
        "support_thickness_nm", "orientation", "n_domains", "pixel_size_nm", "n_atoms_au",
        "astig_nm", "astig_angle_rad", "focal_spread_nm", "alpha_mrad", "mtf_sigma_px",
        "instrument", "cell_nm", "sim_dx_nm"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-class", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--pixel-size", type=float, required=True, help="output pixel size, nm")
    ap.add_argument("--dose", default="random", help="'inf' for noise-free images")
    ap.add_argument("--grid", type=int, default=512)
    ap.add_argument("--no-support", action="store_true", help="particles in vacuum, without a support film")
    ap.add_argument("--film", default="2:6", help="support film thickness range MIN:MAX, nm")
    ap.add_argument("--scattering", default=str(physics.LOBATO_FILE), help="Lobato & Van Dyck table (JSON)")
    a = ap.parse_args()
    physics.LOBATO_FILE = Path(a.scattering)
    film_nm = tuple(float(v) for v in a.film.split(":"))
    for c in CLASSES:
        os.makedirs(os.path.join(a.out, c), exist_ok=True)
        os.makedirs(os.path.join(a.out, "masks", c), exist_ok=True)
    children = np.random.SeedSequence(a.seed).spawn(len(CLASSES) * a.per_class)
    t0 = time.time()
    k = 0
    with open(os.path.join(a.out, "manifest.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLS)
        w.writeheader()
        for i in range(a.per_class):           # interleave classes
            for ci, cls in enumerate(CLASSES):
                idx = i * len(CLASSES) + ci
                rng = np.random.default_rng(children[idx])
                iid = "s%d_%05d" % (a.seed, idx)
                img, mask, meta = simulate_one(rng, cls, a.pixel_size, a.dose, N=a.grid,
                                               with_support=not a.no_support, film_nm=film_nm)
                np.save(os.path.join(a.out, cls, iid + ".npy"), img)
                write_png_gray8(os.path.join(a.out, "masks", cls, iid + ".png"), mask)
                meta.update(id=iid, **{"class": cls})
                w.writerow({c: (("%.6g" % meta[c]) if isinstance(meta[c], float) else meta[c]) for c in COLS})
                f.flush()
                k += 1
                if k % 10 == 0:
                    print("%d images, %.2f s/image" % (k, (time.time() - t0) / k), flush=True)
    print("done: %d images in %.1f s" % (k, time.time() - t0))


if __name__ == "__main__":
    main()
