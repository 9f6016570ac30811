"""The short version of `make overload` (Tests/overload/overload.py) for
`make test`: 8 seconds against the debug build, which absorbs far less than
the producers offer, so back-pressure and PUB drops happen all the same.
Too short for the windows to fill, so memory is held to the absolute limit
only; flatness is checked by the minute-long run. Under a sanitizer
(`make asan`, `make tsan` set TAMYR_SANITIZER) shadow memory multiplies the
resident size, so the memory limit does not apply; the accounting does."""
import os
import subprocess
import sys

from conftest import bin_dir

HERE = os.path.dirname(os.path.abspath(__file__))


def test_overload_keeps_memory_flat_and_accounts_for_every_event():
    script = os.path.join(HERE, "..", "overload", "overload.py")
    limit = "0" if os.environ.get("TAMYR_SANITIZER") else "150"
    result = subprocess.run([sys.executable, script, "--bin-dir", bin_dir(), "--seconds", "8", "--rss-limit-mb", limit],
                            capture_output=True, text=True, timeout=180)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "overload: OK" in result.stdout
