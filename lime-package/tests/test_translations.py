"""The package's translations: well-formed, complete for the built frontend, consistent."""

import shutil
import unittest

from tests.support import (
    KEY_PATTERN,
    KEY_PREFIX,
    LANGUAGES,
    TRANSLATIONS_DIR,
    frontend_keys,
    placeholders,
    read_po,
    require_built_frontend,
    run,
)


def po_files():
    return sorted(TRANSLATIONS_DIR.glob("*.po"))


class TranslationFilesTest(unittest.TestCase):
    def test_every_language_ships_a_file(self):
        present = {path.stem for path in po_files()}
        for language in LANGUAGES:
            self.assertIn(language, present, "missing %s/%s.po" % (TRANSLATIONS_DIR, language))

    def test_each_file_is_a_strict_po_file_with_a_utf8_header(self):
        for path in po_files():
            with self.subTest(path.name):
                catalog = read_po(path)
                self.assertEqual(
                    catalog.header.get("Content-Type"),
                    "text/plain; charset=UTF-8",
                    "%s: the header must declare Content-Type: text/plain; charset=UTF-8" % path,
                )
                self.assertEqual(
                    catalog.header.get("Language"),
                    path.stem,
                    "%s: the header's Language must be the file's language" % path,
                )

    def test_every_entry_is_a_translated_package_key(self):
        for path in po_files():
            catalog = read_po(path)
            for entry in catalog.entries:
                with self.subTest(file=path.name, msgid=entry.msgid):
                    where = "%s:%d" % (path.name, entry.line)
                    self.assertTrue(
                        KEY_PATTERN.fullmatch(entry.msgid),
                        "%s: %r is not a key %s<area>.<key>" % (where, entry.msgid, KEY_PREFIX),
                    )
                    self.assertNotEqual(entry.msgstr.strip(), "", "%s: empty msgstr" % where)
                    self.assertNotIn(
                        "fuzzy", entry.flags, "%s: fuzzy (msgfmt drops it; review it)" % where
                    )

    def test_placeholders_of_every_language_equal_english(self):
        english = read_po(TRANSLATIONS_DIR / "en.po").messages
        for path in po_files():
            messages = read_po(path).messages
            for key in sorted(set(messages) & set(english)):
                with self.subTest(file=path.name, key=key):
                    self.assertEqual(
                        placeholders(messages[key]),
                        placeholders(english[key]),
                        "%s: %s has placeholders %s, English %s"
                        % (
                            path.name,
                            key,
                            sorted(placeholders(messages[key])),
                            sorted(placeholders(english[key])),
                        ),
                    )

    @unittest.skipUnless(shutil.which("msgfmt"), "gettext's msgfmt is not installed")
    def test_msgfmt_accepts_each_file_without_warnings(self):
        for path in po_files():
            with self.subTest(path.name):
                result = run(["msgfmt", "--check-format", "-c", "-o", "/dev/null", path])
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stderr, "", "msgfmt warns about %s" % path)


class FrontendKeysTest(unittest.TestCase):
    """Every file holds exactly the keys the built frontend names."""

    def setUp(self):
        require_built_frontend(self)
        self.used = frontend_keys()

    def test_the_frontend_names_keys(self):
        self.assertTrue(
            self.used,
            "no limepkg_userlike_relay.* string literal in the built frontend: its texts must come "
            "from the translate service with package-prefixed keys",
        )

    def test_each_file_holds_every_key_the_frontend_uses_and_no_other(self):
        for path in po_files():
            with self.subTest(path.name):
                keys = set(read_po(path).messages)
                missing = sorted(set(self.used) - keys)
                unused = sorted(keys - set(self.used))
                self.assertEqual(
                    missing,
                    [],
                    "%s lacks keys the frontend uses: %s"
                    % (path.name, ", ".join("%s (in %s)" % (k, self.used[k][0]) for k in missing)),
                )
                self.assertEqual(
                    unused, [], "%s has keys the frontend does not use: %s" % (path.name, unused)
                )


if __name__ == "__main__":
    unittest.main()
