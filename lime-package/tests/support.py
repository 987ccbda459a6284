"""Paths and helpers shared by the package's tests: a strict .po reader, the frontend's keys."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MODULE = "limepkg_userlike_relay"
MODULE_DIR = PROJECT / MODULE
DISTRIBUTION = "limepkg-userlike-relay"
NAMESPACE = DISTRIBUTION + "-lwc-components"
DIST_DIR = MODULE_DIR / "frontend" / "dist"
ESM_RELATIVE = "%s/frontend/dist/%s/%s.esm.js" % (MODULE, NAMESPACE, NAMESPACE)
ESM = PROJECT / ESM_RELATIVE
TRANSLATIONS_DIR = MODULE_DIR / "translations"
LANGUAGES = ("en", "sv")
BUILD_DIST = PROJECT / "scripts" / "build_dist.py"

KEY_PREFIX = MODULE + "."
KEY_PATTERN = re.compile(r"%s(?:\.[A-Za-z0-9_-]+)+" % re.escape(MODULE))
# A key as a complete JS string literal: quote, key, the same quote.
KEY_LITERAL = re.compile(r"""(["'`])(%s)\1""" % KEY_PATTERN.pattern)
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

NOT_BUILT = (
    "the frontend is not built: %s is missing. "
    "Run `npm run build` (npm test builds it first)." % ESM
)


def require_built_frontend(test):
    """Fails `test` (never skips) when the namespace module is missing."""
    if not ESM.is_file():
        test.fail(NOT_BUILT)


def frontend_keys():
    """Every translation key the built frontend names as a string literal: {key: [files]}."""
    keys = {}
    for path in sorted((DIST_DIR / NAMESPACE).rglob("*.js")):
        for match in KEY_LITERAL.finditer(path.read_text(encoding="utf-8")):
            keys.setdefault(match.group(2), []).append(path.name)
    return keys


def placeholders(text):
    return set(PLACEHOLDER.findall(text))


def run(args, **kwargs):
    """Runs a command, capturing its output as text."""
    return subprocess.run(
        [str(a) for a in args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        check=False,
        **kwargs
    )


def build_dist(out, project=PROJECT, env=None):
    return run([sys.executable, BUILD_DIST, "--project", project, "--out", out], env=env)


def copy_project(dest, frontend=True):
    """Copies the package project (no build output but the frontend, unless `frontend` is False)."""

    def ignore(folder, names):
        ignored = {"__pycache__"} & set(names)
        if Path(folder) == PROJECT:
            ignored |= {"dist"} & set(names)
        if not frontend and Path(folder) == MODULE_DIR / "frontend":
            ignored |= {"dist"} & set(names)
        return ignored

    shutil.copytree(str(PROJECT), str(dest), ignore=ignore)
    return Path(dest)


# --- a strict reader for the gettext .po files this package ships ---------------------------------


class PoError(Exception):
    def __init__(self, path, line, message):
        super().__init__("%s:%d: %s" % (path, line, message))


class Entry:
    def __init__(self, msgid, msgstr, flags, line):
        self.msgid = msgid
        self.msgstr = msgstr
        self.flags = flags
        self.line = line


class Catalog:
    def __init__(self, path, header, entries):
        self.path = path
        self.header = header  # header field -> value
        self.entries = entries  # every entry but the header, in file order

    @property
    def messages(self):
        return {entry.msgid: entry.msgstr for entry in self.entries}


_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}
_KEYWORD = re.compile(r"(msgid|msgstr|msgctxt|msgid_plural|msgstr\[\d+\])\s+(.*)$")


def _string_literal(path, number, text):
    """Decodes one C-style string literal that makes up the whole of `text`."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoError(path, number, "expected a string in double quotes, got %r" % text)
    out = []
    body = text[1:-1]
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            if i + 1 >= len(body) or body[i + 1] not in _ESCAPES:
                raise PoError(path, number, "unsupported escape in %r" % text)
            out.append(_ESCAPES[body[i + 1]])
            i += 2
            continue
        if char == '"':
            raise PoError(path, number, "unescaped double quote in %r" % text)
        out.append(char)
        i += 1
    return "".join(out)


def parse_po(text, path="<string>"):
    """Parses a .po file without message contexts or plurals; raises PoError on anything else.

    Accepted: comments (`#`, `#.`, `#:`, `#,` flags), `msgid` then `msgstr`, each a string
    literal optionally continued on following lines that hold only a string literal, with the
    escapes \\\\ \\" \\n \\t \\r. Refused: `msgctxt`, plurals, obsolete (`#~`) entries, a msgid
    without msgstr (or the reverse), duplicate msgids, a header that is not the first entry.
    """
    entries = []
    header = None
    seen = {}
    flags = []
    current = None  # [keyword, parts, line] being read
    pending = {}  # keyword -> (value, line) of the entry being read

    def finish_field():
        nonlocal current
        if current is not None:
            pending[current[0]] = ("".join(current[1]), current[2])
            current = None

    def finish_entry(number):
        nonlocal header, flags
        finish_field()
        if not pending:
            if flags:
                raise PoError(path, number, "flags without an entry")
            return
        if "msgid" not in pending:
            raise PoError(path, pending["msgstr"][1], "msgstr without msgid")
        msgid, line = pending["msgid"]
        if "msgstr" not in pending:
            raise PoError(path, line, "msgid %r has no msgstr" % msgid)
        msgstr = pending["msgstr"][0]
        if msgid in seen:
            raise PoError(
                path, line, "duplicate msgid %r (first on line %d)" % (msgid, seen[msgid])
            )
        seen[msgid] = line
        if msgid == "":
            if entries:
                raise PoError(path, line, "the header (msgid \"\") must be the first entry")
            header = (msgstr, flags, line)
        else:
            entries.append(Entry(msgid, msgstr, flags, line))
        pending.clear()
        flags = []

    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if stripped.startswith("#~"):
            raise PoError(path, number, "obsolete entry (#~): delete it")
        if stripped == "" or stripped.startswith("#"):
            if pending or current is not None:
                reading_msgid_only = "msgstr" not in pending and (
                    current is None or current[0] != "msgstr"
                )
                if stripped.startswith("#") and reading_msgid_only:
                    raise PoError(path, number, "comment between msgid and msgstr")
                finish_entry(number)
            if stripped.startswith("#,"):
                flags += [flag.strip() for flag in stripped[2:].split(",") if flag.strip()]
            continue
        if stripped.startswith('"'):
            if current is None:
                raise PoError(path, number, "string continuation without msgid or msgstr")
            current[1].append(_string_literal(path, number, stripped))
            continue
        match = _KEYWORD.match(stripped)
        if not match:
            raise PoError(path, number, "unexpected line %r" % stripped)
        keyword = match.group(1)
        if keyword not in ("msgid", "msgstr"):
            raise PoError(path, number, "%s is not supported in this package's files" % keyword)
        finish_field()
        if keyword == "msgid" and pending:
            finish_entry(number)
        if keyword in pending:
            raise PoError(path, number, "second %s in one entry" % keyword)
        if keyword == "msgstr" and "msgid" not in pending:
            raise PoError(path, number, "msgstr without msgid")
        current = [keyword, [_string_literal(path, number, match.group(2))], number]
    finish_entry(len(lines))

    if header is None:
        raise PoError(path, 1, 'no header (the first entry, msgid "")')
    header_text, header_flags, header_line = header
    if "fuzzy" in header_flags:
        raise PoError(path, header_line, "the header is marked fuzzy")
    fields = {}
    for field in header_text.split("\n"):
        if not field:
            continue
        name, sep, value = field.partition(":")
        if not sep or not name.strip():
            raise PoError(path, header_line, "header line %r is not 'Name: value'" % field)
        fields[name.strip()] = value.strip()
    return Catalog(path, fields, entries)


def read_po(path):
    with open(str(path), "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        raise PoError(path, 1, "byte order mark; save as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PoError(path, data[: error.start].count(b"\n") + 1, "not UTF-8: %s" % error)
    return parse_po(text, path)
