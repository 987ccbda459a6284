"""The strict .po reader the translation tests rely on: what it accepts and what it refuses."""

import unittest

from tests.support import PoError, parse_po

HEADER = 'msgid ""\nmsgstr ""\n"Language: sv\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


class PoReaderTest(unittest.TestCase):
    def test_reads_header_entries_continuations_escapes_and_flags(self):
        catalog = parse_po(
            "# a translator comment\n"
            + HEADER
            + "#: src/a.ts:1\n"
            + "#, python-brace-format\n"
            + 'msgid "limepkg_userlike_relay.a.one"\n'
            + 'msgstr ""\n'
            + '"Hej {name}, "\n'
            + '"\\"citat\\" \\\\ tab\\there\\n"\n'
            + 'msgid "limepkg_userlike_relay.a.two"\n'
            + 'msgstr "två"\n'
        )
        self.assertEqual(
            catalog.header, {"Language": "sv", "Content-Type": "text/plain; charset=UTF-8"}
        )
        self.assertEqual(
            catalog.messages,
            {
                "limepkg_userlike_relay.a.one": 'Hej {name}, "citat" \\ tab\there\n',
                "limepkg_userlike_relay.a.two": "två",
            },
        )
        self.assertEqual(catalog.entries[0].flags, ["python-brace-format"])
        self.assertEqual(catalog.entries[0].line, 9)
        self.assertEqual(catalog.entries[1].flags, [])

    def test_refuses_malformed_files_with_the_line(self):
        cases = {
            "duplicate msgid": (
                HEADER + 'msgid "k.a"\nmsgstr "1"\n\nmsgid "k.a"\nmsgstr "2"\n',
                "duplicate msgid 'k.a' (first on line 6)",
            ),
            "msgid without msgstr": (
                HEADER + 'msgid "k.a"\n\nmsgid "k.b"\nmsgstr "b"\n',
                "has no msgstr",
            ),
            "msgstr without msgid": (HEADER + 'msgstr "b"\n', "msgstr without msgid"),
            "second msgstr": (HEADER + 'msgid "k.a"\nmsgstr "a"\nmsgstr "b"\n', "second msgstr"),
            "comment inside an entry": (
                HEADER + 'msgid "k.a"\n# note\nmsgstr "a"\n',
                "comment between msgid and msgstr",
            ),
            "msgctxt": (
                HEADER + 'msgctxt "c"\nmsgid "k.a"\nmsgstr "a"\n',
                "msgctxt is not supported",
            ),
            "plural": (
                HEADER + 'msgid "k.a"\nmsgid_plural "k.as"\nmsgstr[0] "a"\n',
                "msgid_plural is not supported",
            ),
            "obsolete entry": (HEADER + '#~ msgid "k.a"\n#~ msgstr "a"\n', "obsolete entry"),
            "unknown escape": (HEADER + 'msgid "k.a"\nmsgstr "a\\x41"\n', "unsupported escape"),
            "unescaped quote": (HEADER + 'msgid "k.a"\nmsgstr "a"b"\n', "unescaped double quote"),
            "unquoted string": (HEADER + "msgid k.a\nmsgstr \"a\"\n", "expected a string"),
            "trailing text": (HEADER + 'msgid "k.a" x\nmsgstr "a"\n', "expected a string"),
            "stray continuation": (HEADER + '"a"\n', "string continuation without"),
            "unknown keyword": (HEADER + 'msgidx "k.a"\n', "unexpected line"),
            "no header": ('msgid "k.a"\nmsgstr "a"\n', "no header"),
            "header not first": ('msgid "k.a"\nmsgstr "a"\n\n' + HEADER, "must be the first entry"),
            "fuzzy header": ("#, fuzzy\n" + HEADER, "header is marked fuzzy"),
            "malformed header field": ('msgid ""\nmsgstr "no colon\\n"\n', "is not 'Name: value'"),
            "flags without entry": (HEADER + "#, fuzzy\n", "flags without an entry"),
        }
        for name, (text, message) in cases.items():
            with self.subTest(name):
                with self.assertRaises(PoError) as caught:
                    parse_po(text, "x.po")
                self.assertIn(message, str(caught.exception))
                self.assertRegex(str(caught.exception), r"^x\.po:\d+: ")


if __name__ == "__main__":
    unittest.main()
