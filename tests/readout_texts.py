"""Short made-up readout texts for tests that need many readout files (written here, not
copied from any readout): one meeting each, two officials and three agencies."""

from __future__ import annotations

from pathlib import Path

US = ["Alex Rivera", "Jordan Lee", "Sam Patel", "Casey Morgan", "Robin Ortiz"]
CN = ["Li Wen", "Zhao Ming", "Chen Hua", "Sun Lei", "Wang Fang"]


def readout_text(i: int) -> str:
    return (
        f"Readout of a Bilateral Meeting\n"
        f"On March {i % 27 + 1}, 2024, Deputy Secretary of State {US[i % 5]} met "
        f"Vice Foreign Minister {CN[i % 5]} in Washington. The U.S. delegation included "
        f"representatives from the Department of Justice and the Department of the "
        f"Treasury. The PRC delegation included the Ministry of Public Security.\n"
    )


def write_readouts(folder: Path, n: int, start: int = 0) -> Path:
    """Readouts ``meeting-000.txt``… (*n* of them, from *start*) in *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"meeting-{i:03d}.txt").write_text(readout_text(i), encoding="utf-8")
    return folder
