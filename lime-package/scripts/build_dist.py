#!/usr/bin/env python3
"""Build the Lime package's wheel and sdist, with the Python standard library only.

    python3 lime-package/scripts/build_dist.py [--out DIR] [--project DIR]

Lime packages are built with Poetry; this script stands in for `poetry build` where Poetry is not
installed. It reads the same `[tool.poetry]` table of `pyproject.toml` (name, version, description,
authors, readme, packages, include, plugins, dependencies) and writes

    <out>/<name>-<version>-py3-none-any.whl   (the installable package)
    <out>/<name>-<version>.tar.gz             (the sdist: PKG-INFO, pyproject.toml, README, package)

with the file names normalized as the packaging specifications ask (`limepkg_userlike_relay-…`).
Like Poetry, it leaves out files git ignores in the package folder unless `include` names them,
so the built frontend and the translations get in only through the `include` entries of
pyproject.toml. It refuses to build when the frontend is not built or a translation is missing.

The output is reproducible: entries are sorted and dated SOURCE_DATE_EPOCH, or else the newest
input file's modification time.

Needs Python 3.11+ (tomllib) or the `tomli` package; the package it builds runs on Python 3.7+.
"""

import argparse
import base64
import csv
import gzip
import hashlib
import io
import os
import re
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path, PurePosixPath

PROG = "build_dist.py"
DEFAULT_PROJECT = Path(__file__).resolve().parent.parent
# Every language the package ships; the frontend's keys are checked against these by the tests.
REQUIRED_LANGUAGES = ("en", "sv")
# Stencil's namespace layout: the web client loads `<namespace>/<namespace>.esm.js`.
NAMESPACE_SUFFIX = "-lwc-components"
# Zip cannot store dates before 1980.
ZIP_EPOCH_MIN = 315532800

SUPPORTED_POETRY_KEYS = {
    "name",
    "version",
    "description",
    "authors",
    "readme",
    "packages",
    "include",
    "plugins",
    "dependencies",
    "dev-dependencies",
    "group",
    "source",
}


class BuildError(Exception):
    """A problem the user must fix; its message is printed without a traceback."""


def load_toml(path):
    try:
        import tomllib
    except ImportError:
        try:
            import tomli as tomllib
        except ImportError:
            raise BuildError(
                "reading %s needs Python 3.11 or newer (tomllib) or the tomli package; this is "
                "Python %d.%d. Run the script with a newer python3."
                % ((path,) + tuple(sys.version_info[:2]))
            )
    with open(path, "rb") as f:
        try:
            return tomllib.load(f)
        except tomllib.TOMLDecodeError as error:
            raise BuildError("%s is not valid TOML: %s" % (path, error))


def normalize_name(name):
    """The distribution name as wheel and sdist file names spell it (PEP 503, then `-` → `_`)."""
    return re.sub(r"[-_.]+", "_", name).lower()


class Project:
    """What the build needs from pyproject.toml, validated."""

    def __init__(self, root):
        self.root = root
        pyproject_path = root / "pyproject.toml"
        if not pyproject_path.is_file():
            raise BuildError("no pyproject.toml in %s" % root)
        data = load_toml(pyproject_path)
        poetry = data.get("tool", {}).get("poetry")
        if not isinstance(poetry, dict):
            raise BuildError("%s has no [tool.poetry] table" % pyproject_path)
        unsupported = sorted(set(poetry) - SUPPORTED_POETRY_KEYS)
        if unsupported:
            raise BuildError(
                "[tool.poetry] keys %s are not supported by %s; build with Poetry instead"
                % (", ".join(unsupported), PROG)
            )

        self.name = self._string(poetry, "name")
        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", self.name):
            raise BuildError("[tool.poetry] name %r is not a valid distribution name" % self.name)
        self.version = self._string(poetry, "version")
        if not re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", self.version):
            raise BuildError(
                "[tool.poetry] version %r is not a plain PEP 440 version such as 1.2.0"
                % self.version
            )
        self.description = self._string(poetry, "description")
        self.authors = poetry.get("authors", [])
        if not isinstance(self.authors, list) or not all(isinstance(a, str) for a in self.authors):
            raise BuildError("[tool.poetry] authors must be a list of strings")
        self.readme = root / self._string(poetry, "readme")
        if not self.readme.is_file():
            raise BuildError("the readme %s does not exist" % self.readme)

        dependencies = dict(poetry.get("dependencies", {}))
        python = dependencies.pop("python", None)
        if dependencies:
            raise BuildError(
                "%s does not pack dependencies (%s); build with Poetry instead"
                % (PROG, ", ".join(sorted(dependencies)))
            )
        if python is not None and not re.fullmatch(
            r"\s*(~=|==|!=|<=|>=|<|>)\s*\d+(\.\d+)*\s*(,\s*(~=|==|!=|<=|>=|<|>)\s*\d+(\.\d+)*\s*)*",
            python,
        ):
            raise BuildError(
                "[tool.poetry.dependencies] python %r: write it as a PEP 440 specifier such as "
                "'>=3.7' (Poetry's ^ and ~ forms are not translated)" % python
            )
        self.requires_python = python.strip() if python else None

        self.entry_points = {}
        for group, entries in sorted(poetry.get("plugins", {}).items()):
            if not isinstance(entries, dict) or not all(
                isinstance(v, str) for v in entries.values()
            ):
                raise BuildError("[tool.poetry.plugins.%s] must map names to strings" % group)
            self.entry_points[group] = dict(sorted(entries.items()))

        self.packages = self._packages(poetry.get("packages"))
        self.includes = self._includes(poetry.get("include", []))

    @staticmethod
    def _string(table, key):
        value = table.get(key)
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            raise BuildError("[tool.poetry] %s must be a one-line, non-empty string" % key)
        return value.strip()

    def _packages(self, packages):
        if not isinstance(packages, list) or not packages:
            raise BuildError("[tool.poetry] packages must list the package folder(s)")
        result = []
        for entry in packages:
            if not isinstance(entry, dict) or not isinstance(entry.get("include"), str):
                raise BuildError("[tool.poetry] packages entries must be {include = \"<folder>\"}")
            extra = set(entry) - {"include", "format"}
            if extra:
                raise BuildError(
                    "[tool.poetry] packages: %s not supported by %s"
                    % (", ".join(sorted(extra)), PROG)
                )
            folder = self.root / entry["include"]
            if not (folder / "__init__.py").is_file():
                raise BuildError("package folder %s has no __init__.py" % folder)
            result.append((entry["include"], self._formats(entry, default=("sdist", "wheel"))))
        return result

    def _includes(self, includes):
        if not isinstance(includes, list):
            raise BuildError("[tool.poetry] include must be a list")
        result = []
        for entry in includes:
            if isinstance(entry, str):
                entry = {"path": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                raise BuildError("[tool.poetry] include entries must be a glob or {path, format}")
            # Poetry 2 puts an include without `format` into the sdist only.
            result.append((entry["path"], self._formats(entry, default=("sdist",))))
        return result

    @staticmethod
    def _formats(entry, default):
        formats = entry.get("format", list(default))
        if isinstance(formats, str):
            formats = [formats]
        if not set(formats) <= {"sdist", "wheel"}:
            raise BuildError("unknown format in %r (sdist or wheel)" % (entry,))
        return frozenset(formats)

    @property
    def module_dir(self):
        """The first package folder: where the frontend and translations live."""
        return self.packages[0][0]

    @property
    def namespace(self):
        return self.name + NAMESPACE_SUFFIX

    def required_files(self):
        """(relative path, what to do when it is missing)."""
        esm = "%s/frontend/dist/%s/%s.esm.js" % (self.module_dir, self.namespace, self.namespace)
        yield (
            esm,
            "the frontend is not built. Run `npm run build` first "
            "(`npm run package` builds and packs)",
        )
        for language in REQUIRED_LANGUAGES:
            yield (
                "%s/translations/%s.po" % (self.module_dir, language),
                "a translation is missing; every language in %s ships a .po file"
                % ", ".join(REQUIRED_LANGUAGES),
            )

    def metadata(self):
        """Core metadata 2.1: the wheel's METADATA and the sdist's PKG-INFO."""
        lines = [
            "Metadata-Version: 2.1",
            "Name: " + self.name,
            "Version: " + self.version,
            "Summary: " + self.description,
        ]
        names, emails = [], []
        for author in self.authors:
            match = re.fullmatch(r"\s*([^<>]+?)\s*(?:<([^<>]+)>)?\s*", author)
            if not match:
                raise BuildError(
                    "[tool.poetry] authors: %r is not 'Name' or 'Name <email>'" % author
                )
            if match.group(2):
                emails.append("%s <%s>" % (match.group(1), match.group(2)))
            else:
                names.append(match.group(1))
        if names:
            lines.append("Author: " + ", ".join(names))
        if emails:
            lines.append("Author-email: " + ", ".join(emails))
        if self.requires_python:
            lines.append("Requires-Python: " + self.requires_python)
        content_type = "text/markdown" if self.readme.suffix.lower() == ".md" else "text/plain"
        lines.append("Description-Content-Type: %s; charset=UTF-8" % content_type)
        body = self.readme.read_text(encoding="utf-8")
        return ("\n".join(lines) + "\n\n" + body).encode("utf-8")

    def entry_points_txt(self):
        out = []
        for group, entries in self.entry_points.items():
            out.append("[%s]" % group)
            out.extend("%s = %s" % item for item in entries.items())
            out.append("")
        return "\n".join(out).encode("utf-8")


def git_ignored(root, folder):
    """Untracked files git ignores under `folder`, as POSIX paths relative to `root`.

    Empty when `root` is not in a git work tree (an unpacked sdist), as for Poetry.
    """
    try:
        result = subprocess.run(
            ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "-z", "--", folder],
            cwd=str(root),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        return set()
    if result.returncode != 0:
        return set()
    return {p for p in result.stdout.decode("utf-8").split("\0") if p}


def is_bytecode(relative):
    parts = PurePosixPath(relative).parts
    return "__pycache__" in parts or relative.endswith((".pyc", ".pyo"))


def collect_files(project, target):
    """Sorted POSIX paths (relative to the project) of the files that go into `target`."""
    files = set()
    for folder, formats in project.packages:
        if target not in formats:
            continue
        ignored = git_ignored(project.root, folder)
        for path in (project.root / folder).rglob("*"):
            relative = path.relative_to(project.root).as_posix()
            if path.is_file() and relative not in ignored and not is_bytecode(relative):
                files.add(relative)
    for pattern, formats in project.includes:
        if target not in formats:
            continue
        for path in project.root.glob(pattern):
            relative = path.relative_to(project.root).as_posix()
            if path.is_file() and not is_bytecode(relative):
                files.add(relative)
    return sorted(files)


def check_required(project, wheel_files):
    for relative, problem in project.required_files():
        if not (project.root / relative).is_file():
            raise BuildError("%s: %s is missing." % (problem, project.root / relative))
        if relative not in wheel_files:
            raise BuildError(
                "%s exists but pyproject.toml does not put it into the wheel: add it to "
                "[tool.poetry] include with format = [\"sdist\", \"wheel\"]" % relative
            )


def build_epoch(project, files):
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not epoch.isdigit():
            raise BuildError("SOURCE_DATE_EPOCH must be whole seconds, not %r" % epoch)
        return int(epoch)
    inputs = [project.root / "pyproject.toml", project.readme] + [project.root / f for f in files]
    return int(max(p.stat().st_mtime for p in inputs))


def record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def write_atomically(path, data):
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(str(partial), str(path))


def build_wheel(project, files, epoch, out):
    stem = "%s-%s" % (normalize_name(project.name), project.version)
    dist_info = stem + ".dist-info"
    generator = "%s (%s)" % (PROG, project.name)
    contents = [(f, (project.root / f).read_bytes()) for f in files]
    contents += [
        (dist_info + "/METADATA", project.metadata()),
        (
            dist_info + "/WHEEL",
            (
                "Wheel-Version: 1.0\nGenerator: %s\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                % generator
            ).encode("utf-8"),
        ),
        (dist_info + "/entry_points.txt", project.entry_points_txt()),
    ]
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, data in contents:
        writer.writerow([name, record_hash(data), len(data)])
    writer.writerow([dist_info + "/RECORD", "", ""])
    contents.append((dist_info + "/RECORD", record.getvalue().encode("utf-8")))

    date_time = time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for name, data in contents:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            wheel.writestr(info, data)
    path = out / (stem + "-py3-none-any.whl")
    write_atomically(path, buffer.getvalue())
    return path


def build_sdist(project, files, epoch, out):
    stem = "%s-%s" % (normalize_name(project.name), project.version)
    readme = project.readme.relative_to(project.root).as_posix()
    contents = [("PKG-INFO", project.metadata())]
    for relative in sorted({"pyproject.toml", readme} | set(files)):
        contents.append((relative, (project.root / relative).read_bytes()))

    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=epoch) as compressed:
        with tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name, data in contents:
                info = tarfile.TarInfo("%s/%s" % (stem, name))
                info.size = len(data)
                info.mtime = epoch
                info.mode = 0o644
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                tar.addfile(info, io.BytesIO(data))
    path = out / (stem + ".tar.gz")
    write_atomically(path, buffer.getvalue())
    return path


def build(project_root, out):
    project = Project(project_root)
    wheel_files = collect_files(project, "wheel")
    sdist_files = collect_files(project, "sdist")
    check_required(project, wheel_files)
    missing_from_sdist = sorted(set(wheel_files) - set(sdist_files))
    if missing_from_sdist:
        raise BuildError(
            "the sdist would lack files the wheel has (%s): "
            "give them format = [\"sdist\", \"wheel\"]"
            % ", ".join(missing_from_sdist)
        )
    epoch = build_epoch(project, sdist_files)
    out.mkdir(parents=True, exist_ok=True)
    return [
        build_wheel(project, wheel_files, epoch, out),
        build_sdist(project, sdist_files, epoch, out),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, help="output folder (default: dist/ in the project folder)"
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=DEFAULT_PROJECT,
        help="the package's project folder, with pyproject.toml (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    project_root = args.project.resolve()
    out = (args.out or project_root / "dist").resolve()
    try:
        paths = build(project_root, out)
    except BuildError as error:
        print("%s: %s" % (PROG, error), file=sys.stderr)
        return 1
    for path in paths:
        print("%s: wrote %s (%d bytes)" % (PROG, path, path.stat().st_size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
