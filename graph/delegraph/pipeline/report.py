"""What an ``add`` did, passed from the adding to the refresh that follows it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ingest.readers import Problem


@dataclass
class AddReport:
    """What an ``add`` did: readout ids by outcome, and the inputs that failed."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    # replaced although their text is unchanged: produced by another delegraph or curation
    reextracted: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set, repr=False)  # officials/agencies written
    names: object = field(default=None, repr=False)  # identity.BatchNames of what was written
    # derive.DerivedInputs of the graphs this batch added (None: not collected), and
    # whether those are every readout graph of the store (a build into an empty store)
    derived_inputs: object = field(default=None, repr=False)
    inputs_whole: bool = field(default=False, repr=False)
    # how many of the added, replaced and removed readouts were written with the identity
    # and derived statements they change (derive.upkeep): when all were, no refresh is owed
    upkept: int = field(default=0, repr=False)

    def all_upkept(self) -> bool:
        """Whether every readout this batch wrote or removed was written with its upkeep."""
        return self.upkept == len(self.added) + len(self.replaced) + len(self.removed)

    def summary(self) -> str:
        replaced = f"{len(self.replaced)} replaced"
        if self.reextracted:
            replaced += (
                f" ({len(self.reextracted)} with the same text: stored by another "
                "delegraph version or curation)"
            )
        parts = [f"{len(self.added)} added", replaced, f"{len(self.unchanged)} unchanged"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        parts.append(f"{len(self.failed)} failed")
        return ", ".join(parts)
