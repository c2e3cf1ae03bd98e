"""``polis markets licences`` and ``polis payments reconcile`` as users run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

from api.settings import PolisSettings

POLIS = str(Path(sys.executable).parent / "polis")
HEADER = "Αριθμός Άδειας;Ονοματεπώνυμο;ΑΦΜ;Τύπος Άδειας;Έναρξη Ισχύος;Λήξη Ισχύος;Είδη;Όχημα;Βοηθοί;Μόρια"


def polis(settings: PolisSettings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLIS_DATABASE_URL": settings.dsn, "COLUMNS": "200"}
    return subprocess.run(
        [POLIS, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_licences_import_all_or_nothing(commerce_settings: PolisSettings, tmp_path: Path) -> None:
    good = "CLI-1;Άννα Μ.;094259216;Παραγωγός;01/01/2026;31/12/2026;Μέλι;;0;4"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{HEADER}\n{good}\nCLI-2;Β;094259216;Παραγωγός;31/12/2026;01/01/2026;Μέλι;;0;4\n"
    )
    r = polis(commerce_settings, "markets", "licences", str(bad))
    assert r.returncode != 0
    assert "row 3, 'valid_to'" in r.stdout + r.stderr
    with psycopg.connect(commerce_settings.dsn) as c:
        n = c.execute("SELECT count(*) FROM market_licences WHERE licence_number LIKE 'CLI-%'")
        assert n.fetchone() == (0,)
    ok = tmp_path / "ok.csv"
    ok.write_text(f"\ufeff{HEADER}\n{good}\n", encoding="utf-8")
    r = polis(commerce_settings, "markets", "licences", str(ok))
    assert r.returncode == 0, r.stderr
    assert "new 1" in r.stdout
    r = polis(commerce_settings, "payments", "reconcile", str(ok))
    assert r.returncode != 0
    assert "missing columns" in r.stdout + r.stderr
