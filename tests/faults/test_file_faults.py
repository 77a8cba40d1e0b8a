"""Fault corpus, files (issue 14): damaged result files are refused on reading with their path
and the command that recomputes them; a failed write names its path and leaves nothing behind."""

import functools
import os
import shutil
import subprocess
from pathlib import Path

import netCDF4
import numpy as np
import pytest
import xarray as xr

import photodrag
from faults import ChildError, Registry, check, in_child
from photodrag import io, study

CASES = Registry()
RECOMPUTE = "snakemake --cores 1 inputs/spectra.nc"


@functools.cache
def spectra() -> xr.Dataset:
    system = photodrag.System([[0, 0, 0], [0, 0, 400e-9]], 100e-9, ["SiC", "Au"])
    omega = np.linspace(1.6e14, 1.9e14, 400)
    return photodrag.spectra(system, omega, quadrature_weight=photodrag.integrate.trapezoid_weights(omega))


def _written(directory: Path, name="spectra.nc") -> Path:
    (directory / "inputs").mkdir(exist_ok=True)
    return io.write_netcdf(spectra(), directory / "inputs" / name, title="spectra for the fault corpus")


def _relative(directory: Path) -> Path:
    return _written(directory).relative_to(directory)  # messages then show the path as a user gave it


# --- reading damaged files ---------------------------------------------------------------------

@CASES.case(io.CorruptFileError, "inputs/spectra.nc: not a readable NetCDF file", "truncated or corrupted", RECOMPUTE)
def case_truncated_to_half(directory):  # issue 14: OSError: [Errno -101] NetCDF: HDF error, no hint
    path = _relative(directory)
    os.truncate(path, path.stat().st_size // 2)
    io.read_netcdf(path)


@CASES.case(io.CorruptFileError, "inputs/spectra.nc: not a readable NetCDF file", RECOMPUTE)
def case_truncated_to_its_first_kilobyte(directory):
    path = _relative(directory)
    os.truncate(path, 1024)
    io.read_netcdf(path)


@CASES.case(io.CorruptFileError, "inputs/spectra.nc: an empty file", RECOMPUTE)
def case_empty_file(directory):  # what a job killed before the atomic writes would have left
    path = _relative(directory)
    os.truncate(path, 0)
    io.read_netcdf(path)


@CASES.case(io.CorruptFileError, "inputs/notes.nc: not a readable NetCDF file", "snakemake --cores 1 inputs/notes.nc")
def case_text_file_named_nc(directory):
    (directory / "inputs").mkdir()
    (directory / "inputs/notes.nc").write_text("transmission spectra, to be computed\n")
    io.read_netcdf(Path("inputs/notes.nc"))


@CASES.case(io.CorruptFileError, "inputs/spectra.nc", "truncated or corrupted", RECOMPUTE)
def case_bytes_flipped_in_the_data(directory):  # caught by HDF5's Fletcher-32 checksum of the chunk
    path = _relative(directory)
    data = bytearray(path.read_bytes())
    variety = [len(set(data[k:k + 256])) for k in range(0, len(data) - 256, 256)]
    start = 256 * int(np.argmax(variety))  # the most varied bytes: compressed chunk data (metadata is text, zeros)
    data[start:start + 64] = bytes(b ^ 0xFF for b in data[start:start + 64])
    path.write_bytes(bytes(data))
    io.read_netcdf(path)


@CASES.case(io.CorruptFileError, "its content is not what photodrag wrote", "values changed in ['omega']", RECOMPUTE)
def case_one_stored_frequency_altered_by_1_percent(directory):  # issue 14: was read as data downstream
    path = _relative(directory)
    with netCDF4.Dataset(path, "a") as dataset:  # the library recomputes the checksums; the digest remains
        dataset["omega"][57] = dataset["omega"][57] * 1.01
    io.read_netcdf(path)


@CASES.case(io.CorruptFileError, "values changed in ['transmission']")
def case_transmission_edited_in_place(directory):
    path = _relative(directory)
    with netCDF4.Dataset(path, "a") as dataset:
        dataset["transmission"][10, 0, 1] = 0.0
    io.read_netcdf(path)


@CASES.case(io.CorruptFileError, "values changed in ['transmission']")
def case_units_attribute_edited(directory):  # HDF5 keeps no checksum of attributes
    path = _relative(directory)
    with netCDF4.Dataset(path, "a") as dataset:
        dataset["transmission"].units = "W"
    io.read_netcdf(path)


@CASES.case(io.CorruptFileError, "values changed in ['global attributes']")
def case_global_attribute_edited(directory):
    path = _relative(directory)
    with netCDF4.Dataset(path, "a") as dataset:
        dataset.energy_balance_residual = 0.0
    io.read_netcdf(path)


@CASES.case(io.CorruptFileError, "variables added: ['extra']")
def case_variable_added(directory):
    path = _relative(directory)
    with netCDF4.Dataset(path, "a") as dataset:
        dataset.createVariable("extra", "f8", ("omega",))[:] = 1.0
    io.read_netcdf(path)


@CASES.case(io.CorruptFileError, "attribute is not readable")
def case_digest_attribute_garbled(directory):
    path = _relative(directory)
    with netCDF4.Dataset(path, "a") as dataset:
        dataset.setncattr(photodrag.integrity.DIGEST_ATTRIBUTE, "{not json")
    io.read_netcdf(path)


@CASES.case(FileNotFoundError, "no such result file: inputs/missing.nc")
def case_missing_file(_):
    io.read_netcdf("inputs/missing.nc")


@CASES.case(ValueError, "chunks of different systems cannot be merged", "'a'", "'b'")
def case_merging_chunks_of_two_systems(_):
    study.spectra.merge_chunks([spectra().assign_attrs(system=name).isel(omega=part)
                                for name, part in (("a", slice(0, 200)), ("b", slice(200, 400)))])


@CASES.case(ValueError, "omega chunks overlap")
def case_merging_overlapping_chunks(_):
    study.spectra.merge_chunks([spectra().assign_attrs(system="a").isel(omega=part)
                                for part in (slice(0, 250), slice(200, 400))])


# --- failed writes -----------------------------------------------------------------------------

WRITE = """
import numpy as np, xarray as xr
from photodrag import io
values = np.random.default_rng(0).random(200_000)  # 1.6 MB, incompressible
io.write_netcdf(xr.Dataset({"x": ("n", values, {"units": "1", "long_name": "noise"})}), "results/big.nc", title="t")
"""


@CASES.case(ChildError, "WriteError: could not write results/big.nc", "NetCDF: HDF error", "disk is not full",
            outputs=["results/big.nc"])
def case_disk_full_while_writing_netcdf(directory):  # issue 14: RuntimeError: NetCDF: HDF error, no path
    in_child(WRITE, directory, file_size_limit=100_000)


@CASES.case(ChildError, "WriteError: could not write results/study.tar.gz", "File too large",
            outputs=["results/study.tar.gz"])
def case_disk_full_while_writing_an_archive(directory):
    (directory / "big.bin").write_bytes(np.random.default_rng(0).bytes(400_000))
    in_child("""
        from photodrag import io
        io.archive("results/study.tar.gz", {"big.bin": "big.bin"}, {"config.json": b"{}"}, name="study")
        """, directory, file_size_limit=100_000)


@CASES.case(io.WriteError, "could not write results/spectra.nc/x.nc", "directory is writable",
            outputs=["results/spectra.nc/x.nc"])
def case_writing_below_a_file(directory):
    (directory / "results").mkdir()
    (directory / "results/spectra.nc").write_bytes(b"a file where a directory is needed")
    io.write_netcdf(spectra(), "results/spectra.nc/x.nc", title="t")


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_its_path_and_no_partial_output(name, tmp_path, monkeypatch):
    check(CASES[name], tmp_path, monkeypatch)


def test_any_damage_is_refused_or_harmless(tmp_path):
    """Flip 16 bytes at every 1024th offset of a spectra file: each read either refuses the file or
    returns exactly what was written (the damage hit padding), never altered numbers."""
    path = _written(tmp_path)
    original, expected = path.read_bytes(), io.read_netcdf(path)
    refused = 0
    for offset in range(0, len(original), 1024):
        damaged = bytearray(original)
        damaged[offset:offset + 16] = bytes(b ^ 0xFF for b in damaged[offset:offset + 16])
        path.write_bytes(bytes(damaged))
        try:
            got = io.read_netcdf(path)
        except io.CorruptFileError:
            refused += 1
            continue
        xr.testing.assert_identical(got, expected)
    assert refused > 0


def test_the_digests_survive_every_round_trip(tmp_path):
    """Complex, integer, text and boolean variables, coordinates and attributes of every kind."""
    dataset = xr.Dataset(
        {"z": (("n",), np.array([1 + 2j, np.nan, 3j]), {"units": "1", "long_name": "z", "list": [1, 2]}),
         "flag": (("n",), np.array([True, False, True]), {"long_name": "flag"}),
         "name": (("n",), np.array(["a", "bb", ""], dtype=object), {"long_name": "name"}),
         "count": ((), 3, {"long_name": "count"})},
        coords={"n": ("n", [10, 20, 30], {"long_name": "n"})}, attrs={"one": np.array([5.0]), "flag": True})
    path = io.write_netcdf(dataset, tmp_path / "kinds.nc", title="t", config={"a": [1, 2]})
    back = io.read_netcdf(path)
    assert photodrag.integrity.DIGEST_ATTRIBUTE not in back.attrs  # checked, then dropped: copies never carry it stale
    xr.testing.assert_equal(back, dataset)
    with netCDF4.Dataset(path) as raw:
        assert raw["z"].filters()["fletcher32"] and raw["n"].filters()["fletcher32"]


def test_a_full_tmpfs(tmp_path):
    """A real full disk: a 256 KiB tmpfs (needs root and mount; skipped with the reason otherwise)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True,
                          text=True) if shutil.which("mount") else None
    if done is None or done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() if done else 'no mount command'}")
    try:
        with pytest.raises(io.WriteError, match=f"could not write {mount}/big.nc.* free on the file system") as error:
            values = np.random.default_rng(0).random(200_000)
            io.write_netcdf(xr.Dataset({"x": ("n", values, {"units": "1", "long_name": "noise"})}), mount / "big.nc",
                            title="t")
        assert "disk is not full" in str(error.value)
        assert list(mount.iterdir()) == []
    finally:
        # lazily: netCDF-C keeps the handle of the file it failed to close (deleted) until the process exits
        subprocess.run(["umount", "--lazy", str(mount)], check=True)
