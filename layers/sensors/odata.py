"""SensorThings ``$filter`` (OData) to SQL: parsed by ``odata-query``, compiled here
against one entity's filterable properties with every literal bound.

Supported: ``eq ne gt ge lt le`` between a property and a literal (either side),
``and``, ``or``, ``not``, parentheses; literals: numbers, strings, ISO 8601
date-times, booleans, ``null`` (with ``eq``/``ne``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from odata_query import ast
from odata_query.exceptions import ODataException
from odata_query.grammar import ODataLexer, ODataParser
from psycopg import sql

from models.errors import InvalidParameter

#: Longest accepted ``$filter`` (characters) and deepest nesting.
MAX_FILTER = 2000
MAX_DEPTH = 40
_OPS = {
    ast.Eq: "=",
    ast.NotEq: "<>",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Lt: "<",
    ast.LtE: "<=",
}
_FLIPPED = {ast.Gt: ast.Lt, ast.Lt: ast.Gt, ast.GtE: ast.LtE, ast.LtE: ast.GtE}


def parse_filter(text: str) -> ast._Node:
    """The OData expression tree of ``text``; ``InvalidParameter('$filter')`` if bad."""
    if len(text) > MAX_FILTER:
        raise InvalidParameter("$filter", f"longer than {MAX_FILTER} characters")
    try:
        return ODataParser().parse(ODataLexer().tokenize(text))
    except (ODataException, RecursionError) as exc:
        raise InvalidParameter("$filter", f"cannot parse: {exc}") from None
    except Exception as exc:  # sly reports some syntax errors as plain exceptions
        raise InvalidParameter("$filter", f"cannot parse: {exc}") from None


def compile_filter(text: str, properties: Mapping[str, str]) -> sql.Composable:
    """SQL condition for ``text``; ``properties`` maps SensorThings names to columns."""
    return _node(parse_filter(text), properties, 0)


def _node(node: Any, props: Mapping[str, str], depth: int) -> sql.Composable:
    if depth > MAX_DEPTH:
        raise InvalidParameter("$filter", f"nested deeper than {MAX_DEPTH}")
    if isinstance(node, ast.BoolOp):
        op = sql.SQL(" AND " if isinstance(node.op, ast.And) else " OR ")
        parts = [_node(node.left, props, depth + 1), _node(node.right, props, depth + 1)]
        return sql.SQL("({})").format(op.join(parts))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return sql.SQL("(NOT {})").format(_node(node.operand, props, depth + 1))
    if isinstance(node, ast.Compare):
        return _compare(node, props)
    raise InvalidParameter("$filter", f"{type(node).__name__} is not supported")


def _compare(node: ast.Compare, props: Mapping[str, str]) -> sql.Composable:
    kind = type(node.comparator)
    if kind not in _OPS:
        raise InvalidParameter("$filter", f"operator {kind.__name__} is not supported")
    left, right = node.left, node.right
    if not isinstance(left, ast.Identifier) and isinstance(right, ast.Identifier):
        left, right = right, left
        kind = _FLIPPED.get(kind, kind)
    if not isinstance(left, ast.Identifier):
        raise InvalidParameter("$filter", "compare a property with a value")
    column = props.get(left.name)
    if column is None:
        known = ", ".join(sorted(props))
        raise InvalidParameter("$filter", f"unknown property '{left.name}' (known: {known})")
    target = sql.SQL(column)
    if isinstance(right, ast.Null):
        if kind not in (ast.Eq, ast.NotEq):
            raise InvalidParameter("$filter", "null compares only with eq or ne")
        return sql.SQL("({} IS {}NULL)").format(target, sql.SQL("" if kind is ast.Eq else "NOT "))
    return sql.SQL("({} {} {})").format(target, sql.SQL(_OPS[kind]), sql.Literal(_literal(right)))


def _literal(node: Any) -> Any:
    if isinstance(node, ast.Integer):
        return int(node.val)
    if isinstance(node, ast.Float):
        return float(node.val)
    if isinstance(node, ast.Boolean):
        return node.val.lower() == "true"
    if isinstance(node, ast.String):
        return node.val
    if isinstance(node, ast.DateTime):
        try:
            return dt.datetime.fromisoformat(node.val)
        except ValueError:
            raise InvalidParameter("$filter", f"bad date-time {node.val!r}") from None
    if isinstance(node, ast.Date):
        return dt.date.fromisoformat(node.val)
    raise InvalidParameter("$filter", f"{type(node).__name__} values are not supported")
