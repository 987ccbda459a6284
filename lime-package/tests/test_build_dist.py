"""scripts/build_dist.py: the wheel and sdist hold the frontend and translations, and install."""

import base64
import configparser
import csv
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import unittest
import zipfile
from email.parser import Parser
from pathlib import Path

import limepkg_userlike_relay
from tests.support import (
    DISTRIBUTION,
    ESM_RELATIVE,
    LANGUAGES,
    MODULE,
    NAMESPACE,
    build_dist,
    copy_project,
    require_built_frontend,
    run,
)

VERSION = limepkg_userlike_relay.__version__
STEM = "%s-%s" % (MODULE, VERSION)  # the normalized name of both files
WHEEL = STEM + "-py3-none-any.whl"
SDIST = STEM + ".tar.gz"
DIST_INFO = STEM + ".dist-info"
PACKAGE_FILES = [
    MODULE + "/__init__.py",
    MODULE + "/web_components/__init__.py",
    ESM_RELATIVE,
] + ["%s/translations/%s.po" % (MODULE, language) for language in LANGUAGES]

# Imports the package from `sys.argv[1]` only and prints what Lime would get from it.
PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from importlib.metadata import entry_points, version
plugins = [e for e in entry_points(group="lime_plugins") if e.name == %r]
module = plugins[0].load()
print(json.dumps({
    "plugins": len(plugins),
    "file": module.__file__,
    "version": version(%r),
    "static": module.register_static_content(),
}))
""" % (
    DISTRIBUTION,
    DISTRIBUTION,
)


class BuiltDistributionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = Path(cls.tmp.name) / "out"
        cls.result = build_dist(cls.out)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        require_built_frontend(self)
        self.assertEqual(self.result.returncode, 0, self.result.stderr)

    def wheel(self):
        return zipfile.ZipFile(str(self.out / WHEEL))

    def test_writes_exactly_a_wheel_and_an_sdist(self):
        self.assertEqual(sorted(p.name for p in self.out.iterdir()), sorted([WHEEL, SDIST]))
        self.assertIn(WHEEL, self.result.stdout)
        self.assertIn(SDIST, self.result.stdout)

    def test_the_wheel_holds_the_package_frontend_and_translations_only(self):
        with self.wheel() as wheel:
            names = wheel.namelist()
        for name in PACKAGE_FILES:
            self.assertIn(name, names)
        for name in names:
            # Nothing outside its own folders, so it installs beside limepkg-userlike.
            self.assertTrue(
                name.startswith(MODULE + "/") or name.startswith(DIST_INFO + "/"), name
            )
            self.assertNotIn("__pycache__", name)
            self.assertFalse(name.endswith(".pyc"), name)
        self.assertEqual(len(names), len(set(names)))

    def test_the_wheel_metadata(self):
        with self.wheel() as wheel:
            metadata = Parser().parsestr(wheel.read(DIST_INFO + "/METADATA").decode("utf-8"))
            tags = Parser().parsestr(wheel.read(DIST_INFO + "/WHEEL").decode("utf-8"))
            entry_points = configparser.ConfigParser(delimiters=("=",))
            entry_points.optionxform = str
            entry_points.read_string(wheel.read(DIST_INFO + "/entry_points.txt").decode("utf-8"))
        self.assertEqual(metadata["Metadata-Version"], "2.1")
        self.assertEqual(metadata["Name"], DISTRIBUTION)
        self.assertEqual(metadata["Version"], VERSION)
        self.assertEqual(metadata["Requires-Python"], ">=3.7")
        self.assertIn("Lime", metadata["Summary"])
        self.assertTrue(metadata.get_payload().startswith("# "), "the README is the description")
        self.assertEqual(tags["Wheel-Version"], "1.0")
        self.assertEqual(tags["Root-Is-Purelib"], "true")
        self.assertEqual(tags.get_all("Tag"), ["py3-none-any"])
        self.assertEqual(entry_points.sections(), ["lime_plugins"])
        self.assertEqual(dict(entry_points["lime_plugins"]), {DISTRIBUTION: MODULE})

    def test_the_wheel_record_lists_every_file_with_its_hash_and_size(self):
        with self.wheel() as wheel:
            rows = list(csv.reader(io.StringIO(wheel.read(DIST_INFO + "/RECORD").decode("utf-8"))))
            self.assertEqual(
                sorted(row[0] for row in rows), sorted(wheel.namelist()), "RECORD lists every file"
            )
            for path, digest, size in rows:
                if path == DIST_INFO + "/RECORD":
                    self.assertEqual((digest, size), ("", ""))
                    continue
                data = wheel.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
                self.assertEqual(digest, "sha256=" + expected.decode("ascii"), path)
                self.assertEqual(int(size), len(data), path)

    def test_the_sdist_holds_pkg_info_pyproject_readme_frontend_and_translations(self):
        with tarfile.open(str(self.out / SDIST)) as sdist:
            names = sdist.getnames()
            for name in names:
                self.assertTrue(name.startswith(STEM + "/"), name)
                self.assertFalse(sdist.getmember(name).issym(), name)
            pkg_info = sdist.extractfile(STEM + "/PKG-INFO").read()
        for name in ["PKG-INFO", "pyproject.toml", "README.md"] + PACKAGE_FILES:
            self.assertIn(STEM + "/" + name, names)
        with self.wheel() as wheel:
            self.assertEqual(pkg_info, wheel.read(DIST_INFO + "/METADATA"))

    def probe(self, site):
        result = run([sys.executable, "-I", "-c", PROBE, site], cwd=str(site))
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def assert_installed_in(self, site, found):
        site = os.path.realpath(str(site))
        self.assertEqual(found["plugins"], 1, "one lime_plugins entry point")
        self.assertEqual(found["version"], VERSION)
        self.assertTrue(os.path.realpath(found["file"]).startswith(site + os.sep), found["file"])
        [[route, path]] = found["static"]
        self.assertEqual(route, "lwc-components-" + VERSION)
        self.assertTrue(os.path.realpath(path).startswith(site + os.sep), path)
        self.assertTrue(os.path.isfile(os.path.join(path, NAMESPACE, NAMESPACE + ".esm.js")))

    def test_the_unpacked_wheel_is_found_as_a_lime_plugin_and_serves_its_frontend(self):
        with tempfile.TemporaryDirectory() as site:
            with self.wheel() as wheel:
                wheel.extractall(site)
            self.assert_installed_in(site, self.probe(site))

    def test_pip_installs_the_wheel(self):
        if run([sys.executable, "-m", "pip", "--version"]).returncode != 0:
            self.skipTest("pip is not available to this Python")
        with tempfile.TemporaryDirectory() as site:
            pip = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check"]
            offline = ["--no-index", "--no-deps", "--no-compile", "--target", site]
            result = run(pip + offline + [self.out / WHEEL])
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assert_installed_in(site, self.probe(site))


class BuildRefusalsTest(unittest.TestCase):
    def setUp(self):
        require_built_frontend(self)
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.root = Path(self.tmp.name)

    def assert_refused(self, project, *phrases):
        out = self.root / "out"
        result = build_dist(out, project=project)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        for phrase in phrases:
            self.assertIn(phrase, result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        self.assertFalse(out.exists() and any(out.iterdir()), "nothing is written")

    def test_refuses_without_the_built_frontend(self):
        project = copy_project(self.root / "project", frontend=False)
        self.assert_refused(
            project, "the frontend is not built", "npm run build", NAMESPACE + ".esm.js"
        )

    def test_refuses_without_a_translation(self):
        project = copy_project(self.root / "project")
        (project / MODULE / "translations" / "sv.po").unlink()
        self.assert_refused(project, "a translation is missing", "sv.po")

    @unittest.skipUnless(shutil.which("git"), "git is not installed")
    def test_refuses_when_pyproject_leaves_the_git_ignored_frontend_out(self):
        # As Poetry does, the builder drops git-ignored files unless `include` names them.
        project = copy_project(self.root / "project")
        result = run(["git", "init", "-q", project])
        self.assertEqual(result.returncode, 0, result.stderr)
        pyproject = project / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
        line = '    { path = "%s/frontend/dist/**/*", format = ["sdist", "wheel"] },\n' % MODULE
        self.assertIn(line, text)
        pyproject.write_text(text.replace(line, ""), encoding="utf-8")
        self.assert_refused(project, "does not put it into the wheel", ESM_RELATIVE)

    def test_builds_are_reproducible(self):
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        first, second = self.root / "first", self.root / "second"
        for out in (first, second):
            result = build_dist(out, env=env)
            self.assertEqual(result.returncode, 0, result.stderr)
        for name in (WHEEL, SDIST):
            self.assertEqual((first / name).read_bytes(), (second / name).read_bytes(), name)


if __name__ == "__main__":
    unittest.main()
