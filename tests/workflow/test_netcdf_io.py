"""photodrag.io: NetCDF that round-trips (complex included), describes itself and is written atomically."""

import json
import time

import numpy as np
import pytest
import xarray as xr

import photodrag
from photodrag import integrity, io, study
from photodrag.plain import plain


@pytest.fixture
def dataset():
    omega = np.linspace(1.6e14, 1.8e14, 5)
    return xr.Dataset(
        {
            "epsilon": (("omega", "row", "column"), photodrag.material("InSb").epsilon(omega, (0, 0, 5.0)),
                        {"units": "1", "long_name": "relative permittivity"}),
            "weight": (("omega",), np.full(5, 2.0), {"units": "rad/s", "long_name": "weight"}),
            "material": (("particle",), np.array(["SiC", "InSb-ZhuFan"], dtype=object), {"long_name": "material"}),
        },
        coords={"omega": ("omega", omega, {"units": "rad/s", "long_name": "angular frequency"})},
        attrs={"flag": True, "nothing": None, "indices": [0, 1]},
    )


def test_complex_and_text_round_trip_exactly(dataset, tmp_path):
    path = io.write_netcdf(dataset, tmp_path / "a.nc", title="test", config={"b": 1, "a": [1.5, None]})
    back = io.read_netcdf(path)
    assert back["epsilon"].dtype == complex
    np.testing.assert_array_equal(back["epsilon"].values, dataset["epsilon"].values)
    assert back["epsilon"].dims == ("omega", "row", "column")
    assert back["material"].values.tolist() == ["SiC", "InSb-ZhuFan"]
    assert "complex" not in back.dims
    assert back["epsilon"].attrs == {"units": "1", "long_name": "relative permittivity"}


def test_cf_global_attributes_and_config(dataset, tmp_path):
    path = io.write_netcdf(dataset, tmp_path / "a.nc", title="test file", config={"b": 1, "a": [1.5, None]},
                           history="unit test")
    with xr.open_dataset(path, engine="netcdf4") as raw:  # as any NetCDF reader sees it
        attrs = raw.attrs
        assert raw["epsilon"].dims == ("omega", "row", "column", "complex")
    assert attrs["Conventions"].startswith("CF-")
    assert attrs["title"] == "test file"
    assert attrs["source"] == f"photodrag {photodrag.__version__}"
    assert "unit test" in attrs["history"] and photodrag.__version__ in attrs["history"]
    assert json.loads(attrs["config"]) == {"a": [1.5, None], "b": 1}
    assert attrs["flag"] == 1 and "nothing" not in attrs


def test_a_rewrite_seconds_later_gives_the_same_bytes_and_digests(dataset, tmp_path):
    """Nothing in a file depends on when it was written, so a rerun is checked by its digests (or bytes) alone;
    the time of a run lives in the archive's provenance (tests/workflow/test_archive_crate.py)."""
    first = io.write_netcdf(dataset, tmp_path / "first.nc", title="t", config={"a": 1}, history="rule x")
    time.sleep(1.1)  # the old history attribute was stamped to the second
    second = io.write_netcdf(dataset, tmp_path / "second.nc", title="t", config={"a": 1}, history="rule x")
    with xr.open_dataset(first, engine="netcdf4") as a, xr.open_dataset(second, engine="netcdf4") as b:
        digests = a.attrs[integrity.DIGEST_ATTRIBUTE], b.attrs[integrity.DIGEST_ATTRIBUTE]
        assert a.attrs["history"] == b.attrs["history"] == f"photodrag {photodrag.__version__}: rule x"
    assert digests[0] == digests[1]
    assert io.sha256(first) == io.sha256(second)


def test_an_interrupted_write_leaves_the_old_file_and_no_partial(dataset, tmp_path, monkeypatch):
    path = io.write_netcdf(dataset, tmp_path / "a.nc", title="first")

    def dies_half_way(self, target, *args, **kwargs):
        with open(target, "wb") as handle:
            handle.write(b"CDF half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(xr.Dataset, "to_netcdf", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        io.write_netcdf(dataset, path, title="second")
    monkeypatch.undo()
    assert io.read_netcdf(path).attrs["title"] == "first"
    assert list(tmp_path.iterdir()) == [path]


def test_archive_has_a_manifest_that_checks(tmp_path):
    import hashlib
    import tarfile

    data = io.write_netcdf(xr.Dataset({"x": ("n", [1.0, 2.0], {"units": "1", "long_name": "x"})}), tmp_path / "x.nc",
                           title="t")  # every NetCDF file is read back (verified) before it is packed
    path = tmp_path / "out" / "s.tar.gz"
    study.archive.write(path, {"thermal/x.nc": data}, {"studies": {"s": {}}}, name="s")
    with tarfile.open(path) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    assert set(members) == {"s/thermal/x.nc", "s/config.json", "s/provenance.json", "s/RERUN.md", "s/SHA256SUMS",
                            "s/ro-crate-metadata.json"}
    for line in members["s/SHA256SUMS"].decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(members[f"s/{name}"]).hexdigest() == digest
    assert b"cp -r" not in members["s/RERUN.md"]  # no inputs: only the steps that apply
    provenance = json.loads(members["s/provenance.json"])
    assert provenance["photodrag"] == photodrag.__version__ and "numpy" in provenance["packages"]
    assert provenance["git"] is None or len(provenance["git"]["commit"]) == 40


def test_plain_gives_sorted_builtins():
    value = plain({"b": np.float64(0.1), "a": (np.int64(2), np.array([1.0, 2.0])), "c": {"z": None, "y": True}})
    assert value == {"a": [2, [1.0, 2.0]], "b": 0.1, "c": {"y": True, "z": None}}
    assert repr(value) == "{'a': [2, [1.0, 2.0]], 'b': 0.1, 'c': {'y': True, 'z': None}}"
    assert list(value) == ["a", "b", "c"]
