#!/usr/bin/env python3
"""Static gate for stackgate's Terraform tree, run without a terraform binary.

What passes: every .tf file parses (python-hcl2); every module call points at
an existing local module directory, passes only variables that module declares
and every variable it requires; every module.X.Y reference names an existing
call X whose module has an output Y; every var.X and local.X used in a
directory is declared there; and the tfvars JSON given (default: the seed
fixture) has exactly the root variables, each value shaped like its declared
type (object attribute names, number/string/bool/list/map).

What fails: any of the above, one line per problem, exit status 1.

    hcl_gate.py [TFVARS_JSON ...]     check the tree and each tfvars file
    hcl_gate.py --self-test           prove the gate rejects known-bad inputs
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import hcl2
except ImportError:  # pragma: no cover - environment problem, not a gate result
    sys.exit("hcl_gate: python-hcl2 is not installed; run terraform/tests/run-gates.sh (it creates .tools/venv-hcl)")

TERRAFORM_DIR = Path(__file__).resolve().parent.parent
DEFAULT_TFVARS = TERRAFORM_DIR / "tests" / "fixtures" / "seed-2az.auto.tfvars.json"

# Arguments of a module block that are Terraform's, not the module's variables.
MODULE_META_ARGUMENTS = {"source", "version", "providers", "depends_on", "count", "for_each"}

MODULE_REF = re.compile(r"\bmodule\.([A-Za-z_][A-Za-z0-9_-]*)(?:\.([A-Za-z_][A-Za-z0-9_-]*))?")
VAR_REF = re.compile(r"(?<![A-Za-z0-9_.])var\.([A-Za-z_][A-Za-z0-9_-]*)")
LOCAL_REF = re.compile(r"(?<![A-Za-z0-9_.])local\.([A-Za-z_][A-Za-z0-9_-]*)")


# ---------------------------------------------------------------------------
# Terraform type constraints
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TfType:
    """A parsed Terraform type constraint: kind plus element / attributes."""

    kind: str  # string number bool any list set map object tuple
    element: "TfType | None" = None
    attributes: tuple[tuple[str, "TfType", bool], ...] = ()  # (name, type, optional)
    elements: tuple["TfType", ...] = ()

    def describe(self) -> str:
        if self.kind in ("list", "set", "map"):
            return f"{self.kind}({self.element.describe()})"
        if self.kind == "object":
            inner = ", ".join(f"{n}={'optional(' if o else ''}{t.describe()}{')' if o else ''}" for n, t, o in self.attributes)
            return f"object({{{inner}}})"
        if self.kind == "tuple":
            return f"tuple([{', '.join(t.describe() for t in self.elements)}])"
        return self.kind


class TypeParseError(ValueError):
    pass


class _TypeParser:
    """Recursive-descent parser for the type expressions python-hcl2 returns as text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def parse(self) -> TfType:
        result = self._type()
        self._skip_ws()
        if self.pos != len(self.text):
            raise TypeParseError(f"unexpected text after type at {self.pos}: {self.text[self.pos:]!r}")
        return result

    def _skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n,":
            if self.text[self.pos] == ",":
                return
            self.pos += 1

    def _expect(self, char: str) -> None:
        self._skip_ws()
        if not self.text.startswith(char, self.pos):
            raise TypeParseError(f"expected {char!r} at {self.pos} in {self.text!r}")
        self.pos += len(char)

    def _accept(self, char: str) -> bool:
        self._skip_ws()
        if self.text.startswith(char, self.pos):
            self.pos += len(char)
            return True
        return False

    def _ident(self) -> str:
        self._skip_ws()
        match = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*").match(self.text, self.pos)
        if not match:
            raise TypeParseError(f"expected a name at {self.pos} in {self.text!r}")
        self.pos = match.end()
        return match.group(0)

    def _skip_expression(self) -> None:
        """Skip an optional() default value: up to the ')' that closes optional( at depth 0."""
        depth = 0
        in_string = False
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if in_string:
                if char == "\\":
                    self.pos += 1
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif char in "([{":
                depth += 1
            elif char in ")]}":
                if depth == 0:
                    return
                depth -= 1
            self.pos += 1
        raise TypeParseError(f"unterminated optional() default in {self.text!r}")

    def _type(self) -> TfType:
        name = self._ident()
        if name in ("string", "number", "bool", "any"):
            return TfType(name)
        if name in ("list", "set", "map"):
            self._expect("(")
            element = self._type()
            self._expect(")")
            return TfType(name, element=element)
        if name == "object":
            self._expect("(")
            self._expect("{")
            attributes = []
            while not self._accept("}"):
                attr = self._ident()
                self._expect("=")
                attr_type, optional = self._attribute_type()
                attributes.append((attr, attr_type, optional))
                self._accept(",")
            self._expect(")")
            return TfType("object", attributes=tuple(attributes))
        if name == "tuple":
            self._expect("(")
            self._expect("[")
            elements = []
            while not self._accept("]"):
                elements.append(self._type())
                self._accept(",")
            self._expect(")")
            return TfType("tuple", elements=tuple(elements))
        raise TypeParseError(f"unknown type {name!r} in {self.text!r}")

    def _attribute_type(self) -> tuple[TfType, bool]:
        self._skip_ws()
        if self.text.startswith("optional", self.pos) and self.text[self.pos + len("optional"):].lstrip().startswith("("):
            self._ident()
            self._expect("(")
            inner = self._type()
            if self._accept(","):
                self._skip_expression()
            self._expect(")")
            return inner, True
        return self._type(), False


def parse_type(raw: str) -> TfType:
    text = raw.strip()
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    return _TypeParser(text).parse()


def check_value(value: Any, expected: TfType, path: str) -> list[str]:
    """Problems of a JSON value against a Terraform type (strict: no string<->number conversion)."""
    kind = expected.kind
    if kind == "any":
        return []
    if value is None:
        return [f"{path}: null where {expected.describe()} is required"]
    if kind == "string":
        return [] if isinstance(value, str) else [f"{path}: expected string, got {json_kind(value)} {value!r}"]
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected number, got {json_kind(value)} {value!r}"]
    if kind == "bool":
        return [] if isinstance(value, bool) else [f"{path}: expected bool, got {json_kind(value)} {value!r}"]
    if kind in ("list", "set"):
        if not isinstance(value, list):
            return [f"{path}: expected {expected.describe()}, got {json_kind(value)}"]
        problems = []
        for index, item in enumerate(value):
            problems += check_value(item, expected.element, f"{path}[{index}]")
        return problems
    if kind == "tuple":
        if not isinstance(value, list) or len(value) != len(expected.elements):
            return [f"{path}: expected {expected.describe()}, got {json_kind(value)}"]
        problems = []
        for index, (item, item_type) in enumerate(zip(value, expected.elements)):
            problems += check_value(item, item_type, f"{path}[{index}]")
        return problems
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{path}: expected {expected.describe()}, got {json_kind(value)}"]
        problems = []
        for key, item in value.items():
            problems += check_value(item, expected.element, f"{path}.{key}")
        return problems
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: expected {expected.describe()}, got {json_kind(value)}"]
        declared = {name: (attr_type, optional) for name, attr_type, optional in expected.attributes}
        problems = []
        for key in value:
            if key not in declared:
                # Terraform silently drops unknown object attributes: a typo would go unnoticed.
                problems.append(f"{path}.{key}: attribute not declared in the variable's type (declared: {', '.join(sorted(declared))})")
        for name, (attr_type, optional) in declared.items():
            if name not in value:
                if not optional:
                    problems.append(f"{path}.{name}: required attribute missing")
                continue
            if value[name] is None and optional:
                continue
            problems += check_value(value[name], attr_type, f"{path}.{name}")
        return problems
    return [f"{path}: unsupported type {expected.describe()}"]


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# ---------------------------------------------------------------------------
# Terraform tree model
# ---------------------------------------------------------------------------

def unquote(label: str) -> str:
    return label[1:-1] if len(label) >= 2 and label[0] == label[-1] == '"' else label


@dataclass
class Variable:
    name: str
    type: TfType | None
    required: bool
    file: Path


@dataclass
class ModuleCall:
    name: str
    source: str
    arguments: dict[str, Any]
    file: Path


@dataclass
class TfDir:
    path: Path
    variables: dict[str, Variable] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)
    locals: set[str] = field(default_factory=set)
    modules: dict[str, ModuleCall] = field(default_factory=dict)
    bodies: list[tuple[Path, Any]] = field(default_factory=list)


class Gate:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[str] = []
        self.dirs: dict[Path, TfDir] = {}
        self.files_parsed = 0

    def fail(self, where: Path | str, message: str) -> None:
        location = where.relative_to(self.root) if isinstance(where, Path) and where.is_relative_to(self.root) else where
        self.problems.append(f"{location}: {message}")

    # -- loading ------------------------------------------------------------

    def load(self) -> None:
        for tf_file in sorted(self.root.rglob("*.tf")):
            if ".terraform" in tf_file.parts:
                continue
            try:
                with tf_file.open(encoding="utf-8") as handle:
                    body = hcl2.load(handle)
            except Exception as error:  # python-hcl2 raises lark exceptions of several kinds
                self.fail(tf_file, f"does not parse: {type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}")
                continue
            self.files_parsed += 1
            tf_dir = self.dirs.setdefault(tf_file.parent, TfDir(tf_file.parent))
            tf_dir.bodies.append((tf_file, body))
            self._index(tf_dir, tf_file, body)

    def _index(self, tf_dir: TfDir, tf_file: Path, body: dict) -> None:
        for block in body.get("variable", []):
            for label, attrs in block.items():
                name = unquote(label)
                var_type = None
                if "type" in attrs:
                    try:
                        var_type = parse_type(attrs["type"])
                    except TypeParseError as error:
                        self.fail(tf_file, f"variable {name}: cannot read its type: {error}")
                if name in tf_dir.variables:
                    self.fail(tf_file, f"variable {name} declared twice")
                tf_dir.variables[name] = Variable(name, var_type, "default" not in attrs, tf_file)
        for block in body.get("output", []):
            for label in block:
                tf_dir.outputs.add(unquote(label))
        for block in body.get("locals", []):
            tf_dir.locals.update(k for k in block if not k.startswith("__"))
        for block in body.get("module", []):
            for label, attrs in block.items():
                name = unquote(label)
                source = unquote(str(attrs.get("source", "")))
                arguments = {k: v for k, v in attrs.items() if not k.startswith("__")}
                tf_dir.modules[name] = ModuleCall(name, source, arguments, tf_file)

    # -- checks -------------------------------------------------------------

    def check_modules(self) -> None:
        for tf_dir in self.dirs.values():
            for call in tf_dir.modules.values():
                where = f"{call.file.relative_to(self.root)} module \"{call.name}\""
                if not call.source.startswith(("./", "../")):
                    self.fail(where, f"source {call.source!r} is not a local path; this tree ships its modules")
                    continue
                target = (tf_dir.path / call.source).resolve()
                if target not in self.dirs:
                    self.fail(where, f"source {call.source!r} -> {target} has no .tf files")
                    continue
                module = self.dirs[target]
                for argument in call.arguments:
                    if argument in MODULE_META_ARGUMENTS:
                        continue
                    if argument not in module.variables:
                        self.fail(where, f"passes {argument!r}, which {call.source} does not declare as a variable")
                for variable in module.variables.values():
                    if variable.required and variable.name not in call.arguments:
                        self.fail(where, f"does not pass required variable {variable.name!r} of {call.source}")

    def check_references(self) -> None:
        for tf_dir in self.dirs.values():
            for tf_file, body in tf_dir.bodies:
                for text in iter_strings(body):
                    for match in MODULE_REF.finditer(text):
                        module_name, output = match.group(1), match.group(2)
                        if module_name not in tf_dir.modules:
                            self.fail(tf_file, f"refers to module.{module_name}, which is not called in {tf_dir.path.relative_to(self.root) or '.'}")
                            continue
                        if output is None:
                            continue
                        call = tf_dir.modules[module_name]
                        target = (tf_dir.path / call.source).resolve()
                        if target in self.dirs and output not in self.dirs[target].outputs:
                            self.fail(tf_file, f"refers to module.{module_name}.{output}, but {call.source} has no output {output!r}")
                    for match in VAR_REF.finditer(text):
                        if match.group(1) not in tf_dir.variables:
                            self.fail(tf_file, f"refers to var.{match.group(1)}, which is not declared in this directory")
                    for match in LOCAL_REF.finditer(text):
                        if match.group(1) not in tf_dir.locals:
                            self.fail(tf_file, f"refers to local.{match.group(1)}, which is not defined in this directory")

    def check_tfvars(self, tfvars: Path) -> None:
        root = self.dirs.get(self.root)
        if root is None:
            self.fail(self.root, "no root module (.tf files) found")
            return
        try:
            values = json.loads(tfvars.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            self.fail(str(tfvars), f"cannot read tfvars JSON: {error}")
            return
        if not isinstance(values, dict):
            self.fail(str(tfvars), "tfvars JSON must be an object of variable name -> value")
            return
        for key in values:
            if key not in root.variables:
                self.fail(str(tfvars), f"key {key!r} is not a variable of the root module")
        for variable in root.variables.values():
            if variable.required and variable.name not in values:
                self.fail(str(tfvars), f"required root variable {variable.name!r} is missing")
        for key, value in values.items():
            variable = root.variables.get(key)
            if variable is None or variable.type is None:
                continue
            for problem in check_value(value, variable.type, key):
                self.fail(str(tfvars), problem)

    def run(self, tfvars_files: list[Path]) -> int:
        self.load()
        self.check_modules()
        self.check_references()
        for tfvars in tfvars_files:
            self.check_tfvars(tfvars)
        for problem in self.problems:
            print(f"hcl_gate: FAIL {problem}")
        calls = sum(len(d.modules) for d in self.dirs.values())
        print(f"hcl_gate: {self.files_parsed} files parsed, {len(self.dirs)} directories, "
              f"{calls} module calls, {len(tfvars_files)} tfvars checked, {len(self.problems)} problems")
        return 1 if self.problems else 0


def iter_strings(node: Any):
    """Every string in a python-hcl2 body (expressions come back as strings)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "__comments__":
                continue
            yield from iter_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_strings(item)


# ---------------------------------------------------------------------------
# self-test: the gate must fail on known-bad inputs
# ---------------------------------------------------------------------------

def self_test() -> int:
    fixture = json.loads(DEFAULT_TFVARS.read_text(encoding="utf-8"))
    failures = []

    def expect(label: str, tree: Path, tfvars: dict | None, needle: str | None) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            paths = []
            if tfvars is not None:
                path = Path(scratch) / "case.auto.tfvars.json"
                path.write_text(json.dumps(tfvars), encoding="utf-8")
                paths = [path]
            gate = Gate(tree)
            import contextlib
            import io
            with contextlib.redirect_stdout(io.StringIO()):
                status = gate.run(paths)
        if needle is None:
            ok = status == 0
            detail = "; ".join(gate.problems[:3])
        else:
            ok = status != 0 and any(needle in p for p in gate.problems)
            detail = "; ".join(gate.problems[:3]) or "no problem reported"
        print(f"hcl_gate self-test: {'ok  ' if ok else 'FAIL'} {label}" + ("" if ok else f" ({detail})"))
        if not ok:
            failures.append(label)

    def variant(change) -> dict:
        data = json.loads(json.dumps(fixture))
        change(data)
        return data

    expect("the seed fixture passes", TERRAFORM_DIR, fixture, None)
    expect("an unknown top-level key fails", TERRAFORM_DIR,
           variant(lambda d: d.update(unknown_key=1)), "key 'unknown_key' is not a variable")
    expect("a missing required variable fails", TERRAFORM_DIR,
           variant(lambda d: d.pop("vpc_cidr")), "required root variable 'vpc_cidr' is missing")
    expect("a string where a number is declared fails", TERRAFORM_DIR,
           variant(lambda d: d["prometheus"].update(replicas="2")), "prometheus.replicas: expected number")
    expect("an undeclared object attribute fails", TERRAFORM_DIR,
           variant(lambda d: d["grafana"].update(databaseEngine="postgres")), "grafana.databaseEngine: attribute not declared")
    expect("a missing object attribute fails", TERRAFORM_DIR,
           variant(lambda d: d["health_check"].pop("timeout_seconds")), "health_check.timeout_seconds: required attribute missing")
    expect("a scalar where a list is declared fails", TERRAFORM_DIR,
           variant(lambda d: d.update(ssh_from_cidrs="10.0.0.0/8")), "ssh_from_cidrs: expected list(string)")

    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch)
        (tree / "modules" / "m").mkdir(parents=True)
        (tree / "modules" / "m" / "main.tf").write_text(
            'variable "needed" {\n  type = string\n}\n'
            'output "out" {\n  value = var.needed\n}\n', encoding="utf-8")
        (tree / "main.tf").write_text(
            'module "m" {\n  source = "./modules/m"\n  typo = "x"\n}\n'
            'module "gone" {\n  source = "./modules/missing"\n}\n'
            'output "o" {\n  value = module.m.nope\n}\n'
            'output "p" {\n  value = var.undeclared\n}\n', encoding="utf-8")
        expect("a module argument the module does not declare fails", tree, None, "passes 'typo'")
        expect("a required module variable not passed fails", tree, None, "does not pass required variable 'needed'")
        expect("a module source without .tf files fails", tree, None, "has no .tf files")
        expect("a module output that does not exist fails", tree, None, "has no output 'nope'")
        expect("an undeclared var reference fails", tree, None, "var.undeclared")
        (tree / "broken.tf").write_text('resource "x" "y" {\n  a = \n', encoding="utf-8")
        expect("a file that does not parse fails", tree, None, "broken.tf: does not parse")

    print(f"hcl_gate self-test: {'all cases behaved' if not failures else str(len(failures)) + ' case(s) misbehaved'}")
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tfvars", nargs="*", type=Path, help=f"tfvars JSON files (default: {DEFAULT_TFVARS.relative_to(TERRAFORM_DIR)})")
    parser.add_argument("--self-test", action="store_true", help="check that the gate rejects known-bad inputs")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    return Gate(TERRAFORM_DIR).run(args.tfvars or [DEFAULT_TFVARS])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
