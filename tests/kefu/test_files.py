"""kefu.files: safe file writing shared by every output (rosters, pay workbooks, slips, bank files, templates)."""
from __future__ import annotations


class TestStaleTempsOfManyTargets:
    """remove_stale_temps_of: one listing of a folder removes what killed runs left for any target."""

    def test_only_the_targets_dead_temps_go(self, tmp_path):
        import os
        import subprocess
        import sys

        from kefu.files import remove_stale_temps_of

        done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        dead = int(done.stdout)
        targets = [tmp_path / "工资条-2026-11-KF001.xlsx", tmp_path / "工资条-2026-11-KF002.xlsx"]
        stale = [tmp_path / f".工资条-2026-11-KF001-{dead}-abcd_123.xlsx",
                 tmp_path / f".工资条-2026-11-KF002-{dead}-zz99yy88.xlsx"]
        kept = [tmp_path / f".工资条-2026-11-KF003-{dead}-abcd_123.xlsx",      # not a target
                tmp_path / f".工资条-2026-11-KF001-{os.getpid()}-abcd_123.xlsx",  # this process's own
                tmp_path / f".工资条-2026-11-KF001-{dead}-abcd_123.csv",        # another suffix
                tmp_path / "工资条-2026-11-KF001.xlsx"]                          # the file itself
        for f in stale + kept:
            f.write_bytes(b"x")
        removed = remove_stale_temps_of(targets)
        assert sorted(removed) == sorted(stale)
        assert all(f.exists() for f in kept) and not any(f.exists() for f in stale)
