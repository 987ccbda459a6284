"""The package module as Lime calls it: static content, web components, configuration, version."""

import ast
import os
import sys
import unittest
from unittest import mock

import limepkg_userlike_relay
from limepkg_userlike_relay import web_components
from tests.support import (
    DIST_DIR,
    DISTRIBUTION,
    ESM,
    MODULE,
    MODULE_DIR,
    NAMESPACE,
    PROJECT,
    require_built_frontend,
)


def pyproject():
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib
    with open(str(PROJECT / "pyproject.toml"), "rb") as f:
        return tomllib.load(f)


class StaticContentTest(unittest.TestCase):
    def test_registers_the_built_frontend_under_a_versioned_route(self):
        require_built_frontend(self)
        content = limepkg_userlike_relay.register_static_content()
        self.assertEqual(len(content), 1, content)
        route, path = content[0]
        self.assertEqual(route, "lwc-components-" + limepkg_userlike_relay.__version__)
        self.assertTrue(os.path.isabs(path), path)
        self.assertEqual(os.path.realpath(path), os.path.realpath(str(DIST_DIR)))
        self.assertTrue(
            os.path.isfile(os.path.join(path, NAMESPACE, NAMESPACE + ".esm.js")),
            "%s lacks %s/%s.esm.js" % (path, NAMESPACE, NAMESPACE),
        )

    def test_the_package_function_delegates_to_web_components(self):
        self.assertEqual(
            limepkg_userlike_relay.register_static_content(),
            web_components.register_static_content(),
        )

    def test_warns_when_the_frontend_is_not_built(self):
        # The web client would get an empty folder: say so in Lime's log.
        entry = web_components.frontend_entry_path()
        self.assertEqual(os.path.realpath(entry), os.path.realpath(str(ESM)))
        absent = mock.patch.object(
            web_components, "frontend_entry_path", return_value=entry + ".absent"
        )
        with absent, self.assertLogs(web_components.logger, "WARNING") as logs:
            web_components.register_static_content()
        self.assertIn("the frontend is not built", logs.output[0])

    def test_register_web_components_is_kept_and_empty(self):
        self.assertEqual(limepkg_userlike_relay.register_web_components(), [])


class PackageTest(unittest.TestCase):
    def test_default_config(self):
        self.assertEqual(
            limepkg_userlike_relay.default_config(),
            {
                "conversationLimetype": "ulconversation",
                "relationName": "ulconversation",
                "userlikeBaseUrl": "https://userlike.com/en/umc#/conversation/",
                "conversationRelations": {},
            },
        )

    def test_version_matches_pyproject(self):
        poetry = pyproject()["tool"]["poetry"]
        self.assertEqual(poetry["name"], DISTRIBUTION)
        self.assertEqual(limepkg_userlike_relay.__version__, poetry["version"])

    def test_pyproject_registers_the_lime_plugin(self):
        data = pyproject()
        self.assertEqual(
            data["tool"]["poetry"]["plugins"]["lime_plugins"], {DISTRIBUTION: MODULE}
        )
        self.assertEqual(data["tool"]["lime"]["project"]["project_type"], "package")

    def test_source_is_python_3_7_and_standard_library_only(self):
        stdlib = getattr(sys, "stdlib_module_names", None)
        for path in sorted(MODULE_DIR.rglob("*.py")):
            with self.subTest(path.relative_to(PROJECT).as_posix()):
                source = path.read_text(encoding="utf-8")
                tree = ast.parse(source, str(path), feature_version=(3, 7))
                if stdlib is None:
                    continue
                for node in ast.walk(tree):
                    if isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    elif isinstance(node, ast.ImportFrom) and node.level == 0:
                        names = [node.module]
                    else:
                        continue
                    for name in names:
                        self.assertIn(
                            name.split(".")[0], stdlib, "%s imports %s" % (path.name, name)
                        )


if __name__ == "__main__":
    unittest.main()
