"""Transmissions are non-negative (second law at the level of each channel)."""

import numpy as np
from hypothesis import given, settings, strategies as st

import photodrag

from physics_systems import BAND, scattered_positions


def test_all_channels_non_negative(mixed_magnetic_spectra):
    for name in ("transmission", "transmission_to_bath", "transmission_from_bath"):
        values = mixed_magnetic_spectra[name].values
        assert np.all(values >= 0), name


@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(2, 6),
    seed=st.integers(0, 10_000),
    field=st.tuples(*[st.floats(-8, 8)] * 3),
    names=st.lists(st.sampled_from(["SiC", "Au", "InSb", "InSb-ZhuFan"]), min_size=6, max_size=6),
)
def test_random_geometries_balance_and_positivity(n, seed, field, names):
    radius = 40e-9
    system = photodrag.System(scattered_positions(n, radius, seed), radius, names[:n], B=field)
    spec = photodrag.spectra(system, BAND[::6])
    t = spec["transmission"].values
    assert np.all(t >= 0)
    assert np.all(spec["transmission_to_bath"].values >= 0)
    assert np.all(spec["transmission_from_bath"].values >= 0)
    assert spec.attrs["energy_balance_residual"] < 1e-10


def test_multipole_channels_non_negative(multipole_cluster_spectra):
    """𝒯 = 4‖Ξ_i^½ X_ij Ξ_j^½‖² ≥ 0 and the bath channels ≥ 0 (Ξ and J positive semidefinite) with multipoles."""
    for name in ("transmission", "transmission_to_bath", "transmission_from_bath"):
        values = multipole_cluster_spectra[name].values
        off_diagonal = values[:, ~np.eye(values.shape[1], dtype=bool)] if values.ndim == 3 else values
        assert np.all(off_diagonal > 0), name
