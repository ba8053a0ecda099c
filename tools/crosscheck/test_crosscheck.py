#!/usr/bin/env python3
"""Plain-assert checks of the cross-check simulator against analytic results.  Run: python3 test_crosscheck.py"""
import numpy as np
import scipy.fft as sfft
from scipy.spatial import cKDTree

import crosscheck_sim as sim
import physics as s
import specimens as sp


def test_wavelength_sigma():
    lam = s.wavelength(300)
    # 300 kV: lambda = 1.9687 pm = 0.019687 A (= 0.0019687 nm)
    assert abs(lam - 0.01969) / 0.01969 < 1e-3, lam
    assert abs(s.wavelength(200) - 0.02508) / 0.02508 < 1e-3
    sig = s.sigma_interaction(300)
    assert abs(sig - 6.526e-4) / 6.526e-4 < 2e-3, sig
    assert abs(s.VZ_PREF - 47.878) < 0.01, s.VZ_PREF    # h^2/(2 pi m0 e) = 2 pi a0 e
    assert abs(2 * np.pi * 0.529177 * 14.3996 - s.VZ_PREF) < 0.01
    print("lambda(300kV) = %.6f A, sigma = %.5e rad/(V A), h^2/(2pi m0 e) = %.4f V A^2"
          % (lam, sig, s.VZ_PREF))


def test_fe():
    assert abs(s.f_e("Au", 0.0) - 10.58) < 0.02, s.f_e("Au", 0.0)


def test_vacuum_norm():
    g = s.Grid(60.0, 256, 300)
    rng = np.random.default_rng(0)
    psi = np.ones((256, 256), np.complex64)
    for _ in range(40):
        psi = sfft.ifft2(sfft.fft2(psi) * g.propagator(2.5))
    n = np.mean(np.abs(psi) ** 2)
    assert abs(n - 1) < 1e-6, n
    # with potential: Au sphere + C support
    pos, _, _ = sp.make_particle(rng, "monocrystalline", 12.0)
    p = pos + [30, 30, 13]
    sup = sp.make_support(rng, 60.0, 20.0, "C") + [0, 0, 27]
    xyz = np.vstack([p, sup])
    els = np.array(["Au"] * len(p) + ["C"] * len(sup))
    psi = g.multislice(xyz, els)
    n2 = np.mean(np.abs(psi.astype(np.complex128)) ** 2)
    assert n2 <= 1 + 1e-6 and n2 > 0.5, n2
    print("vacuum |psi|^2 = %.8f, with specimen = %.6f" % (n, n2))


def test_single_atom_phase():
    L, N = 20.0, 1024
    g = s.Grid(L, N, 300)
    V = g.potential(np.array([[10.03, 9.97, 0.0]]), np.array(["Au"]))
    dA = g.dx ** 2
    intV = V.sum() * dA
    expect = s.VZ_PREF * s.f_e("Au", 0.0)          # V*A^3
    assert abs(intV - expect) / expect < 1e-4, (intV, expect)
    t = g.transmission(V, bandlimit=False)
    ph = np.angle(t)
    assert np.abs(ph).max() < np.pi
    intph = ph.sum() * dA
    assert abs(intph - g.sigma * expect) / (g.sigma * expect) < 1e-3, (intph, g.sigma * expect)
    print("single Au atom: int V dA = %.3f V A^3 (47.878 f_e(0) = %.3f); int phase dA = %.5f A^2"
          " (sigma*... = %.5f); peak phase %.3f rad" % (intV, expect, intph, g.sigma * expect, ph.max()))


def test_propagator_composition():
    g = s.Grid(50.0, 256, 300)
    rng = np.random.default_rng(1)
    w = (rng.normal(size=(256, 256)) + 1j * rng.normal(size=(256, 256))).astype(np.complex64)
    w = sfft.ifft2(sfft.fft2(w) * g.mask)
    a = sfft.ifft2(sfft.fft2(sfft.ifft2(sfft.fft2(w) * g.propagator(7.0))) * g.propagator(13.0))
    b = sfft.ifft2(sfft.fft2(w) * g.propagator(20.0))
    err = np.abs(a - b).max() / np.abs(b).max()
    assert err < 1e-5, err
    print("propagator a then b vs a+b: max rel err %.2e" % err)


def test_crystal_200():
    nc = 6
    a = sp.A_AU
    L = nc * a
    N = 256
    g = s.Grid(L, N, 300)
    n = np.arange(nc)
    cells = np.stack(np.meshgrid(n, n, np.arange(5), indexing="ij"), -1).reshape(-1, 3)
    basis = np.array([[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]])
    pos = (cells[:, None] + basis[None]).reshape(-1, 3) * a    # beam along [001]=<100>
    psi = g.multislice(pos, np.array(["Au"] * len(pos)))
    P = np.abs(sfft.fft2(psi)) ** 2
    P[0, 0] = 0
    iy, ix = np.unravel_index(np.argsort(P.ravel())[::-1][:4], P.shape)
    qs = np.sqrt(g.kx[0, ix] ** 2 + g.ky[iy, 0] ** 2)
    assert np.allclose(qs, 2 / a, rtol=1e-6), (qs, 2 / a)
    print("[100] crystal: 4 strongest spots at |q| = %s 1/A, expected 1/(a/2) = %.5f" % (np.round(qs, 5), 2 / a))


def test_specimens():
    rng = np.random.default_rng(3)
    r = 15.0
    am, _, _ = sp.make_particle(rng, "amorphous", r)
    dens = len(am) / (4 / 3 * np.pi * r ** 3) * 1e3
    d, _ = cKDTree(am).query(am, k=2)
    assert d[:, 1].min() >= 2.48 - 1e-9
    po, ori, nd = sp.make_particle(rng, "polycrystalline", r)
    d2, _ = cKDTree(po).query(po, k=2)
    assert d2[:, 1].min() >= 2.0
    mo, _, _ = sp.make_particle(rng, "monocrystalline", r)
    d3, _ = cKDTree(mo).query(mo, k=2)
    assert abs(d3[:, 1].min() - sp.A_AU / np.sqrt(2)) < 1e-6
    sup = sp.make_support(rng, 60.0, 30.0, "C")
    dC = len(sup) / (60 * 60 * 30) * 1e3
    assert abs(dC - 100.3) < 1.0, dC
    print("amorphous Au density %.1f /nm^3 (target 0.85*58.98=%.1f); poly %s (%d domains) dmin %.2f A;"
          " aC density %.1f /nm^3" % (dens, 0.85 * 58.98, ori, nd, d2[:, 1].min(), dC))


def test_png_roundtrip():
    import zlib, struct, os, tempfile
    m = (np.arange(35 * 21).reshape(35, 21) % 256).astype(np.uint8)
    fn = os.path.join(tempfile.mkdtemp(), "t.png")
    sim.write_png_gray8(fn, m)
    b = open(fn, "rb").read()
    assert b[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(b):
        ln = struct.unpack(">I", b[pos:pos + 4])[0]
        tag = b[pos + 4:pos + 8]
        data = b[pos + 8:pos + 8 + ln]
        assert struct.unpack(">I", b[pos + 8 + ln:pos + 12 + ln])[0] == zlib.crc32(tag + data) & 0xFFFFFFFF
        chunks[tag] = data
        pos += 12 + ln
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(35, 22)
    assert (raw[:, 0] == 0).all() and (raw[:, 1:] == m).all()
    print("PNG writer round-trip ok")


if __name__ == "__main__":
    test_wavelength_sigma()
    test_fe()
    test_vacuum_norm()
    test_single_atom_phase()
    test_propagator_composition()
    test_crystal_200()
    test_specimens()
    test_png_roundtrip()
    print("ALL TESTS PASSED")
