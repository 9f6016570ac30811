"""make install and make uninstall into a temporary DESTDIR (no root needed): what is
installed where, with which modes, that an operator's configuration is never
overwritten, and that uninstall removes what install put and keeps the configuration."""
import os
import stat
import subprocess
import tempfile

from conftest import bin_dir

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make(target, destdir, **variables):
    args = ["make", "--no-print-directory", "-s", "-C", ROOT, target, f"DESTDIR={destdir}",
            f"INSTALL_FROM={bin_dir()}"] + [f"{k}={v}" for k, v in variables.items()]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_install_then_uninstall():
    dest = tempfile.mkdtemp(prefix="tamyr-destdir-")
    out = make("install", dest)
    for name in ["tamyrd", "tamyr"]:
        assert mode(f"{dest}/usr/local/bin/{name}") == 0o755
    unit = f"{dest}/etc/systemd/system/tamyrd.service"
    config = f"{dest}/etc/tamyr/tamyrd.yaml"
    assert mode(unit) == 0o644 and mode(config) == 0o644
    assert open(config).read() == open(f"{ROOT}/config/tamyrd.yaml").read()
    assert "ExecStart=/usr/local/bin/tamyrd --config /etc/tamyr/tamyrd.yaml" in open(unit).read()
    assert "tamyrd.yaml.new" not in out and not os.path.exists(config + ".new")
    assert "Documentation=file:///usr/local/share/doc/tamyr/operations.md" in open(unit).read()
    assert os.path.exists(f"{dest}/usr/local/share/doc/tamyr/operations.md")
    # The installed daemon is the built one and accepts the installed configuration.
    checked = subprocess.run([f"{dest}/usr/local/bin/tamyrd", "--config", config, "--check-config"],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr

    # An operator's edit survives a second install (an upgrade); the new default goes beside it.
    with open(config, "a") as f:
        f.write("# edited by the operator\n")
    edited = open(config).read()
    out = make("install", dest)
    assert open(config).read() == edited
    assert open(config + ".new").read() == open(f"{ROOT}/config/tamyrd.yaml").read()
    assert "tamyrd.yaml.new" in out

    make("uninstall", dest)
    for gone in [f"{dest}/usr/local/bin/tamyrd", f"{dest}/usr/local/bin/tamyr", unit, f"{dest}/usr/local/share/doc/tamyr"]:
        assert not os.path.exists(gone), gone
    assert open(config).read() == edited  # the configuration stays


def test_prefix_is_written_into_the_unit():
    dest = tempfile.mkdtemp(prefix="tamyr-destdir-")
    make("install", dest, PREFIX="/opt/tamyr")
    unit = open(f"{dest}/etc/systemd/system/tamyrd.service").read()
    assert "ExecStart=/opt/tamyr/bin/tamyrd " in unit and "ExecStartPre=/opt/tamyr/bin/tamyrd " in unit
    assert "/usr/local" not in unit
    make("uninstall", dest, PREFIX="/opt/tamyr")
    assert not os.path.exists(f"{dest}/opt/tamyr/bin/tamyrd")
