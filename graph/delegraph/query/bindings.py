"""Query parameters sent as text: each bound value becomes a ``VALUES`` block in the groups
where the embedded store's substitutions would reach it, so an endpoint answers as
pyoxigraph does (one query semantics across stores).

pyoxigraph binds a parameter by putting its value in place of the variable everywhere in
the query's scope, a sub-SELECT that does not project it excepted. One ``VALUES`` block at
the top of the WHERE clause is not the same: a group is evaluated on its own before the
join, so ``{ FILTER(COALESCE(?x, "") = "") }`` in a nested group saw ``?x`` unbound and let
a branch through that the embedded store closes. Here a block goes at the start of:

- the WHERE group of the query and of every sub-SELECT that projects the variable;
- every other group that uses the variable, however deeply (a group is evaluated alone and
  joined after), but for ``OPTIONAL`` and ``EXISTS`` groups, which see the variable bound
  by the group around them.

A group that assigns the variable (``BIND(… AS ?x)``) gets its block at its end instead:
before the BIND it would be an error, after it the join is the filter the substitution is.

One difference stays: ``BOUND(?x)`` is false for a substituted variable in pyoxigraph and
true here; test an optional parameter with ``COALESCE`` (see the README).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import QueryError
from .sparqltext import Token, term_to_sparql, to_term, tokenize

_VARNAME = re.compile(r"[A-Za-z0-9_]+")
# groups that see the variables of the group around them instead of being joined to it
_SEES_OUTER = ("OPTIONAL", "EXISTS")


def values_block(bindings: Mapping[str, object]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` for the bindings (names with or without '?')."""
    names, terms = [], []
    for raw_name, value in bindings.items():
        name = raw_name.lstrip("?$")
        if not _VARNAME.fullmatch(name):
            raise QueryError(f"invalid variable name {raw_name!r}")
        names.append("?" + name)
        terms.append(term_to_sparql(to_term(value)))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def inject_values(query: str, bindings: Mapping[str, object] | None) -> str:
    """The query with its bindings as VALUES blocks where substitution would reach them
    (see the module docstring). QueryError for a query with no WHERE group."""
    if not bindings:
        return query
    blocks = {name.lstrip("?$"): values_block({name: value}) for name, value in bindings.items()}
    plan = _Planner(list(tokenize(query)), set(blocks)).plan()
    out, last = [], 0
    for offset, names in sorted(plan, key=lambda placed: placed[0]):
        if names:
            out.append(query[last:offset])
            out.append(" " + " ".join(blocks[n] for n in sorted(names)) + " ")
            last = offset
    out.append(query[last:])
    return "".join(out)


def _is(token: Token, *words: str) -> bool:
    return token.kind == "kw" and token.text.upper() in words


@dataclass
class _Planner:
    """Walks the tokens once, group by group, and lists (offset just inside a group's
    ``{`` or before its ``}``, the names whose blocks go there)."""

    tokens: list[Token]
    names: set[str]
    placed: list[tuple[int, set[str]]] = field(default_factory=list)  # (offset, names)

    def plan(self) -> list[tuple[int, set[str]]]:
        i = self._after_prologue()
        word = self.tokens[i].text.upper() if i < len(self.tokens) else ""
        if word == "CONSTRUCT" and i + 1 < len(self.tokens):
            if _is(self.tokens[i + 1], "WHERE"):
                raise QueryError("bindings are not supported with CONSTRUCT WHERE { }")
            if self.tokens[i + 1].text == "{":
                i = self._skip_braces(i + 1)
        elif word == "SELECT":
            self._select(i, self.names, top=True)
            return self.placed
        where = self._next_group(i)
        if where is None:
            raise QueryError("cannot place bindings: no WHERE { ... } group found in the query")
        self._group(where, self.names, "WHERE")
        return self.placed

    # --- structure ------------------------------------------------------------------------
    def _after_prologue(self) -> int:
        i, tokens = 0, self.tokens
        while i < len(tokens) and _is(tokens[i], "BASE", "PREFIX"):
            i += 3 if _is(tokens[i], "PREFIX") else 2
        return i

    def _next_group(self, i: int) -> int | None:
        """The index of the first ``{`` outside parentheses from *i* (braces inside them,
        as in a projected ``EXISTS { }``, skipped)."""
        parens = 0
        while i < len(self.tokens):
            t = self.tokens[i]
            if t.text == "(":
                parens += 1
            elif t.text == ")":
                parens -= 1
            elif t.text == "{":
                if parens == 0:
                    return i
                i = self._skip_braces(i)
                continue
            i += 1
        return None

    def _skip_braces(self, i: int) -> int:
        """The index after the ``}`` that closes the ``{`` at *i*."""
        depth = 0
        while i < len(self.tokens):
            text = self.tokens[i].text
            depth += (text == "{") - (text == "}")
            i += 1
            if depth == 0:
                return i
        raise QueryError("unbalanced braces in the query")

    def _select(self, i: int, scope: set[str], top: bool = False) -> tuple[int, set[str]]:
        """A SELECT at *i*: its WHERE group gets the names it projects (all for ``*``, and
        every name for the query itself). Returns the index after its WHERE group and the
        names it projects."""
        projected, star, parens, j = set(), False, 0, i + 1
        while j < len(self.tokens):
            t = self.tokens[j]
            if t.text == "(":
                parens += 1
            elif t.text == ")":
                parens -= 1
            elif parens == 0 and (t.text == "{" or _is(t, "WHERE", "FROM")):
                break
            elif parens == 0 and t.text == "*":
                star = True
            elif parens == 0 and t.kind == "var":
                projected.add(t.text[1:])
            j += 1
        inner = set(scope) if star or top else scope & projected
        where = self._next_group(j)
        if where is None:
            raise QueryError("cannot place bindings: a SELECT without a WHERE group")
        end, _ = self._group(where, inner, "WHERE")
        return end, inner

    def _group(self, i: int, scope: set[str], kind: str) -> tuple[int, set[str]]:
        """The group opening at *i*: plans its block and returns the index after its ``}``
        and the names of *scope* used in it (nested groups included)."""
        tokens = self.tokens
        if i + 1 < len(tokens) and _is(tokens[i + 1], "SELECT"):  # { SELECT … } wrapper
            end, used = self._select(i + 1, scope)
            while tokens[end].text != "}":  # solution modifiers, a trailing VALUES block
                end = self._skip_braces(end) if tokens[end].text == "{" else end + 1
            return end + 1, used
        used: set[str] = set()
        assigned: set[str] = set()
        j = i + 1
        while j < len(tokens) and tokens[j].text != "}":
            t = tokens[j]
            if t.text == "{":
                if self._data_block(j):
                    j = self._skip_braces(j)
                else:
                    opener = tokens[j - 1].text.upper() if tokens[j - 1].kind == "kw" else ""
                    j, inner = self._group(j, scope, opener)
                    used |= inner
                continue
            if t.kind == "var" and t.text[1:] in scope:
                used.add(t.text[1:])
                if j > 0 and _is(tokens[j - 1], "AS") and j + 1 < len(tokens):
                    assigned.add(t.text[1:])
            j += 1
        if j >= len(tokens):
            raise QueryError("unbalanced braces in the query")
        if kind == "WHERE":
            wanted = set(scope)
        elif kind in _SEES_OUTER:
            wanted = set()
        else:
            wanted = used
        self.placed.append((tokens[i].end, wanted - assigned))
        self.placed.append((tokens[j].start, wanted & assigned))
        return j + 1, used

    def _data_block(self, j: int) -> bool:
        """Whether the ``{`` at *j* opens the data of ``VALUES (?a ?b) {`` (the header's
        parentheses between the keyword and the brace)."""
        k = j - 1
        if self.tokens[k].text == ")":
            while k > 0 and self.tokens[k].text != "(":
                k -= 1
            return k > 0 and _is(self.tokens[k - 1], "VALUES")
        return k > 0 and self.tokens[k].kind == "var" and _is(self.tokens[k - 1], "VALUES")
