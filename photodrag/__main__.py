"""`python -m photodrag`: print the conductance of two SiC spheres, a quick check of an install."""

import numpy as np

import photodrag


def main() -> None:
    radius = 100e-9
    system = photodrag.System([[0, 0, 0], [0, 0, 4 * radius]], radius, "SiC")
    omega = np.linspace(1.40e14, 2.00e14, 4001)
    spectra = photodrag.spectra(system, omega)
    G = photodrag.conductance(spectra, 300.0)
    print(f"two SiC spheres, R = 100 nm, centres 400 nm apart, T = 300 K: G = {float(G[0, 1]):.4e} W/K")
    print(f"worst energy-balance residual over omega: {spectra.attrs['energy_balance_residual']:.1e}")


if __name__ == "__main__":
    main()
