"""Physics of the cross-check simulator: scattering factors, projected potentials, multislice, lens, detector.

Written from the textbook formulas, sharing no code with nanocryst (see README.md for the conventions).
Internal length unit: Angstrom.
"""
import json
from pathlib import Path

import numpy as np
import scipy.fft as sfft

# constants (CODATA 2018, SI)
H_PLANCK = 6.62607015e-34
M0 = 9.1093837015e-31
E_CHARGE = 1.602176634e-19
C_LIGHT = 299792458.0
# h^2/(2 pi m0 e) in V*A^2 : Fourier transform of one atom's projected potential
# is  v_z(q) = VZ_PREF * f_e(q)  [V*A^3 when f_e is in A]
VZ_PREF = H_PLANCK ** 2 / (2 * np.pi * M0 * E_CHARGE) * 1e20  # = 47.878

SLICE_DZ = 2.5          # A
U_RMS = {"Au": 0.085, "C": 0.1, "Si": 0.1}   # A
WORKERS = 1

# Lobato & Van Dyck (2014), published with the project's shared data; --scattering overrides it
LOBATO_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "scattering" / "lobato.json"
_LOBATO = {}


def lobato_params(el):
    if LOBATO_FILE not in _LOBATO:
        with open(LOBATO_FILE) as f:
            _LOBATO[LOBATO_FILE] = json.load(f)["elements"]
    e = _LOBATO[LOBATO_FILE][el]
    return np.array(e["a"], float), np.array(e["b"], float)

def f_e(el, q):
    """Lobato & Van Dyck electron scattering factor, q = 1/d in 1/A, result in A."""
    a, b = lobato_params(el)
    q2 = np.asarray(q, float)[..., None] ** 2
    bq2 = b * q2
    return np.sum(a * (2 + bq2) / (1 + bq2) ** 2, axis=-1)


def wavelength(kv):
    """Relativistic electron wavelength in A for accelerating voltage kv (kV)."""
    v = kv * 1e3
    p = np.sqrt(2 * M0 * E_CHARGE * v * (1 + E_CHARGE * v / (2 * M0 * C_LIGHT ** 2)))
    return H_PLANCK / p * 1e10


def sigma_interaction(kv):
    """sigma = 2 pi m e lambda / h^2 (relativistic m), in rad / (V*A)."""
    v = kv * 1e3
    gamma = 1 + E_CHARGE * v / (M0 * C_LIGHT ** 2)
    lam_m = wavelength(kv) * 1e-10
    return 2 * np.pi * gamma * M0 * E_CHARGE * lam_m / H_PLANCK ** 2 * 1e-10


# ----------------------------------------------------------------------------
# Grid / multislice
class Grid:
    def __init__(self, L, N, kv):
        self.L, self.N = float(L), int(N)
        self.dx = self.L / self.N
        self.kv = kv
        self.lam = wavelength(kv)
        self.sigma = sigma_interaction(kv)
        k = sfft.fftfreq(N, self.dx)
        self.kx = k[None, :]
        self.ky = k[:, None]
        self.q2 = self.kx ** 2 + self.ky ** 2
        kmax = (2.0 / 3.0) * 0.5 / self.dx          # 2/3 of Nyquist
        self.kmax = kmax
        self.mask = (self.q2 <= kmax ** 2)
        # rfft grid (for real potentials)
        kr = sfft.rfftfreq(N, self.dx)
        self.rkx = kr[None, :]
        self.rq2 = self.rkx ** 2 + self.ky ** 2
        self._kern = {}
        self._prop = {}

    def kernel(self, el):
        """rfft-grid multiplier turning a bilinear atom deposit into V_z (V*A)."""
        if el not in self._kern:
            q = np.sqrt(self.rq2)
            B = 8 * np.pi ** 2 * U_RMS[el] ** 2
            k = VZ_PREF * f_e(el, q) * np.exp(-B * self.rq2 / 4) / self.dx ** 2
            # undo the sinc^2 transfer of bilinear (cloud-in-cell) deposition
            tr = (np.sinc(self.rkx * self.dx) ** 2) * (np.sinc(self.ky * self.dx) ** 2)
            corr = np.where(self.rq2 <= self.kmax ** 2, 1.0 / tr, 1.0)
            self._kern[el] = (k * corr).astype(np.float32)
        return self._kern[el]

    def propagator(self, dz):
        if dz not in self._prop:
            p = np.exp(-1j * np.pi * self.lam * dz * self.q2) * self.mask
            self._prop[dz] = p.astype(np.complex64)
        return self._prop[dz]

    def deposit(self, x, y):
        """Bilinear (cloud-in-cell) deposit of unit weights, periodic. Array [iy, ix]."""
        N = self.N
        fx = x / self.dx
        fy = y / self.dx
        ix = np.floor(fx).astype(np.int64)
        iy = np.floor(fy).astype(np.int64)
        wx = fx - ix
        wy = fy - iy
        ix0, ix1 = ix % N, (ix + 1) % N
        iy0, iy1 = iy % N, (iy + 1) % N
        idx = np.concatenate([iy0 * N + ix0, iy0 * N + ix1, iy1 * N + ix0, iy1 * N + ix1])
        w = np.concatenate([(1 - wx) * (1 - wy), wx * (1 - wy), (1 - wx) * wy, wx * wy])
        return np.bincount(idx, w, minlength=N * N).reshape(N, N).astype(np.float32)

    def potential(self, xyz, els):
        """Projected potential V_z (V*A) of the atoms given (all put in one slice)."""
        Vq = None
        for el in np.unique(els):
            sel = els == el
            D = self.deposit(xyz[sel, 0], xyz[sel, 1])
            t = sfft.rfft2(D, workers=WORKERS) * self.kernel(el)
            Vq = t if Vq is None else Vq + t
        return sfft.irfft2(Vq, s=(self.N, self.N), workers=WORKERS)

    def transmission(self, V, bandlimit=True):
        t = np.exp(1j * self.sigma * V).astype(np.complex64)
        if bandlimit:
            t = sfft.ifft2(sfft.fft2(t, workers=WORKERS) * self.mask, workers=WORKERS)
        return t

    def multislice(self, xyz, els, dz=SLICE_DZ, psi=None):
        """Plane wave (|psi|^2 = 1) through atoms; z measured along the beam."""
        N = self.N
        if psi is None:
            psi = np.ones((N, N), np.complex64)
        z = xyz[:, 2] - xyz[:, 2].min() if len(xyz) else np.zeros(0)
        isl = np.floor(z / dz).astype(int)
        nsl = int(isl.max()) + 1 if len(isl) else 0
        order = np.argsort(isl, kind="stable")
        isl_s = isl[order]
        bounds = np.searchsorted(isl_s, np.arange(nsl + 1))
        P = self.propagator(dz)
        for s in range(nsl):
            sel = order[bounds[s]:bounds[s + 1]]
            if len(sel):
                V = self.potential(xyz[sel], els[sel])
                psi = psi * self.transmission(V)
            psi = sfft.ifft2(sfft.fft2(psi, workers=WORKERS) * P, workers=WORKERS)
        return psi


def chi_and_grad(g, df, cs, astig, astig_ang):
    """Aberration phase chi(q) (rad) and |grad_q chi| (rad*A).  Lengths in A.
    chi = pi*lam*q^2*(df + astig*cos(2(phi-phi_a))) + pi/2*Cs*lam^3*q^4."""
    lam = g.lam
    ca, sa = np.cos(astig_ang), np.sin(astig_ang)
    u = g.kx * ca + g.ky * sa
    v = -g.kx * sa + g.ky * ca
    q2 = u ** 2 + v ** 2
    chi = np.pi * lam * (df * q2 + astig * (u ** 2 - v ** 2)) + 0.5 * np.pi * cs * lam ** 3 * q2 ** 2
    du = 2 * np.pi * lam * u * (df + astig) + 2 * np.pi * cs * lam ** 3 * q2 * u
    dv = 2 * np.pi * lam * v * (df - astig) + 2 * np.pi * cs * lam ** 3 * q2 * v
    return chi, np.sqrt(du ** 2 + dv ** 2)


def image_intensity(g, psi, df, cs, astig, astig_ang, focal_spread, alpha):
    """Partially coherent image intensity (vacuum = 1).
    Temporal: 7-point Gauss-Hermite average over defocus (focal_spread = 1-sigma).
    Spatial: quasi-coherent envelope exp(-(alpha/(2 lam))^2 |grad chi|^2),
    alpha = 1/e semi-angle of the Gaussian source (== Kirkland's
    exp(-(pi alpha/lam)^2 (dW/dq)^2) with W = chi/2pi)."""
    Psi = sfft.fft2(psi, workers=WORKERS)
    x, w = np.polynomial.hermite.hermgauss(7)
    w = w / np.sqrt(np.pi)
    I = np.zeros(psi.shape, np.float64)
    for xk, wk in zip(x, w):
        dfk = df + np.sqrt(2.0) * focal_spread * xk
        chi, gchi = chi_and_grad(g, dfk, cs, astig, astig_ang)
        H = np.exp(-1j * chi) * np.exp(-(alpha / (2 * g.lam)) ** 2 * gchi ** 2) * g.mask
        img = sfft.ifft2(Psi * H.astype(np.complex64), workers=WORKERS)
        I += wk * (img.real.astype(np.float64) ** 2 + img.imag.astype(np.float64) ** 2)
    return I


def fourier_crop(I, n_out):
    N = I.shape[0]
    F = sfft.fftshift(sfft.fft2(I, workers=WORKERS))
    c = N // 2
    h = n_out // 2
    Fc = F[c - h:c - h + n_out, c - h:c - h + n_out]
    return sfft.ifft2(sfft.ifftshift(Fc), workers=WORKERS).real * (n_out ** 2 / N ** 2)


def detector(rng, I, mtf_sigma, dose, px_A):
    n = I.shape[0]
    u = sfft.fftfreq(n)
    mtf = np.exp(-2 * np.pi ** 2 * mtf_sigma ** 2 * (u[None, :] ** 2 + u[:, None] ** 2))
    I = sfft.ifft2(sfft.fft2(I, workers=WORKERS) * mtf, workers=WORKERS).real
    if np.isinf(dose):
        return I.astype(np.float32)
    lam = np.clip(I, 0, None) * dose * px_A ** 2
    return rng.poisson(lam).astype(np.float32)
