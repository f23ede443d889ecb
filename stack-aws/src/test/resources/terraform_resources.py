"""Prints what terraform/'s root module declares, read with python-hcl2 at test time.

    python terraform_resources.py TERRAFORM_DIR

One line per resource block reachable from the root module through local module calls:
"resource module.<call>.<type>.<name>" (root-level resources as "<type>.<name>"), then one line
"tiers <a> <b> ..." with main.tf's local.tiers (every tier an expression can hold, in order).
"""
import sys
from pathlib import Path

import hcl2


def strip(s):
    return s.strip('"') if isinstance(s, str) else s


def load_dir(d):
    blocks = {"resource": [], "module": [], "locals": []}
    for f in sorted(Path(d).glob("*.tf")):
        with f.open() as fh:
            doc = hcl2.load(fh)
        for key in blocks:
            blocks[key].extend(doc.get(key, []))
    return blocks


def walk(d, prefix, out):
    blocks = load_dir(d)
    for block in blocks["resource"]:
        for rtype, named in block.items():
            for name in named:
                out.append(f"{prefix}{strip(rtype)}.{strip(name)}")
    for block in blocks["module"]:
        for call, body in block.items():
            source = strip(body.get("source"))
            if isinstance(source, str) and source.startswith("./"):
                walk(Path(d) / source, f"{prefix}module.{strip(call)}.", out)
    return blocks


root = Path(sys.argv[1])
out = []
blocks = walk(root, "", out)
for line in sorted(out):
    print("resource", line)
tiers = []
for block in blocks["locals"]:
    if "tiers" in block:
        value = block["tiers"]
        if isinstance(value, list):
            tiers = [strip(t) for t in value]
        else:
            # an expression such as concat(["a", "b"], var.x ? ["c"] : []): every tier it can hold, in order
            import re
            tiers = re.findall(r'"([a-z][a-z0-9_-]*)"', value)
print("tiers", " ".join(tiers))
